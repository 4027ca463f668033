"""Public statistics (/statistics/, opendata/statistics.py): the numbers agree with the
published annual report of the same year, the page has its charts with data tables and a
CSV, and bad input is a Chinese 400."""

import csv
import io
import re
from datetime import date as D
from statistics import median

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports import tables as t
from reports.models import AnnualReport
from requests_app.models import Request
from tests.annual_report import build_2025, request
from tests.public_catalog import make_item
from tests.requesting import freeze_today
from tests.test_report_public import publish
from workcalendar.workdays import count_workdays

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(monkeypatch):
    return freeze_today(monkeypatch, "2026-01-20")


@pytest.fixture
def office(make_staff, county):
    return make_staff("gongkaiban", roles=["公开办", "负责人"], agencies=[county])


def figures(client, agency, **params):
    response = client.get(f"/statistics/{agency.credit_code}/csv/", {"year": 2025, **params})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["机关", "范围", "年份", "表", "项目", "数值"]
    return {(row[3], row[4]): row[5] for row in rows[1:]}


def test_the_numbers_agree_with_the_annual_report(
    client, agency_a, office, django_capture_on_commit_callbacks
):
    build_2025(agency_a)
    publish(agency_a, office, django_capture_on_commit_callbacks)
    report = client.get(f"/api/v1/reports/{agency_a.credit_code}/2025/").json()
    numbers = figures(client, agency_a)
    section3 = report["section3"]
    assert int(numbers[("概况", "收到申请（件）")]) == section3[t.NEW][t.TOTAL]
    assert int(numbers[("概况", "办结申请（件）")]) == section3[t.TOTAL][t.TOTAL]
    monthly = sum(int(numbers[("各月", f"{m}月收到申请（件）")]) for m in range(1, 13))
    assert monthly == section3[t.NEW][t.TOTAL]
    answered = sum(int(numbers[("各月", f"{m}月办结申请（件）")]) for m in range(1, 13))
    assert answered == section3[t.TOTAL][t.TOTAL]
    on_time, late = (
        int(numbers[("概况", "按期办结（件）")]),
        int(numbers[("概况", "逾期办结（件）")]),
    )
    assert on_time + late <= answered and on_time > 0
    outcomes = sum(int(v) for (table, _label), v in numbers.items() if table == "办理结果")
    assert outcomes == section3[t.TOTAL][t.TOTAL]
    review = report["section4"]["review"]
    assert int(numbers[("行政复议和行政诉讼", "行政复议：结果维持")]) == review[t.UPHELD]
    assert int(numbers[("行政复议和行政诉讼", "行政复议：总计")]) == review[t.TOTAL]
    assert float(numbers[("概况", "办结用时中位数（工作日）")]) >= 0


def test_a_government_s_page_sums_its_subtree(client, county, agency_a, agency_b):
    build_2025(agency_a)
    build_2025(agency_b)
    mine = figures(client, agency_a)
    total = figures(client, county, scope="all")
    alone = figures(client, county, scope="self")
    key = ("概况", "收到申请（件）")
    assert int(total[key]) == 2 * int(mine[key]) and int(alone[key]) == 0
    page = client.get(f"/statistics/{county.credit_code}/", {"year": 2025})
    html = page.content.decode()
    assert page.status_code == 200 and "含下级机关" in html
    assert agency_a.name in html and agency_b.name in html  # the subordinates' table


def test_the_page_has_charts_with_data_tables_and_links(client, agency_a):
    build_2025(agency_a)
    make_item(agency_a, "本年发布的信息")
    response = client.get(f"/statistics/{agency_a.credit_code}/", {"year": 2025})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<svg") == 4 and html.count('class="visually-hidden"><table>') == 4
    assert "<script" not in html.split("</header>")[1]
    assert f"/statistics/{agency_a.credit_code}/csv/?year=2025" in html
    assert "/api/v1/" in html


def test_statistics_are_linked_from_the_agency_and_report_pages(
    client, agency_a, office, django_capture_on_commit_callbacks
):
    build_2025(agency_a)
    publish(agency_a, office, django_capture_on_commit_callbacks)
    link = f"/statistics/{agency_a.credit_code}/"
    assert link in client.get(f"/agencies/{agency_a.credit_code}/").content.decode()
    report_page = client.get(f"/reports/{agency_a.credit_code}/2025/").content.decode()
    assert f"{link}?year=2025&amp;scope=self" in report_page
    assert client.get("/statistics/").status_code == 302
    # The API: each agency and each report names its statistics page; the API page links them.
    agency = client.get(f"/api/v1/agencies/{agency_a.credit_code}/").json()
    assert agency["statistics_url"] == f"http://testserver{link}"
    report = client.get(f"/api/v1/reports/{agency_a.credit_code}/2025/").json()
    assert report["statistics_url"] == f"http://testserver{link}?year=2025&scope=self"
    listed = client.get("/api/v1/reports/").json()["results"]
    assert listed[0]["statistics_url"] == report["statistics_url"]
    assert client.get(report["statistics_url"]).status_code == 200
    assert 'href="/statistics/"' in client.get("/api/v1/").content.decode()


