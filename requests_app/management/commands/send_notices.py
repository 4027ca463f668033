from django.core.management.base import BaseCommand

from requests_app import notices


class Command(BaseCommand):
    help = "重新发送未发送成功的申请人通知（每条最多发送5次）"

    def handle(self, *args, **options):
        sent, failed = notices.retry_failed()
        self.stdout.write(f"已发送 {sent} 条，仍失败 {failed} 条。")
