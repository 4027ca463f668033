"""The public page of a published report (/reports/<code>/<year>/): sections in order, the
official tables, the charts with their numbers, its queries; and the staff reminders of
reports not yet published."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports import charts
from reports.models import AnnualReport
from reports.reminders import due_date, unpublished
from tests.annual_report import EXPECTED_3, EXPECTED_4, LABELS_3, build_2025
from tests.requesting import freeze_today

pytestmark = pytest.mark.django_db

TITLES = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]


@pytest.fixture(autouse=True)
def today(monkeypatch):
    return freeze_today(monkeypatch, "2026-01-20")


@pytest.fixture
def office(make_staff, county):
    return make_staff("gongkaiban", roles=["公开办", "负责人"], agencies=[county])


def publish(agency, user, django_capture_on_commit_callbacks, year=2025, **fields):
    report, _ = AnnualReport.objects.update_or_create(
        agency=agency,
        year=year,
        with_subordinates=False,
        defaults={
            "overview": "总体情况正文",
            "problems": "问题与改进",
            "other_matters": "无",
            **fields,
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        return report.publish(user)


def figures(html, table):
    block = re.search(rf'<table class="report-table report-table-{table}".*?</table>', html, re.S)
    return re.findall(r'<td class="num"[^>]*>([^<]*)</td>', block.group(0))


def test_the_public_page_shows_the_report_as_the_official_form(
    client, office, agency_a, django_capture_on_commit_callbacks
):
    build_2025(agency_a)
    revision = publish(agency_a, office, django_capture_on_commit_callbacks, licences=7)
    html = client.get(f"/reports/{agency_a.credit_code}/2025/").content.decode()
    main = re.search(r"<main.*</main>", html, re.S).group(0)
    positions = [main.index(f">{title}</h2>") for title in TITLES]
    assert positions == sorted(positions)
    assert "<h1>舒城县财政局2025年政府信息公开工作年度报告</h1>" in main
    assert revision.item.index_number in main
    assert figures(html, 3) == [str(v) for row in EXPECTED_3.values() for v in row]
    assert figures(html, 4) == [str(v) for v in EXPECTED_4]
    assert figures(html, 2) == ["1", "0", "1", "2", "1", "3", "7", "0", "0", "0.00"]
    assert (
        'rowspan="3" colspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）'
        in html
    )
    block = re.search(r'<table class="report-table report-table-3".*?</table>', html, re.S)
    rows = re.findall(r"<tr>(.*?)</tr>", block.group(0), re.S)[3:]
    assert [re.findall(r'<th scope="row"[^>]*>([^<]*)</th>', row) for row in rows] == LABELS_3
    for text in ("总体情况正文", "问题与改进"):
        assert text in main
    assert f'href="/reports/{agency_a.credit_code}/2025/xlsx/"' in main


def test_the_charts_are_svg_with_their_numbers_in_text(
    client, office, agency_a, django_capture_on_commit_callbacks
):
    build_2025(agency_a)
    publish(agency_a, office, django_capture_on_commit_callbacks)
    html = client.get(f"/reports/{agency_a.credit_code}/2025/").content.decode()
    assert html.count('<svg class="chart-svg"') == 3 and "<script" not in html
    assert 'role="img" aria-labelledby="chart-outcomes-title chart-outcomes-desc"' in html
    assert (
        '<desc id="chart-outcomes-desc">共办结22件：予以公开2件（9.1%），部分公开1件（4.5%），'
        "不予公开8件（36.4%），无法提供3件（13.6%），不予处理5件（22.7%），其他处理3件（13.6%）</desc>"
    ) in html
    # Five years of requests received (新收) and of items published, as frozen at publication.
    assert "2021年0件，2022年0件，2023年0件，2024年3件，2025年24件。" in html
    assert "2021年0条，2022年1条，2023年1条，2024年1条，2025年5条。" in html
    hidden = re.search(r'<div class="visually-hidden"><table>.*?</table>', html, re.S).group(0)
    assert '<th scope="row">不予公开</th><td>8</td><td>36.4%</td>' in hidden


def test_the_outcome_chart_of_a_year_without_closed_requests():
    from reports import tables as t

    chart = charts.outcome_mix(t.empty_section3())
    assert chart.description == "本年度没有办结的政府信息公开申请。"
    assert chart.rows[-1] == ("合计", 0, "0%")


def test_the_public_page_reads_a_constant_number_of_queries(
    client, office, agency_a, django_capture_on_commit_callbacks
):
    """1 the agency by its code, 2 its revisions of the year with their report and catalog item
    (one query however many revisions); the header and footer read from the cache."""
    build_2025(agency_a)
    publish(agency_a, office, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        AnnualReport.objects.get().publish(office, "更正")  # two revisions: still one query
    url = f"/reports/{agency_a.credit_code}/2025/"
    client.get("/")  # warm the header's caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) == 2, [q["sql"][:300] for q in queries.captured_queries]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200  # cached until public content changes
    assert len(queries) == 0


def test_the_index_lists_published_reports_only_in_constant_queries(
    client, office, county, agency_a, agency_b, django_capture_on_commit_callbacks
):
    """1 the count for the pager, 2 the page of reports with their agencies."""
    publish(agency_a, office, django_capture_on_commit_callbacks)
    AnnualReport.objects.create(agency=agency_b, year=2025, overview="草稿")  # not published
    client.get("/")  # warm the header's caches
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/reports/").content.decode()
    assert len(queries) == 2, [q["sql"][:300] for q in queries.captured_queries]
    assert (
        f'href="/reports/{agency_a.credit_code}/2025/">舒城县财政局2025年政府信息公开工作年度报告'
        in html
    )
    assert "舒城县教育体育局" not in re.search(r"<main.*</main>", html, re.S).group(0)
    publish(county, office, django_capture_on_commit_callbacks, year=2024)
    client.get("/")  # a new public version: the header's and footer's caches refill
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/reports/?page=x").content.decode()
    assert len(queries) == 2, [q["sql"][:200] for q in queries.captured_queries]
    assert html.index("舒城县财政局2025年") < html.index("舒城县人民政府2024年")
    assert 'href="/reports/">公开年报</a>' in html  # in the main navigation


def test_the_deadline_is_january_for_departments_and_march_for_governments():
    from organisation.models import Agency

    assert due_date(Agency.Kind.DEPARTMENT, 2025).isoformat() == "2026-01-31"
    assert due_date(Agency.Kind.TOWNSHIP, 2025).isoformat() == "2026-01-31"
    assert due_date(Agency.Kind.GOVERNMENT, 2025).isoformat() == "2026-03-31"


def test_staff_are_reminded_of_unpublished_reports(
    client, office, county, agency_a, agency_b, make_staff, django_capture_on_commit_callbacks
):
    client.force_login(office)
    html = client.get("/staff/reports/").content.decode()
    assert "2025年度政府信息公开工作年度报告：3个机关尚未发布</h2>" in html
    assert "<details open>" in html  # a short list is unfolded
    assert re.search(
        r"舒城县财政局</a>：\s*截止 2026-01-31，\s*<span class=\"due-soon\">剩余11天", html
    )
    assert re.search(r"舒城县人民政府</a>：\s*截止 2026-03-31，\s*剩余70天", html)
    assert "尚未发布" in client.get("/staff/").content.decode()  # the 工作台

    publish(agency_a, office, django_capture_on_commit_callbacks)
    assert [r.name for r in unpublished(office)] == ["舒城县教育体育局", "舒城县人民政府"]
    head_b = make_staff("fuzeren_b", roles=["负责人"], agencies=[agency_b])
    assert [r.name for r in unpublished(head_b)] == ["舒城县教育体育局"]
    clerk = make_staff("xinxiyuan_b", roles=["信息员"], agencies=[agency_b])
    client.force_login(clerk)
    assert "尚未发布" not in client.get("/staff/").content.decode()


def test_an_overdue_or_withdrawn_report_is_still_due(
    client, monkeypatch, office, agency_a, django_capture_on_commit_callbacks
):
    publish(agency_a, office, django_capture_on_commit_callbacks)
    AnnualReport.objects.get().withdraw(office, "数据有误")
    freeze_today(monkeypatch, "2026-02-05")
    reminder = next(r for r in unpublished(office) if r.name == "舒城县财政局")
    assert reminder.overdue and reminder.days_overdue == 5
    client.force_login(office)
    html = client.get("/staff/reports/").content.decode()
    assert "2个机关尚未发布，其中1个已逾期</h2>" in html
    assert (
        '舒城县财政局</a>：\n        截止 2026-01-31，\n        <span class="overdue">已逾期5天'
        in html
    )


def test_reminders_take_the_same_queries_for_more_agencies(office, county, make_agency):
    def count():
        with CaptureQueriesContext(connection) as queries:
            unpublished(office)
        return len(queries)

    make_agency("舒城县民政局", parent=county)
    count()  # the user's permissions are read once, then cached on the user
    few = count()
    for number in range(10):
        make_agency(f"舒城县第{number}局", parent=county)
    assert count() == few
    assert len(unpublished(office)) == 12