@pytest.mark.parametrize("params", [{"year": "abc"}, {"year": "1900"}, {"scope": "<b>"}])
def test_bad_input_is_a_chinese_400(client, agency_a, params):
    response = client.get(f"/statistics/{agency_a.credit_code}/", params)
    assert response.status_code == 400 and "查询条件无效" in response.content.decode()
    assert client.get(f"/statistics/{agency_a.credit_code}/csv/", params).status_code == 400
    assert client.get("/statistics/nope/").status_code == 404


def test_the_province_page_reads_a_fixed_number_of_queries(
    client, county, agency_a, agency_b, django_assert_max_num_queries
):
    build_2025(agency_a)
    build_2025(agency_b)
    client.get("/api/v1/agencies/")  # warm the navigation caches
    with django_assert_max_num_queries(12):
        client.get(f"/statistics/{county.credit_code}/", {"year": 2025, "scope": "all"})


def test_the_median_counts_working_days_as_the_calendar_does(agency_a):
    """The page subtracts running totals; the calendar counts day by day: the same numbers."""
    from datetime import date

    from opendata import statistics
    from reports.tables import Scope
    from tests.annual_report import request
    from workcalendar.workdays import count_workdays

    spans = [(date(2025, 9, 26), date(2025, 10, 10)), (date(2025, 1, 20), date(2025, 2, 14)),
             (date(2024, 12, 30), date(2025, 1, 3)), (date(2025, 5, 6), date(2025, 5, 6))]  # fmt: skip
    for received, closed in spans:
        request(agency_a, "person", received, "granted", closed)
    expected = sorted(count_workdays(r, c).days for r, c in spans)
    assert statistics.median_workdays(Scope(agency_a, 2025)) == (expected[1] + expected[2]) / 2


def subordinate_rows(html):
    """{agency name: [received, answered, on time, late]} of the page's subordinates table."""
    block = html.split('id="subordinates-heading"')[1].split("</table>")[0]
    rows = re.findall(r'<a href="[^"]*">([^<]+)</a></th>((?:<td class="num">\d+</td>)+)', block)
    return {name: [int(n) for n in re.findall(r">(\d+)<", cells)] for name, cells in rows}


def test_the_subtree_numbers_agree_with_the_report_with_subordinates(
    client, county, agency_a, agency_b, office, django_capture_on_commit_callbacks
):
    build_2025(agency_a, other_agency=agency_b)
    report, _ = AnnualReport.objects.update_or_create(
        agency=county,
        year=2025,
        with_subordinates=True,
        defaults={"overview": "总体情况", "problems": "问题", "other_matters": "无"},
    )
    with django_capture_on_commit_callbacks(execute=True):
        report.publish(office)
    published = client.get(f"/api/v1/reports/{county.credit_code}/2025/all/").json()
    section3, section4 = published["section3"], published["section4"]
    numbers = figures(client, county, scope="all")
    assert int(numbers[("概况", "收到申请（件）")]) == section3[t.NEW][t.TOTAL]
    assert int(numbers[("概况", "办结申请（件）")]) == section3[t.TOTAL][t.TOTAL]
    for label, row in [("收到申请", t.NEW), ("办结申请", t.TOTAL)]:
        monthly = sum(int(numbers[("各月", f"{m}月{label}（件）")]) for m in range(1, 13))
        assert monthly == section3[row][t.TOTAL]
    outcomes = sum(int(v) for (table, _label), v in numbers.items() if table == "办理结果")
    assert outcomes == section3[t.TOTAL][t.TOTAL]
    assert int(numbers[("行政复议和行政诉讼", "行政复议：总计")]) == section4["review"][t.TOTAL]
    assert (
        int(numbers[("行政复议和行政诉讼", "行政复议：尚未审结")])
        == (section4["review"][t.PENDING])
    )
    # Each subordinate's row is its own page's figures, and the rows add up to the total.
    rows = subordinate_rows(
        client.get(f"/statistics/{county.credit_code}/", {"year": 2025}).content.decode()
    )
    for agency in (agency_a, agency_b):
        own = figures(client, agency)
        assert rows[agency.name] == [
            int(own[("概况", label)])
            for label in ("收到申请（件）", "办结申请（件）", "按期办结（件）", "逾期办结（件）")
        ]
    assert [sum(column) for column in zip(*rows.values(), strict=True)] == [
        int(numbers[("概况", label)])
        for label in ("收到申请（件）", "办结申请（件）", "按期办结（件）", "逾期办结（件）")
    ]


