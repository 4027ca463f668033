from django.core.management.base import BaseCommand, CommandError

from requests_app.ledger import import_ledger
from spreadsheets.xlsx import SheetError


class Command(BaseCommand):
    help = "导入依申请公开台账（XLSX，列见 docs/spreadsheets.md §2）：有任何错误则不导入，并列出全部问题"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="只检查，不写入")

    def handle(self, *args, file, dry_run, **options):
        def progress(done, total):
            self.stdout.write(f"  已写入 {done}/{total} 行")

        try:
            plan = import_ledger(file, dry_run=dry_run, progress=progress)
        except (SheetError, OSError) as error:
            raise CommandError(str(error)) from error
        if not plan.ok:
            for problem in plan.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"台账有 {len(plan.problems)} 处问题，未导入任何数据。")
        for number, request, _values, changes in plan.rows:
            if request is not None:  # what changes, by column (values stay out of the output)
                columns = "、".join(column for column, _old, _new in changes)
                self.stdout.write(f"  第{number}行（{request.number}）：更新{columns}")
        verb = "将" if dry_run else "已"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb}新建 {plan.created} 件、{verb}更新 {plan.updated} 件，{plan.unchanged} 件无变化。"
            )
        )
