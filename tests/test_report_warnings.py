"""What evaluators check, shown as 评估提示 on the report's staff page (reports/warnings.py)."""

import pytest

from reports.models import AnnualReport
from tests.requesting import freeze_today

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(monkeypatch):
    return freeze_today(monkeypatch, "2026-01-20")


@pytest.fixture
def office(make_staff, county):
    return make_staff("gongkaiban", roles=["公开办"], agencies=[county])


def page(client, agency, year=2025):
    return client.get(f"/staff/reports/{agency.pk}/{year}/").text


def test_placeholders_and_missing_accountability_are_flagged(client, office, county):
    AnnualReport.objects.create(
        agency=county, year=2025, overview="（一）主动公开情况。（请补充）", problems="无"
    )
    client.force_login(office)
    html = page(client, county)
    assert "评估提示" in html
    assert "一、总体情况中还有“（请补充）”" in html
    assert "文字中未出现“考核、评议、追究”" in html


def test_a_copy_of_last_years_text_is_flagged(
    client, office, county, django_capture_on_commit_callbacks
):
    text = "存在的问题：考核、评议、追究机制有待完善。"
    last = AnnualReport.objects.create(agency=county, year=2025, overview="总体情况", problems=text)
    with django_capture_on_commit_callbacks(execute=True):
        last.publish(office)
    AnnualReport.objects.create(agency=county, year=2026, overview="总体情况", problems=text)
    client.force_login(office)
    html = page(client, county, 2026)
    assert "五、存在的主要问题及改进情况与2025年度已发布报告的文字完全相同" in html
    # A department's report is not asked about 考核、评议、追究.


def test_a_clean_report_has_no_warnings(client, office, agency_a):
    AnnualReport.objects.create(agency=agency_a, year=2025, overview="总体情况", problems="问题")
    client.force_login(office)
    assert "评估提示" not in page(client, agency_a)


def test_the_stock_of_valid_documents_continues_last_years_report(
    client, office, agency_a, django_capture_on_commit_callbacks
):
    """本年现行有效 = 上年（已发布）+ 本年制发 − 本年废止 − 本年失效."""
    import datetime

    from catalog.models import Item
    from tests.public_catalog import make_item

    N = Item.Genre.NORMATIVE
    for n in range(2):
        make_item(agency_a, f"规范性文件{n}", genre=N, written_on=datetime.date(2025, 3, n + 1))
    last = AnnualReport.objects.create(agency=agency_a, year=2025, overview="总体情况")
    with django_capture_on_commit_callbacks(execute=True):
        last.publish(office)
    make_item(agency_a, "新文件", genre=N, written_on=datetime.date(2026, 1, 5))
    expired = Item.objects.get(title="规范性文件0")
    Item.objects.filter(pk=expired.pk).update(
        validity=Item.Validity.EXPIRED, invalid_on=datetime.date(2026, 1, 10)
    )
    AnnualReport.objects.create(agency=agency_a, year=2026, overview="总体情况")
    client.force_login(office)
    assert "现行有效件数不连续" not in page(client, agency_a, 2026)  # 2 + 1 − 0 − 1 = 2
    # A document entered late, written in 2024, was missing from last year's stock.
    make_item(agency_a, "补录文件", genre=N, written_on=datetime.date(2024, 6, 1))
    html = page(client, agency_a, 2026)
    assert "行政规范性文件本年现行有效3件，但上年已发布报告的2件" in html


def test_the_draft_of_six_heads_what_evaluators_look_for(agency_a):
    """六 drafts the fee, then headed placeholders the 评估提示 keeps visible until written."""
    from reports import drafts
    from reports import tables as t

    text = drafts.other_matters(t.Scope(agency_a, 2025, False))
    assert text.startswith("（一）收取信息处理费情况。2025年，本机关未收取")
    for heading in ("落实上级年度政务公开工作要点", "建议和政协委员提案办理结果", "创新情况"):
        assert heading in text
    report = AnnualReport(agency=agency_a, year=2025, overview="总体情况", other_matters=text)
    from reports.warnings import placeholders_left

    assert [w.title for w in placeholders_left(report)] == ["残留占位文字"]