def test_monthly_and_on_time_figures_count_request_by_request(client, county, agency_a, agency_b):
    """Each request counted the plain way (a Python loop here, aggregate queries on the page):
    answered in the month it closed, on time when closed on or before its stored due date,
    neither on time nor late without one."""
    spans = [  # (agency, received, closed, due)
        (agency_a, D(2025, 1, 6), D(2025, 1, 20), D(2025, 2, 5)),
        (agency_a, D(2025, 1, 6), D(2025, 3, 3), D(2025, 2, 5)),
        (agency_a, D(2024, 12, 2), D(2025, 1, 2), D(2025, 1, 2)),
        (agency_a, D(2025, 6, 2), D(2025, 6, 30), None),
        (agency_a, D(2025, 11, 3), None, D(2025, 12, 1)),
        (agency_b, D(2025, 3, 10), D(2025, 3, 10), D(2025, 4, 8)),
        (agency_b, D(2025, 12, 1), D(2026, 1, 9), D(2025, 12, 29)),
        (agency_b, D(2025, 7, 1), D(2025, 9, 1), D(2025, 7, 29)),
    ]
    for agency, received, closed, due in spans:
        made = request(agency, "person", received, "granted" if closed else None, closed)
        Request.objects.filter(pk=made.pk).update(due_on=due)  # as stored by the clock
    in_year = [s for s in spans if s[2] and s[2].year == 2025]
    numbers = figures(client, county, scope="all")
    for m in range(1, 13):
        closed = [s for s in in_year if s[2].month == m]
        assert int(numbers[("各月", f"{m}月办结申请（件）")]) == len(closed)
        on_time = [s for s in closed if s[3] and s[2] <= s[3]]
        assert int(numbers[("各月", f"{m}月按期办结（件）")]) == len(on_time)
        received = [s for s in spans if s[1].year == 2025 and s[1].month == m]
        assert int(numbers[("各月", f"{m}月收到申请（件）")]) == len(received)
    assert int(numbers[("概况", "按期办结（件）")]) == 3
    assert int(numbers[("概况", "逾期办结（件）")]) == 2
    expected = median(count_workdays(received, closed).days for _a, received, closed, _d in in_year)
    assert float(numbers[("概况", "办结用时中位数（工作日）")]) == expected
    rows = subordinate_rows(
        client.get(f"/statistics/{county.credit_code}/", {"year": 2025}).content.decode()
    )
    assert rows == {agency_a.name: [4, 4, 2, 1], agency_b.name: [3, 2, 1, 1]}


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="covering indexes are PostgreSQL's (INCLUDE)"
)
def test_the_statistics_queries_read_only_columns_of_their_covering_indexes(
    client, county, agency_a
):
    """Every aggregate of the requests but section 三 (a scan of the requests not closed before the
    year, shared with the annual report) reads only columns of one covering index, so on a
    province's year PostgreSQL answers it from the index alone (~20,000 index entries instead
    of the request and item tables; docs/performance.md §4.4 has the plans at scale)."""
    build_2025(agency_a)
    make_item(agency_a, "本年发布的信息")
    client.get("/api/v1/agencies/")  # warm the navigation caches
    with CaptureQueriesContext(connection) as queries:
        client.get(f"/statistics/{county.credit_code}/", {"year": 2025, "scope": "all"})
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE indexname IN "
            "('request_closed_stats', 'request_received_stats')"
        )
        indexes = dict(cursor.fetchall())
    assert len(indexes) == 2
    checked = 0
    for query in queries.captured_queries:
        sql = query["sql"]
        table = re.search(r'FROM "(requests_app_request)"', sql)
        if not table or "applicant_kind" in sql:
            continue
        columns = set(re.findall(rf'"{table.group(1)}"\."(\w+)"', sql))
        covering = [
            name
            for name, definition in indexes.items()
            if f"ON public.{table.group(1)} " in definition
            and all(re.search(rf"\b{column}\b", definition) for column in columns)
        ]
        assert covering, (columns, sql)
        checked += 1
    assert checked == 4  # answered pairs, received by month, and the requests by subordinate
