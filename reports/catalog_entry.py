"""A published annual report's entry in the catalog's 政府信息公开年报 directory (docs/catalog.md).

The first publication creates the report's `Item` and publishes it; a correction (revision n+1)
corrects the same item; withdrawing the report withdraws it. Each step is the catalog's own
(`catalog.workflow.ItemWorkflow`: 索引号, log, version, timeliness, public content), taken with
`approved_elsewhere=True`: the 公开办 or 负责人 who publishes a report is not a 审核人 of the
catalog, and the report itself is what they approved (reports/publishing.py checks who acts).
Called inside the transaction of `AnnualReport.publish()` / `.withdraw()`.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from catalog.models import Channel, Directory, Item

DIRECTORY = "政府信息公开年报"
CHANNEL = "政府网站"


def directory():
    """The root directory 政府信息公开年报 of the default tree (made if staff removed it)."""
    found = Directory.objects.filter(parent=None, name=DIRECTORY).first()
    return found or Directory.objects.create(name=DIRECTORY)


def title(report):
    scope = "（含下级机关）" if report.with_subordinates else ""
    return f"{report.agency.name}{report.year}年政府信息公开工作年度报告{scope}"


def public_url(report, number=None):
    """The public page of `report` (its newest revision), or of revision `number`."""
    code, year = report.agency.credit_code, report.year
    name = "reports:public_all" if report.with_subordinates else "reports:public"
    if number is not None:
        return reverse(name + "_revision", args=[code, year, number])
    return reverse(name, args=[code, year])


def _describe(item, report, number, note):
    url = public_url(report)
    item.title = title(report)
    item.summary = f"按2021年国家格式编制，第{number}版。" + (f"更正说明：{note}" if note else "")
    item.body = format_html(
        "<p>{}，按《中华人民共和国政府信息公开年度报告格式》（2021年）编制，"
        "包括总体情况、主动公开、依申请公开、行政复议和行政诉讼、存在的主要问题及改进情况、"
        "其他需要报告的事项六个部分。</p>"
        '<p>全文（含统计表格和图表）：<a href="{}">{}</a></p>'
        '<p>统计表格：<a href="{}">下载 Excel 表格</a></p>',
        title(report),
        url,
        title(report),
        url + "xlsx/",
    )


def publish(report, number, user, note, previous):
    """Publish (first time, or after a withdrawal) or correct the report's catalog item."""
    item = previous.item if previous is not None else None
    if item is not None and item.is_published:
        _describe(item, report, number, note)
        item.correct(user, f"年度报告第{number}版：{note}", approved_elsewhere=True)
        return item
    item = Item(
        agency=report.agency,
        directory=directory(),
        written_on=timezone.localdate(timezone.now()),  # the day of publication (发布日期)
        genre=Item.Genre.REPORT,
        mode=Item.Mode.PROACTIVE,
        subject="综合政务\\政务公开",
        keywords="政府信息公开 年度报告",
        # Ready for review from the start: publishing the report is its review.
        status=Item.Status.PENDING,
        created_by=user,
    )
    _describe(item, report, number, note)
    item.save()
    item.channels.set(Channel.objects.filter(name=CHANNEL))
    item.publish(user, approved_elsewhere=True)
    return item


def withdraw(item, user, reason):
    item.withdraw(user, reason, approved_elsewhere=True)
    return item
