"""The shared XLSX helpers: reading by column name, problems per cell, safe writing."""

import io
import zipfile
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from spreadsheets.xlsx import (
    CONTENT_TYPE,
    Problem,
    SheetError,
    cell_value,
    read_sheet,
    workbook_bytes,
    write_table,
    xlsx_response,
)


def test_columns_in_any_order_extra_columns_ignored_blank_rows_skipped(make_xlsx):
    path = make_xlsx(
        [
            ["备注", " 收到日期 ", "申请人姓名或名称"],
            ["x", date(2025, 3, 1), "张三"],
            [],
            [None, "  ", None],
            ["y", "2025-03-02", "李四"],
        ]
    )
    sheet = read_sheet(path, required=["申请人姓名或名称", "收到日期"], optional=["联系电话"])
    assert [row.number for row in sheet.rows] == [2, 5]
    assert [row.text("申请人姓名或名称") for row in sheet.rows] == ["张三", "李四"]
    assert [row.date("收到日期") for row in sheet.rows] == [date(2025, 3, 1), date(2025, 3, 2)]
    assert not sheet.has_column("备注")
    assert not sheet.has_column("联系电话")
    assert sheet.rows[0].text("联系电话") == ""
    assert sheet.problems == []


def test_header_spelling_is_forgiven(make_xlsx):
    path = make_xlsx([["收费金额(元)", "*机关名称"], [12, "甲"]])
    sheet = read_sheet(path, required=["收费金额（元）", "机关名称"])
    assert sheet.rows[0].decimal("收费金额（元）") == Decimal(12)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (date(2025, 3, 1), date(2025, 3, 1)),
        (datetime(2025, 3, 1, 9, 30), date(2025, 3, 1)),
        ("2025-03-01", date(2025, 3, 1)),
        ("2025-3-1", date(2025, 3, 1)),
        ("2025/03/01", date(2025, 3, 1)),
        ("2025年3月1日", date(2025, 3, 1)),
        (45717, date(2025, 3, 1)),  # an Excel serial number that lost its date format
    ],
)
def test_dates_are_read_from_excel_dates_and_text(make_xlsx, cell, expected):
    sheet = read_sheet(make_xlsx([["日期"], [cell]]), required=["日期"])
    assert sheet.rows[0].date("日期") == expected
    assert sheet.problems == []


@pytest.mark.parametrize("cell", ["2025-02-30", "下周一", "01/03/2025", "20250301"])
def test_bad_dates_are_problems_with_row_and_column(make_xlsx, cell):
    sheet = read_sheet(make_xlsx([["名称", "日期"], ["甲", cell]]), required=["日期"])
    assert sheet.rows[0].date("日期") is None
    [problem] = sheet.problems
    assert (problem.row, problem.column) == (2, "日期")
    assert "YYYY-MM-DD" in problem.message


def test_whole_file_is_reported_in_row_then_column_order(make_xlsx):
    path = make_xlsx(
        [
            ["名称", "日期", "金额", "方式"],
            ["", "昨天", "1,234.5", "当面"],
            ["乙", "2025-01-01", "很多", "飞鸽"],
        ]
    )
    sheet = read_sheet(path, required=["名称", "日期", "金额", "方式"])
    for row in sheet.rows:
        row.choice("方式", {"当面": "in_person", "信函": "letter"})
        row.decimal("金额")
        row.date("日期")
        row.text("名称", required=True)
    assert [(p.row, p.column) for p in sheet.problems] == [
        (2, "名称"),
        (2, "日期"),
        (3, "金额"),
        (3, "方式"),
    ]
    assert sheet.problems[0].message == "不能为空"
    assert "当面、信函" in sheet.problems[3].message
    assert str(sheet.problems[0]) == "第2行「名称」：不能为空"
    assert sheet.rows[0].decimal("金额") == Decimal("1234.5")


def test_numbers_read_as_text_lose_the_float_tail(make_xlsx):
    sheet = read_sheet(
        make_xlsx([["邮政编码", "电话"], [231300.0, 5648622000]]), required=["邮政编码", "电话"]
    )
    assert sheet.rows[0].text("邮政编码") == "231300"
    assert sheet.rows[0].text("电话") == "5648622000"


