"""reports.tables, reports.layout and reports.checks against a report counted by hand."""

import copy
import json
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reports import checks, layout
from reports import tables as t
from reports.build import build_report, data_from_snapshot, make_snapshot
from reports.models import AnnualReport, CheckOverride, ReportRevision
from tests.annual_report import (
    EXPECTED_2,
    EXPECTED_2_WITH_OTHER,
    EXPECTED_3,
    EXPECTED_3_WITH_OTHER,
    EXPECTED_4,
    EXPECTED_4_WITH_OTHER,
    D,
    build_2025,
    request,
)

pytestmark = pytest.mark.django_db


def grid3(section3):
    return {row: [section3[row][column] for column in t.COLUMNS] for row in t.ROWS}


def flat4(section4):
    return [section4[kind][column] for kind in t.CASE_KINDS for column in t.CASE_COLUMNS]


def flat2(section2):
    return {g: [section2[g][c] for c in (t.ISSUED, t.REPEALED, t.VALID)] for g in t.GENRES}


def test_every_cell_of_an_agency_report(agency_a, agency_b):
    build_2025(agency_a, agency_b)
    data = t.compute(t.Scope(agency_a, 2025), {"licences": 12, "fees": Decimal("0.12")})
    assert grid3(data.section3) == EXPECTED_3
    assert flat4(data.section4) == EXPECTED_4
    assert flat2(data.section2) == EXPECTED_2
    assert data.section2["licences"] == 12 and data.section2["penalties"] == 0
    assert data.section2["fees"] == Decimal("0.12")


def test_with_subordinates_sums_the_subtree_only(county, agency_a, agency_b, make_agency):
    build_2025(agency_a, agency_b)
    elsewhere = make_agency("霍山县人民政府")  # another tree: never counted
    request(elsewhere, "person", D(2025, 5, 1))
    data = t.compute(t.Scope(county, 2025, with_subordinates=True))
    assert grid3(data.section3) == EXPECTED_3_WITH_OTHER
    assert flat4(data.section4) == EXPECTED_4_WITH_OTHER
    assert flat2(data.section2) == EXPECTED_2_WITH_OTHER
    # The county alone has nothing of its own.
    own = t.compute(t.Scope(county, 2025))
    assert grid3(own.section3)["total"] == [0] * 7 and flat4(own.section4) == [0] * 15


def test_a_year_is_counted_from_dates_so_the_next_year_carries_on(agency_a):
    build_2025(agency_a)
    year_2024 = t.section3(t.Scope(agency_a, 2024))
    year_2026 = t.section3(t.Scope(agency_a, 2026))
    # 2024: three received (06-01 closed in 2024, 11-05 and 12-20 carried out).
    assert year_2024["new"]["total"] == 3 and year_2024["carried_out"]["total"] == 2
    assert (
        year_2024["carried_out"]["total"]
        == t.section3(t.Scope(agency_a, 2025))["carried_in"]["total"]
    )
    # 2026 carries in what 2025 carried out, and closes the legal_service request in January.
    assert year_2026["carried_in"]["total"] == EXPECTED_3["carried_out"][-1]
    assert year_2026["not_held"]["legal_service"] == 1


def test_computing_a_report_takes_the_same_queries_whatever_the_volume(agency_a, county):
    """Section 二, 三 and 四 are one GROUP BY each; the previous year's 三 one more (check 4):
    4 queries for `build_report` plus 1 to look for a stored report and 1 for a revision."""
    build_2025(agency_a)

    def queries():
        with CaptureQueriesContext(connection) as context:
            build_report(county, 2025, with_subordinates=True)
        return len(context.captured_queries)

    first = queries()
    for day in range(1, 29):
        request(agency_a, "person", D(2025, 2, day), "granted", D(2025, 3, day))
        request(agency_a, "business", D(2024, 2, day))
    assert queries() == first <= 6


def test_every_check_passes_on_the_portals_own_figures(agency_a):
    build_2025(agency_a)
    built = build_report(agency_a, 2025)
    assert [r.key for r in built.results] == [
        "rows",
        "columns",
        "balance",
        "carry",
        "whole",
        "privacy",
    ]
    assert all(r.passed for r in built.results), [r.explanation for r in built.results]
    balance = built.results[2].explanation
    assert "新收24 + 上年结转2 = 26" in balance and "办理结果总计22 + 结转下年度4 = 26" in balance
    assert "按本门户记录计算的2024年度" in built.results[3].explanation


def test_check_3_fails_when_a_request_was_closed_before_it_was_received(agency_a):
    build_2025(agency_a)
    request(agency_a, "research", D(2025, 6, 1), "granted", D(2024, 12, 1))
    built = build_report(agency_a, 2025)
    balance = built.results[2]
    assert not balance.passed and balance.blocking
    assert (
        "「科研机构」列：新收5 + 上年结转0 = 5，办理结果总计4 + 结转下年度0 = 4"
        in balance.explanation
    )


