from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from catalog import demo as catalog_demo
from reports.demo import seed_reports
from reports.demo_published import seed_published_report
from requests_app.demo import seed_requests
from requests_app.routing_demo import seed_routing


class Command(BaseCommand):
    help = "创建演示数据：一个县的机关、各角色的演示账号及各功能所需的样例数据（可重复运行）"

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="在 DEBUG 关闭时也写入演示数据（演示账号的密码是公开的，切勿用于正式环境）",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError(
                "演示数据含有公开的密码，只应在开发环境（DEBUG=1）中创建；确需创建请加 --allow-production"
            )
        # Each app seeds its own part, in the order the apps depend on each other.
        catalog_demo.seed(progress=self.stdout.write)
        seed_requests(progress=self.stdout.write)
        seed_routing(progress=self.stdout.write)
        seed_reports(progress=self.stdout.write)
        seed_published_report(progress=self.stdout.write)
        self.stdout.write(self.style.SUCCESS("演示数据已就绪。"))
