from django.core.management.base import BaseCommand, CommandError

from organisation.models import Agency
from requests_app.ledger import export_workbook
from requests_app.models import Request
from spreadsheets.xlsx import workbook_bytes


class Command(BaseCommand):
    help = "导出依申请公开台账（XLSX），含答复期限与办理状态"

    def add_arguments(self, parser):
        parser.add_argument("--agency", required=True, help="机关的统一社会信用代码或名称")
        parser.add_argument("--year", type=int, help="只导出收到日期在该年的申请")
        parser.add_argument("--output", required=True)

    def handle(self, *args, agency, year, output, **options):
        found = Agency.objects.filter(credit_code=agency).first() or (
            Agency.objects.filter(name=agency).first()
        )
        if found is None:
            raise CommandError(f"没有统一社会信用代码或名称为「{agency}」的机关")
        requests = Request.objects.filter(agency=found).with_clock().order_by("received_on", "id")
        if year:
            requests = requests.filter(received_on__year=year)
        with open(output, "wb") as file:
            file.write(workbook_bytes(export_workbook(requests)))
        self.stdout.write(self.style.SUCCESS(f"已导出 {requests.count()} 件申请到 {output}"))
