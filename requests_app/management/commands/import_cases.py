from django.core.management.base import BaseCommand, CommandError

from requests_app.case_import import import_cases
from spreadsheets.xlsx import SheetError


class Command(BaseCommand):
    help = "导入行政复议、行政诉讼案件（XLSX，列见 docs/spreadsheets.md §3）：有任何错误则不导入"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="只检查，不写入")

    def handle(self, *args, file, dry_run, **options):
        try:
            plan = import_cases(file, dry_run=dry_run)
        except (SheetError, OSError) as error:
            raise CommandError(str(error)) from error
        if not plan.ok:
            for problem in plan.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"文件有 {len(plan.problems)} 处问题，未导入任何数据。")
        verb = "将" if dry_run else "已"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb}新建 {plan.created} 件、{verb}更新 {plan.updated} 件，{plan.unchanged} 件无变化。"
            )
        )
