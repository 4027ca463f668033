from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from catalog.item_import import import_items
from organisation.models import Agency
from spreadsheets.xlsx import SheetError


class Command(BaseCommand):
    help = (
        "从 Excel（.xlsx）导入原平台已发布的政府信息：按机关+索引号（无索引号时按机关+名称+文号+成文日期）"
        "识别，已有的跳过；任何一行有错误时不写入任何数据，并列出全部问题（可重复运行）"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="政府信息 .xlsx 文件（或本门户下载的 .csv 文件）")
        parser.add_argument(
            "--agency",
            action="append",
            default=[],
            metavar="CODE",
            help="只允许导入这些机关（统一社会信用代码，可重复）；默认全部机关",
        )
        parser.add_argument("--user", help="记为导入人的用户名（写入版本记录）")
        parser.add_argument(
            "--dry-run", action="store_true", help="只校验并显示将要发生的变化，不写入数据库"
        )

    def handle(self, *args, file, agency, user, dry_run, **options):
        agencies = Agency.objects.all()
        if agency:
            agencies = agencies.filter(credit_code__in=[code.upper() for code in agency])
            if agencies.count() != len(set(agency)):
                raise CommandError("--agency 中有不存在的统一社会信用代码")
        importer = None
        if user:
            importer = get_user_model().objects.filter(username=user).first()
            if importer is None:
                raise CommandError(f"找不到用户：{user}")
        try:
            plan = import_items(
                file, agencies, user=importer, dry_run=dry_run, progress=self.stdout.write
            )
        except FileNotFoundError:
            raise CommandError(f"找不到文件：{file}") from None
        except SheetError as error:
            raise CommandError(str(error)) from None
        if not plan.ok:
            for problem in plan.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"共发现 {len(plan.problems)} 个问题，未导入任何数据。")
        if options["verbosity"] >= 2:
            for row in plan.new:
                self.stdout.write(f"  新增 第{row.number}行 {row.title}")
        summary = f"新增 {len(plan.new)} 条，已存在跳过 {len(plan.existing)} 条"
        if dry_run:
            self.stdout.write(self.style.WARNING(f"试运行（--dry-run），未写入数据：{summary}"))
        else:
            self.stdout.write(self.style.SUCCESS(f"导入完成：{summary}"))
