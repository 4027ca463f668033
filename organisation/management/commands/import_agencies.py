from django.core.management.base import BaseCommand, CommandError

from organisation.agency_import import import_agencies
from spreadsheets.xlsx import SheetError


class Command(BaseCommand):
    help = (
        "从 Excel（.xlsx）导入机关名录：按统一社会信用代码新增或更新机关；"
        "任何一行有错误时不写入任何数据，并列出全部问题（可重复运行）"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="机关名录 .xlsx 文件")
        parser.add_argument(
            "--dry-run", action="store_true", help="只校验并显示将要发生的变化，不写入数据库"
        )

    def handle(self, *args, file, dry_run, **options):
        try:
            plan = import_agencies(file, dry_run=dry_run, progress=self.stdout.write)
        except FileNotFoundError:
            raise CommandError(f"找不到文件：{file}") from None
        except SheetError as error:
            raise CommandError(str(error)) from None
        if not plan.ok:
            for problem in plan.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"共发现 {len(plan.problems)} 个问题，未导入任何数据。")
        changed = plan.new + plan.updated
        # A first import of thousands of agencies would bury the summary: list rows on demand.
        if options["verbosity"] >= 2 or len(changed) <= 50:
            for row in plan.new:
                self.stdout.write(f"  新增 第{row.number}行 {row.name}")
            for row in plan.updated:
                changes = "；".join(
                    f"{column}：{old or '（空）'} → {new or '（空）'}"
                    for column, old, new in row.changes
                )
                self.stdout.write(f"  更新 第{row.number}行 {row.name}（{changes}）")
        elif changed:
            self.stdout.write(f"  （共 {len(changed)} 行有变化，加 -v 2 逐行列出）")
        summary = (
            f"新增 {len(plan.new)} 个，更新 {len(plan.updated)} 个，未变 {len(plan.unchanged)} 个"
        )
        if dry_run:
            self.stdout.write(self.style.WARNING(f"试运行（--dry-run），未写入数据：{summary}"))
        else:
            self.stdout.write(self.style.SUCCESS(f"导入完成：{summary}"))
