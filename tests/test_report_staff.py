"""The annual report pages of the staff workbench (/staff/reports/), through the test client."""

import re
from decimal import Decimal
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from reversion.models import Version

from reports.models import AnnualReport, CheckOverride
from tests.annual_report import (
    EXPECTED_2,
    EXPECTED_3,
    EXPECTED_3_WITH_OTHER,
    EXPECTED_4,
    EXPECTED_4_WITH_OTHER,
    LABELS_3,
    D,
    build_2025,
    request,
)
from tests.requesting import freeze_today

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(monkeypatch):
    return freeze_today(monkeypatch, "2026-01-20")


@pytest.fixture
def office(make_staff, county):
    return make_staff("gongkaiban", roles=["公开办"], agencies=[county])


@pytest.fixture
def head_a(make_staff, agency_a):
    return make_staff("fuzeren_a", roles=["负责人"], agencies=[agency_a])


def url(agency, year=2025, rest=""):
    return f"/staff/reports/{agency.pk}/{year}/{rest}"


def figures(html, table):
    """The figures of the n-th report table (2, 3 or 4) in document order, as ints."""
    block = re.search(rf'<table class="report-table report-table-{table}".*?</table>', html, re.S)
    return [
        unescape(value)
        for value in re.findall(r'<td class="num"[^>]*>([^<]*)</td>', block.group(0))
    ]


def main(html):
    return re.search(r"<main.*</main>", html, re.S).group(0)


def row_labels(html):
    block = re.search(r'<table class="report-table report-table-3".*?</table>', html, re.S).group(0)
    rows = re.findall(r"<tr>(.*?)</tr>", block, re.S)[3:]
    return [re.findall(r'<th scope="row"[^>]*>([^<]*)</th>', row) for row in rows]


def test_the_page_shows_every_cell_of_the_hand_counted_report(client, head_a, agency_a):
    build_2025(agency_a)
    AnnualReport.objects.create(agency=agency_a, year=2025, licences=7, fees=Decimal("1.5"))
    client.force_login(head_a)
    html = client.get(url(agency_a)).content.decode()
    assert figures(html, 3) == [str(v) for row in EXPECTED_3.values() for v in row]
    assert row_labels(html) == LABELS_3
    assert figures(html, 4) == [str(v) for v in EXPECTED_4]
    assert figures(html, 2) == [str(v) for v in EXPECTED_2["regulation"] + EXPECTED_2["normative"]] + [
        "7", "0", "0", "1.50",
    ]  # fmt: skip
    assert (
        'rowspan="3" colspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）'
        in html
    )
    assert '<th scope="row" class="label label-col-0" rowspan="22">三、本年度办理结果</th>' in html
    assert '<th scope="col" rowspan="2" colspan="5">行政复议</th>' in html
    assert "6项校验全部通过" in html
    for title in ("一、总体情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"):
        assert title in html


def test_the_office_sees_the_county_with_subordinates(client, office, county, agency_a, agency_b):
    build_2025(agency_a, agency_b)
    client.force_login(office)
    html = client.get(url(county, rest="all/")).content.decode()
    assert figures(html, 3) == [str(v) for row in EXPECTED_3_WITH_OTHER.values() for v in row]
    assert figures(html, 4) == [str(v) for v in EXPECTED_4_WITH_OTHER]
    assert "含下级机关合计" in html
    assert "仅供核对" not in html  # no report of the subtree has figures yet
    AnnualReport.objects.create(agency=agency_a, year=2025, licences=30, fees=Decimal("0.5"))
    AnnualReport.objects.create(agency=agency_b, year=2025, licences=12, fees=Decimal("0.25"))
    AnnualReport.objects.create(agency=agency_b, year=2024, licences=99)  # another year
    html = client.get(url(county, rest="all/")).content.decode()
    assert "（2 份）为行政许可 42，行政处罚 0，行政强制 0，行政事业性收费 0.75 万元" in html
    book = load_workbook(
        __import__("io").BytesIO(client.get(url(county, rest="all/xlsx/")).content)
    )
    assert book.sheetnames[1] == "三、收到和处理政府信息公开申请情况"
    three = book.worksheets[1]
    assert [[three.cell(r, c).value for c in range(4, 11)] for r in range(5, 30)] == list(
        EXPECTED_3_WITH_OTHER.values()
    )


def test_staff_of_another_agency_see_nothing(client, make_staff, agency_a, agency_b, head_a):
    build_2025(agency_a)
    head_b = make_staff("fuzeren_b", roles=["负责人"], agencies=[agency_b])
    client.force_login(head_b)
    for rest in ("", "xlsx/", "all/"):
        assert client.get(url(agency_a, rest=rest)).status_code == 404
    response = client.post(url(agency_a), {"licences": 1})
    assert response.status_code == 404 and not AnnualReport.objects.exists()
    listing = main(client.get("/staff/reports/").content.decode())
    assert agency_b.name in listing and agency_a.name not in listing
    # A department head cannot sum a subtree, even of their own agency.
    client.force_login(head_a)
    assert client.get(url(agency_a.parent, rest="all/")).status_code == 404


def test_roles_without_the_report_permission_are_refused(client, make_staff, agency_a):
    client.force_login(make_staff("banli", roles=["办理人", "信息员"], agencies=[agency_a]))
    assert client.get("/staff/reports/").status_code == 403
    assert client.get(url(agency_a)).status_code == 403
    client.logout()
    assert client.get(url(agency_a)).status_code == 302