def test_text_longer_than_allowed_is_a_problem(make_xlsx):
    sheet = read_sheet(make_xlsx([["名称"], ["长" * 11]]), required=["名称"])
    sheet.rows[0].text("名称", max_length=10)
    assert sheet.problems == [Problem(2, "名称", "不能超过10个字符（当前11个）")]


def _corrupt_xlsx(make_xlsx):
    data = make_xlsx([["名称"], ["甲"]]).read_bytes()
    return data[: len(data) // 2]


def _zip_without_workbook():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "文件是空的"),
        ("名称,日期\n甲,2025-01-01\n".encode(), "不是 Excel（.xlsx）格式"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "旧版 Excel（.xls）"),
        (_zip_without_workbook(), "已损坏"),
    ],
)
def test_unreadable_files_give_a_chinese_error(tmp_path, content, message):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(content)
    with pytest.raises(SheetError, match=message):
        read_sheet(path, required=["名称"])


def test_corrupt_zip_gives_a_chinese_error(make_xlsx):
    with pytest.raises(SheetError, match="不是 Excel|已损坏"):
        read_sheet(io.BytesIO(_corrupt_xlsx(make_xlsx)), required=["名称"])


def test_missing_required_columns_are_all_named(make_xlsx):
    with pytest.raises(SheetError) as error:
        read_sheet(make_xlsx([["名称"], ["甲"]]), required=["名称", "日期", "方式"])
    assert "缺少必需的列：日期、方式" in str(error.value)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([], "第1行没有列名"),
        ([["名称"]], "没有数据"),
        ([["名称"], [], [None]], "没有数据"),
        ([["名称", "名称"], ["甲", "乙"]], "出现了不止一次"),
    ],
)
def test_files_without_data_are_rejected(make_xlsx, rows, message):
    with pytest.raises(SheetError, match=message):
        read_sheet(make_xlsx(rows), required=["名称"])


@pytest.mark.parametrize("text", ["=1+1", "+86 0564 8622000", "-2+3", "@SUM(A1)", "\t=cmd"])
def test_text_never_starts_a_formula(text):
    assert cell_value(text) == "'" + text


def test_written_cells_are_text_and_numbers_stay_numbers():
    when = datetime(2025, 3, 1, 8, 0, tzinfo=ZoneInfo("UTC"))
    workbook = write_table(
        ["名称", "金额", "日期", "时间", "延期"],
        [
            ['=HYPERLINK("http://evil.example","点我")', -5, date(2025, 3, 1), when, True],
            ["正常\x07文本", Decimal("12.50"), None, None, False],
        ],
        title="台账",
    )
    sheet = load_workbook(io.BytesIO(workbook_bytes(workbook)))["台账"]
    names = [sheet.cell(row, 1) for row in (2, 3)]
    assert names[0].data_type == "s"
    assert names[0].value == '\'=HYPERLINK("http://evil.example","点我")'
    assert names[1].value == "正常文本"
    assert sheet["B2"].value == -5 and sheet["B2"].data_type == "n"
    assert sheet["B3"].value == 12.5
    assert sheet["C2"].value == datetime(2025, 3, 1)
    assert sheet["D2"].value == datetime(2025, 3, 1, 16, 0)  # Asia/Shanghai
    assert (sheet["E2"].value, sheet["E3"].value) == ("是", "否")
    assert sheet["A1"].font.bold
    assert sheet.freeze_panes == "A2"


def test_export_then_import_round_trips_guarded_text(tmp_path):
    path = tmp_path / "out.xlsx"
    path.write_bytes(workbook_bytes(write_table(["名称"], [["=1+1"], ["-"], ["'引号"]])))
    sheet = read_sheet(path, required=["名称"])
    assert [row.text("名称") for row in sheet.rows] == ["=1+1", "-", "'引号"]


def test_download_response_names_the_file_in_chinese():
    response = xlsx_response(write_table(["名称"], [["甲"]]), "机关名录.xlsx")
    assert response["Content-Type"] == CONTENT_TYPE
    assert "filename*=utf-8''%E6%9C%BA%E5%85%B3" in response["Content-Disposition"]
    assert load_workbook(io.BytesIO(response.content)).active["A2"].value == "甲"
