"""`manage.py export_annual_report` and the XLSX layout, cell by cell (docs/spreadsheets.md §4)."""

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from reports.models import AnnualReport
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

pytestmark = pytest.mark.django_db

SHEETS = [
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "校验结果",
]


def export(tmp_path, *args):
    path = tmp_path / "report.xlsx"
    call_command("export_annual_report", *args, "--output", str(path))
    return load_workbook(path)


def merged(sheet):
    return sorted(str(cells) for cells in sheet.merged_cells.ranges)


def test_section_3_sheet_cell_by_cell(agency_a, tmp_path, capsys):
    build_2025(agency_a)
    book = export(tmp_path, "--agency", agency_a.credit_code, "--year", "2025")
    assert book.sheetnames == SHEETS
    sheet = book[SHEETS[1]]
    assert sheet["A1"].value == "三、收到和处理政府信息公开申请情况"
    assert (
        sheet["A2"].value == "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    )
    assert sheet["D2"].value == "申请人情况"
    assert [sheet.cell(3, c).value for c in range(4, 11)] == [
        "自然人", "法人或其他组织", None, None, None, None, "总计",
    ]  # fmt: skip
    assert [sheet.cell(4, c).value for c in range(5, 10)] == [
        "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他",
    ]  # fmt: skip
    for offset, (labels, (row_key, expected)) in enumerate(
        zip(LABELS_3, EXPECTED_3.items(), strict=True)
    ):
        row = 5 + offset
        shown = [sheet.cell(row, c).value for c in range(1, 4)]
        assert [v for v in shown if v is not None] == labels, row_key
        values = [sheet.cell(row, c).value for c in range(4, 11)]
        assert values == expected, row_key
        assert all(isinstance(v, int) for v in values)  # numbers, not text
    assert sheet.max_row == 29
    assert merged(sheet) == sorted(
        ["A1:J1", "A2:C4", "D2:J2", "D3:D4", "E3:I3", "J3:J4", "A5:C5", "A6:C6", "A7:A28",
         "B7:C7", "B8:C8", "B9:B16", "B17:B19", "B20:B24", "B25:B27", "B28:C28", "A29:C29"]
    )  # fmt: skip
    assert "已导出舒城县财政局2025年度报告表格" in capsys.readouterr().out


def test_sections_2_and_4_sheets_cell_by_cell(agency_a, tmp_path):
    build_2025(agency_a)
    AnnualReport.objects.create(
        agency=agency_a, year=2025, licences=37, penalties=5, coercions=2, fees=Decimal("0.12")
    )
    book = export(tmp_path, "--agency", agency_a.name, "--year", "2025")
    two = book[SHEETS[0]]
    grid = [[two.cell(r, c).value for c in range(1, 5)] for r in range(2, 16)]
    assert grid == [
        ["第二十条第（一）项", None, None, None],
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", *EXPECTED_2["regulation"]],
        ["行政规范性文件", *EXPECTED_2["normative"]],
        ["第二十条第（五）项", None, None, None],
        ["信息内容", "本年处理决定数量", None, None],
        ["行政许可", 37, None, None],
        ["第二十条第（六）项", None, None, None],
        ["信息内容", "本年处理决定数量", None, None],
        ["行政处罚", 5, None, None],
        ["行政强制", 2, None, None],
        ["第二十条第（八）项", None, None, None],
        ["信息内容", "本年收费金额（单位：万元）", None, None],
        ["行政事业性收费", 0.12, None, None],
    ]
    assert two["B15"].number_format == "0.00##"
    assert "A2:D2" in merged(two) and "B8:D8" in merged(two) and "B15:D15" in merged(two)

    four = book[SHEETS[2]]
    assert [four.cell(2, c).value for c in (1, 6)] == ["行政复议", "行政诉讼"]
    assert [four.cell(3, c).value for c in (6, 11)] == ["未经复议直接起诉", "复议后起诉"]
    assert [four.cell(4, c).value for c in range(1, 16)] == (
        ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3
    )
    assert [four.cell(5, c).value for c in range(1, 16)] == EXPECTED_4
    # the table, then (row 7) the report's choice of which cases it counts
    assert merged(four) == sorted(["A1:O1", "A2:E3", "F2:O2", "F3:J3", "K3:O3", "A7:O7"])
    assert four["A7"].value.startswith("统计口径：本年度立案的行政复议、行政诉讼案件")
    assert four.page_setup.orientation == "landscape" and four.page_setup.paperSize == 9


def test_with_subordinates_exports_the_sums(county, agency_a, agency_b, tmp_path):
    build_2025(agency_a, agency_b)
    book = export(tmp_path, "--agency", county.credit_code, "--year", "2025", "--with-subordinates")
    three = book[SHEETS[1]]
    assert [[three.cell(r, c).value for c in range(4, 11)] for r in range(5, 30)] == list(
        EXPECTED_3_WITH_OTHER.values()
    )
    assert [book[SHEETS[2]].cell(5, c).value for c in range(1, 16)] == EXPECTED_4_WITH_OTHER
    checks = book[SHEETS[3]]
    assert checks["B1"].value == "舒城县人民政府（含下级机关）"
    assert [checks.cell(r, 2).value for r in range(5, 10)] == ["通过"] * 5


def test_a_report_that_does_not_reconcile_is_not_written(agency_a, tmp_path, capsys):
    build_2025(agency_a)
    request(
        agency_a, "research", D(2025, 6, 1), "granted", D(2024, 12, 1)
    )  # closed before received
    path = tmp_path / "report.xlsx"
    with pytest.raises(CommandError, match="未通过校验（各列第一项加第二项等于第三项加第四项）"):
        call_command(
            "export_annual_report", "--agency", agency_a.credit_code, "--year", "2025",
            "--output", str(path),
        )  # fmt: skip
    assert not path.exists()
    assert "「科研机构」列：新收5" in capsys.readouterr().out


def test_unknown_agency_and_year(agency_a, tmp_path):
    with pytest.raises(CommandError, match="没有统一社会信用代码或名称为「nobody」的机关"):
        export(tmp_path, "--agency", "nobody", "--year", "2025")
    with pytest.raises(CommandError, match="年度应在 2008 年以后"):
        export(tmp_path, "--agency", agency_a.credit_code, "--year", "1999")