def test_editing_figures_and_prose_is_validated_and_versioned(client, head_a, agency_a):
    client.force_login(head_a)
    page = client.get(url(agency_a)).content.decode()
    assert "2025年，舒城县财政局认真贯彻落实" in page  # the draft of 一
    assert "未收取政府信息公开信息处理费" in page  # the draft of 六
    bad = {"licences": "-1", "penalties": "x", "coercions": "", "fees": "0.123456"}
    response = client.post(url(agency_a), bad)
    html = response.content.decode()
    assert response.status_code == 400 and not AnnualReport.objects.exists()
    for message in ("不能为负数。", "请填写整数。", "请填写数量，没有请填0。", "最多保留四位小数"):
        assert message in html
    good = {
        "licences": "37", "penalties": "5", "coercions": "2", "fees": "0.12",
        "overview": "总体情况<script>alert(1)</script>", "problems": "问题", "other_matters": "无",
    }  # fmt: skip
    response = client.post(url(agency_a), good)
    assert response.status_code == 302
    report = AnnualReport.objects.get()
    assert (report.licences, report.fees, report.updated_by) == (37, Decimal("0.12"), head_a)
    assert Version.objects.get_for_object(report).count() == 1
    html = client.get(url(agency_a)).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert figures(html, 2)[-4:] == ["37", "5", "2", "0.12"]
    assert 'name="fees" value="0.12"' in html
    assert "认真贯彻落实" not in html  # written prose: no draft unless asked for
    assert "认真贯彻落实" in client.get(url(agency_a) + "?draft=1").content.decode()
    client.post(url(agency_a), {**good, "licences": "38"})
    assert Version.objects.get_for_object(report).count() == 2


def test_a_failing_check_is_flagged_and_can_be_accepted_with_a_reason(client, head_a, agency_a):
    request(
        agency_a, "research", D(2025, 6, 1), "granted", D(2024, 12, 1)
    )  # closed before received
    client.force_login(head_a)
    html = client.get(url(agency_a)).content.decode()
    assert "有 1 项校验未通过" in html and "「科研机构」列：新收1" in html
    response = client.post(url(agency_a, rest="override/"), {"key": "balance", "reason": "短"})
    assert response.status_code == 400 and "理由过短" in response.content.decode()
    response = client.post(url(agency_a, rest="override/"), {"key": "rows", "reason": "这项没问题"})
    assert response.status_code == 400 and "这项校验已经通过" in response.content.decode()
    response = client.post(
        url(agency_a, rest="override/"), {"key": "balance", "reason": "旧系统迁移的数据日期有误"}
    )
    assert response.status_code == 302
    override = CheckOverride.objects.get()
    assert override.created_by == head_a and override.key == "balance"
    html = client.get(url(agency_a)).content.decode()
    assert "未通过（已确认）" in html and "旧系统迁移的数据日期有误" in html


def test_bad_years_and_urls(client, head_a, agency_a):
    client.force_login(head_a)
    assert client.get(url(agency_a, year=1999)).status_code == 404
    assert client.get(url(agency_a, year=2027)).status_code == 404
    assert client.get("/staff/reports/?year=abc").status_code == 400
    assert client.get("/staff/reports/?year=2024&page=x").status_code == 200


def test_the_list_takes_the_same_queries_for_more_agencies(client, office, county, make_agency):
    """Session and user, permissions, the page of agencies, their count, the stored reports."""
    client.force_login(office)

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get("/staff/reports/?year=2025").status_code == 200
        return len(context.captured_queries)

    make_agency("甲局", parent=county)
    queries()  # the header's agency switcher fills its cache
    first = queries()
    for n in range(5):
        make_agency(f"乙局{n}", parent=county)
    assert queries() == first


def test_the_list_pages_keep_the_chosen_year(client, office, county, make_agency, monkeypatch):
    monkeypatch.setattr("reports.views.PAGE_SIZE", 2)
    for index in range(3):
        make_agency(f"翻页机关{index}", parent=county)
    client.force_login(office)
    html = client.get("/staff/reports/?year=2024").content.decode()
    assert "第 1 / " in html and 'href="?year=2024&amp;page=2"' in html


def test_the_report_list_keeps_its_year_out_of_the_search_term_and_in_the_menu(client, office):
    """The list's pager query was passed as `query`, the site search's term ("year=2025" in the
    search box), and the unbound year menu showed 2026 over the 2025 table."""
    client.force_login(office)
    response = client.get("/staff/reports/")
    html = response.content.decode()
    assert 'value="year=2025"' not in html
    selected = re.findall(r'<option value="(\d+)"[^>]*selected', html)
    assert selected == ["2025"]
    assert "2025年度报告" in html and "2026年度报告" not in html
    chosen = client.get("/staff/reports/?year=2024").content.decode()
    assert re.findall(r'<option value="(\d+)"[^>]*selected', chosen) == ["2024"]


def test_the_subtree_page_says_which_licence_figure_is_published(client, office, county, agency_a):
    AnnualReport.objects.create(agency=agency_a, year=2025, licences=48)
    AnnualReport.objects.create(agency=county, year=2025, with_subordinates=True, licences=4862)
    client.force_login(office)
    html = main(client.get(url(county, rest="all/")).content.decode())
    assert "发布时使用下面填写并保存的数字" in html
    assert "仅供核对，不会发布：本机关及下级机关各自报告已填写的合计（1 份）为行政许可 48" in html
    assert 'name="licences" value="4862"' in html