def test_checks_1_2_and_5_name_the_cells_that_are_wrong(agency_a):
    data = t.compute(t.Scope(agency_a, 2025))
    bad = copy.deepcopy(data)
    bad.section3["new"]["person"] = 3  # the row's 总计 stays 0
    bad.section3["granted"]["business"] = 2  # （七）总计 stays 0
    bad.section3["repeated"]["other"] = -1
    bad.section4["review"]["upheld"] = 1.5
    rows = checks.check_rows(bad.section3)
    assert not rows.passed
    assert "「一、本年新收政府信息公开申请数量」总计为0，但自然人3 + 商业企业0" in rows.explanation
    columns = checks.check_columns(bad.section3)
    assert "「商业企业」列（七）总计为0，但21项办理结果之和为2" in columns.explanation
    whole = checks.check_whole_numbers(bad)
    assert not whole.passed
    assert "三「（五）不予处理 2.重复申请」「其他」为「-1」" in whole.explanation
    assert "四「行政复议」「结果维持」为「1.5」" in whole.explanation
    assert checks.check_rows(data.section3).passed and checks.check_whole_numbers(data).passed


def test_check_4_compares_with_last_years_published_report(agency_a):
    build_2025(agency_a)
    admin = User.objects.create_user("pub")
    last_year = AnnualReport.objects.create(agency=agency_a, year=2024)
    snapshot = make_snapshot(build_report(agency_a, 2024, report=last_year), {})
    ReportRevision.objects.create(
        report=last_year,
        number=1,
        snapshot=snapshot,
        published_at=timezone.now(),
        published_by=admin,
    )
    assert build_report(agency_a, 2025).results[3].passed
    # A 2024 request edited after publication: 2025's carry-in no longer matches the frozen 2024.
    request(agency_a, "research", D(2024, 10, 8))
    carry = build_report(agency_a, 2025).results[3]
    assert not carry.passed
    assert "「科研机构」列：本年上年结转1，2024年度已发布报告（第1版）结转下年度继续办理0" in (
        carry.explanation
    )
    # Accepted with a reason, the failure no longer blocks publishing.
    report = AnnualReport.objects.create(agency=agency_a, year=2025)
    CheckOverride.objects.create(
        report=report, key="carry", reason="补录了2024年的纸质申请", created_by=admin
    )
    carry = build_report(agency_a, 2025).results[3]
    assert not carry.passed and not carry.blocking and carry.override.reason.startswith("补录")


def test_the_layout_carries_every_figure_once_with_its_labels(agency_a):
    build_2025(agency_a)
    data = t.compute(t.Scope(agency_a, 2025), {"fees": Decimal("0.1200")})
    two, three, four = layout.tables(data)
    values = [cell for row in three.rows for cell in row if cell.is_value]
    assert len(values) == 25 * 7
    assert [c.value for c in values] == [v for row in EXPECTED_3.values() for v in row]
    assert three.rows[0][0].value == layout.BALANCE_NOTE
    assert [c.value for row in four.rows for c in row if c.is_value] == EXPECTED_4
    fee = [c for row in two.rows for c in row if c.key == "fees"][0]
    assert fee.value == Decimal("0.12") and fee.display == "0.12"


@pytest.mark.parametrize(
    ("amount", "shown"), [("0.12", "0.12"), ("3", "3.00"), ("1.2345", "1.2345"), ("0", "0.00")]
)
def test_fees_keep_their_decimals(amount, shown):
    assert layout.format_fee(Decimal(amount)) == shown


def test_a_snapshot_keeps_the_tables_whatever_happens_to_the_records_later(agency_a):
    build_2025(agency_a)
    report = AnnualReport.objects.create(agency=agency_a, year=2025, fees=Decimal("0.12"))
    built = build_report(agency_a, 2025, report=report)
    snapshot = json.loads(json.dumps(make_snapshot(built, {"overview": "总体情况"})))
    request(agency_a, "person", D(2025, 7, 1))  # a late entry for 2025
    frozen = data_from_snapshot(snapshot)
    assert grid3(frozen.section3) == EXPECTED_3 and frozen.section2["fees"] == Decimal("0.12")
    assert [c.value for row in layout.section3_table(frozen).rows for c in row] == [
        c.value for row in built.tables[1].rows for c in row
    ]
    assert grid3(t.compute(t.Scope(agency_a, 2025)).section3)["new"][0] == 5
    assert snapshot["text"] == {"overview": "总体情况"} and len(snapshot["checks"]) == 6


def test_cells_know_the_grid_column_they_start_in():
    """Rowspans above push a row's first cell right (the phone layout pins labels by column)."""
    from reports.layout import Cell, Table, place_columns

    table = Table("三", "t", 4)
    big, mid, leaf, value = Cell("三", rowspan=3), Cell("（三）", rowspan=2), Cell("1."), Cell(0)
    leaf2, value2, mid2, value3 = Cell("2."), Cell(0), Cell("（七）", colspan=2), Cell(0)
    table.rows = [[big, mid, leaf, value], [leaf2, value2], [mid2, value3]]
    place_columns(table)
    assert [c.column for c in (big, mid, leaf, value)] == [0, 1, 2, 3]
    assert [c.column for c in (leaf2, value2, mid2, value3)] == [2, 3, 1, 3]
