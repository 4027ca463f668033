from django.core.management.base import BaseCommand
from django.utils import timezone

from requests_app import digest, notices


class Command(BaseCommand):
    help = (
        "发送每日提醒：每人一封，列出即将到期、已超期、待签收、待批准延期和督办的申请；"
        "同一天重复运行不会重复发送。同时重发未发送成功的申请人通知。"
    )

    def handle(self, *args, **options):
        sent, skipped = digest.send_digests(timezone.localdate())
        self.stdout.write(f"每日提醒：发送 {sent} 封，跳过 {skipped} 人（已发送或无待办事项）。")
        sent, failed = notices.retry_failed()
        self.stdout.write(f"申请人通知：重发成功 {sent} 条，仍失败 {failed} 条。")
