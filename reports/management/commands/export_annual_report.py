from django.core.management.base import BaseCommand, CommandError

from organisation.models import Agency
from reports.build import build_report
from reports.models import FIRST_YEAR
from reports.workbook import report_workbook
from spreadsheets.xlsx import workbook_bytes


class Command(BaseCommand):
    help = (
        "导出政府信息公开工作年度报告的表格（二、三、四，2021年格式）为 XLSX；"
        "数据不能通过校验时不写文件，列出未通过的校验并以非零状态退出"
    )

    def add_arguments(self, parser):
        parser.add_argument("--agency", required=True, help="机关的统一社会信用代码或名称")
        parser.add_argument("--year", type=int, required=True, help="报告年度，如 2025")
        parser.add_argument(
            "--with-subordinates", action="store_true", help="合计本机关及其全部下级机关"
        )
        parser.add_argument("--output", required=True, help="要写入的 .xlsx 文件")

    def handle(self, *args, agency, year, with_subordinates, output, **options):
        found = Agency.objects.filter(credit_code=agency).first() or (
            Agency.objects.filter(name=agency).first()
        )
        if found is None:
            raise CommandError(f"没有统一社会信用代码或名称为「{agency}」的机关")
        if not FIRST_YEAR <= year <= 9999:
            raise CommandError(f"年度应在 {FIRST_YEAR} 年以后，而不是 {year}")
        built = build_report(found, year, with_subordinates)
        for result in built.results:
            if result.passed:
                verdict = "通过"
            elif result.override:
                verdict = f"未通过，已确认（{result.override.reason}）"
            else:
                verdict = "未通过"
            self.stdout.write(f"{result.title}：{verdict}。{result.explanation}")
        if built.blocking:
            names = "、".join(result.title for result in built.blocking)
            raise CommandError(
                f"{built.scope.label()}{year}年度报告未通过校验（{names}），未写入 {output}"
            )
        with open(output, "wb") as file:
            file.write(workbook_bytes(report_workbook(built)))
        self.stdout.write(
            self.style.SUCCESS(f"已导出{built.scope.label()}{year}年度报告表格到 {output}")
        )
