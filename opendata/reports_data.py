"""Published annual reports as data: the frozen numbers of a revision, with their labels."""

from django.urls import reverse
from rest_framework import serializers

from reports import layout
from reports import tables as t
from reports.catalog_entry import public_url, title

from .statistics_views import page_url

PAGE_SIZE = 100


class ReportSummarySerializer(serializers.Serializer):
    title = serializers.CharField(help_text="报告名称")
    agency = serializers.CharField(help_text="机关的统一社会信用代码")
    year = serializers.IntegerField(help_text="年度")
    with_subordinates = serializers.BooleanField(help_text="是否含下级机关（汇总报告）")
    url = serializers.URLField(help_text="报告页面")
    api_url = serializers.URLField(help_text="报告数据的接口地址")
    statistics_url = serializers.URLField(help_text="同一机关、年度和范围的公开统计页面（按月）")


class ReportDetailSerializer(ReportSummarySerializer):
    revision = serializers.IntegerField(help_text="版本号（更正后递增）")
    published_at = serializers.DateTimeField(help_text="本版本的发布时间")
    withdrawn = serializers.BooleanField(help_text="是否已撤回")
    xlsx_url = serializers.URLField(help_text="报告的 XLSX 下载")
    section2 = serializers.DictField(help_text="二、主动公开政府信息情况（数字）")
    section3 = serializers.DictField(help_text="三、收到和处理政府信息公开申请情况：行 → 列 → 数量")
    section4 = serializers.DictField(help_text="四、行政复议、行政诉讼情况：类别 → 结果 → 数量")
    section4_basis = serializers.CharField(
        help_text="第四部分的统计口径（是否计入以前年度立案、本年审结的案件），与报告上注明的一致"
    )
    labels = serializers.DictField(help_text="各部分行、列代码的中文名称")


def api_url(report):
    name = "opendata:report_all" if report.with_subordinates else "opendata:report"
    return reverse(name, args=[report.agency.credit_code, report.year])


def summary(report, request):
    return {
        "title": title(report),
        "agency": report.agency.credit_code,
        "year": report.year,
        "with_subordinates": report.with_subordinates,
        "url": request.build_absolute_uri(public_url(report)),
        "api_url": request.build_absolute_uri(api_url(report)),
        # The same year and scope as the report page's link (templates/reports/public/report.html).
        "statistics_url": request.build_absolute_uri(
            page_url(report.agency, report.year, report.with_subordinates)
        ),
    }


def summaries(reports, request):
    return [summary(report, request) for report in reports]


def labels():
    return {
        "section3_rows": {row: layout.row_label(row) for row in t.ROWS},
        "section3_columns": dict(layout.COLUMN_LABELS),
        "section4_kinds": {str(kind): label for kind, label in layout.CASE_KIND_LABELS.items()},
        "section4_columns": {str(k): v for k, v in layout.CASE_COLUMN_LABELS.items()},
    }


def detail(revision, data, request):
    report = revision.report
    numbers = data.to_json()
    xlsx = "reports:public_all_xlsx" if report.with_subordinates else "reports:public_xlsx"
    return {
        **summary(report, request),
        "revision": revision.number,
        "published_at": revision.published_at.isoformat(),
        "withdrawn": revision.is_withdrawn,
        "xlsx_url": request.build_absolute_uri(
            reverse(xlsx, args=[report.agency.credit_code, report.year])
        ),
        "section2": numbers["section2"],
        "section3": numbers["section3"],
        "section4": numbers["section4"],
        "section4_basis": layout.CASES_NOTE[data.cases_filed_earlier],
        "labels": labels(),
    }
