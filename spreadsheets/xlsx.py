"""Reading and writing the portal's XLSX files (docs/spreadsheets.md), shared by every import and export.

Reading::

    sheet = read_sheet(upload, required=["机关名称", "统一社会信用代码"], optional=["上级机关"])
    for row in sheet.rows:
        name = row.text("机关名称", required=True, max_length=100)
        day = row.date("收到日期")
        ...
    if sheet.problems:
        ...  # every (row number, column name, Chinese message) of the whole file

`read_sheet` reads the first sheet: row 1 holds the column names in any order (extra columns are
ignored), blank rows are skipped. A file that cannot be read at all (not XLSX, corrupt, empty,
missing required columns) raises `SheetError` with a Chinese message. Row accessors never raise:
they record a `Problem` on the sheet and return a blank value, so one pass reports the whole file.

Writing::

    workbook = write_table(["机关名称", "成立日期"], rows, title="机关名录")
    return xlsx_response(workbook, "机关名录.xlsx")

Every value goes through `cell_value`, which keeps numbers and dates as they are but never lets
text start with = + - @ (formula injection); use it too when you fill a sheet by hand.
"""

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

from django import forms
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ROWS = 100_000
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# Excel, LibreOffice and WPS read a cell starting with these as a formula (OWASP "CSV injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
EXCEL_MAX_CELL_CHARS = 32767
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls (and .et/.wps) format
_DATE_TEXT = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"
)


class SheetError(Exception):
    """The file as a whole cannot be read; the message says why, in Chinese."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one cell (or one row, when `column` is blank)."""

    row: int
    column: str
    message: str

    def __str__(self):
        where = f"第{self.row}行" + (f"「{self.column}」" if self.column else "")
        return f"{where}：{self.message}"


class Sheet:
    """The data rows of a sheet, and the problems found while reading them."""

    def __init__(self, headers, rows):
        self.headers = headers  # normalised column name -> 0-based column index
        self.rows = [Row(self, number, values) for number, values in rows]
        self._problems = []

    def has_column(self, name):
        return name in self.headers

    def add_problem(self, row, column, message):
        self._problems.append(Problem(row, column, message))

    @property
    def problems(self):
        """All problems, by row and then by the column's position in the file."""
        last = len(self.headers)
        return sorted(self._problems, key=lambda p: (p.row, self.headers.get(p.column, last)))


class Row:
    """One data row. Each accessor parses a cell by column name, recording problems on the sheet."""

    def __init__(self, sheet, number, values):
        self.sheet = sheet
        self.number = number  # the row number Excel shows
        self.values = values

    def raw(self, column):
        """The cell's value as openpyxl read it, or None when blank or the column is absent."""
        index = self.sheet.headers.get(column)
        if index is None or index >= len(self.values):
            return None
        value = self.values[index]
        if isinstance(value, str) and not _strip(value):
            return None
        return value

    def problem(self, column, message):
        self.sheet.add_problem(self.number, column, message)

    def text(self, column, required=False, max_length=None):
        """The cell as stripped text ('' when blank): numbers without a trailing '.0'."""
        value = _as_text(self.raw(column))
        if not value:
            if required:
                self.problem(column, "不能为空")
            return ""
        if max_length and len(value) > max_length:
            self.problem(column, f"不能超过{max_length}个字符（当前{len(value)}个）")
        return value

    def date(self, column, required=False):
        """A real Excel date, or text YYYY-MM-DD (also 2025/3/1, 2025年3月1日); None when blank."""
        value = self.raw(column)
        if value is None:
            if required:
                self.problem(column, "不能为空")
            return None
        parsed = parse_date(value)
        if parsed is None:
            self.problem(
                column, f"「{_as_text(value)}」不是有效日期，应为 YYYY-MM-DD（如 2025-03-01）"
            )
        return parsed

    def decimal(self, column, required=False):
        """A number as Decimal (text '1,234.50' too); None when blank."""
        value = self.raw(column)
        if value is None:
            if required:
                self.problem(column, "不能为空")
            return None
        if isinstance(value, bool):
            value = str(value)
        try:
            number = Decimal(str(value).replace(",", "").strip())
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            self.problem(column, f"「{_as_text(value)}」不是有效数字")
            return None
        return number

    def choice(self, column, options, required=False):
        """The value that `options` (a mapping label -> value) gives the cell's text; None when blank."""
        label = self.text(column, required=required)
        if not label:
            return None
        if label not in options:
            self.problem(column, f"「{label}」无效，应为以下之一：" + "、".join(options))
            return None
        return options[label]


def read_sheet(source, required, optional=()):
    """Read the first sheet of an XLSX file (a path or a binary file object).

    Returns a Sheet whose headers are the known columns found in row 1 and whose rows are the
    non-blank data rows. Raises SheetError for a file that is not a readable XLSX, has no data
    rows or lacks a required column.
    """
    known = list(required) + list(optional)
    grid = _read_grid(source)
    if not grid or not any(_as_text(v) for v in grid[0]):
        raise SheetError("第1行没有列名：第一个工作表的第1行应为列名" + "、".join(known))
    headers = {}
    for index, value in enumerate(grid[0]):
        name = normalise_header(value)
        if name in headers and name in known:
            raise SheetError(f"列名「{name}」在第1行出现了不止一次，请只保留一列")
        if name in known:
            headers[name] = index
    missing = [name for name in required if name not in headers]
    if missing:
        raise SheetError(
            "缺少必需的列：" + "、".join(missing) + "（第一个工作表的第1行应为列名，顺序不限）"
        )
    rows = [
        (number, values)
        for number, values in enumerate(grid[1:], start=2)
        if any(_as_text(v) for v in values)
    ]
    if not rows:
        raise SheetError("文件中没有数据：列名下面至少要有一行")
    if len(rows) > MAX_ROWS:
        raise SheetError(f"文件超过{MAX_ROWS}行，请拆分后分批导入")
    return Sheet(headers, rows)


def _read_grid(source):
    """All rows of the first sheet as tuples, or SheetError when the file is unreadable."""
    if hasattr(source, "seek"):
        source.seek(0)
        head = source.read(4)
        source.seek(0)
    else:
        with open(source, "rb") as file:
            head = file.read(4)
    if not head:
        raise SheetError("文件是空的")
    if head == _OLE2_MAGIC:
        raise SheetError("这是旧版 Excel（.xls）或 WPS 格式的文件，请另存为 .xlsx 后再导入")
    if not zipfile.is_zipfile(source):
        if _is_csv(source):
            return _read_csv(source)
        raise SheetError("无法读取：文件不是 Excel（.xlsx）格式")
    if hasattr(source, "seek"):
        source.seek(0)
    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            # Some programs write a wrong sheet size; without this, rows beyond it are lost.
            sheet.reset_dimensions()
            grid = []
            for values in sheet.iter_rows(values_only=True):
                grid.append(tuple(values))
                if len(grid) > MAX_ROWS + 1:
                    raise SheetError(f"文件超过{MAX_ROWS}行，请拆分后分批导入")
        finally:
            workbook.close()
    except SheetError:
        raise
    except Exception as error:  # noqa: BLE001 -- openpyxl raises many kinds on a malformed file
        raise SheetError("无法读取：文件已损坏或不是有效的 Excel（.xlsx）文件") from error
    # Drop trailing empty rows so that "blank rows are skipped" needs no special case at the end.
    while grid and not any(_as_text(v) for v in grid[-1]):
        grid.pop()
    return grid


def _is_csv(source):
    name = getattr(source, "name", source)
    return isinstance(name, str | bytes) and str(name).lower().endswith(".csv")


def _read_csv(source):
    """A UTF-8 CSV file (as the portal's own downloads write it, opendata/downloads.py) as a grid."""
    import csv

    if hasattr(source, "seek"):
        source.seek(0)
        raw = source.read()
    else:
        with open(source, "rb") as file:
            raw = file.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SheetError("无法读取：CSV 文件应为 UTF-8 编码") from None
    grid = [tuple(row) for row in csv.reader(io.StringIO(text, newline=""))]
    if len(grid) > MAX_ROWS + 1:
        raise SheetError(f"文件超过{MAX_ROWS}行，请拆分后分批导入")
    while grid and not any(_as_text(v) for v in grid[-1]):
        grid.pop()
    return grid


def normalise_header(value):
    """Column names as people type them: no spaces, full-width brackets, no '*' marks."""
    name = re.sub(r"\s+", "", _as_text(value)).strip("*＊")
    return name.replace("(", "（").replace(")", "）")


def parse_date(value):
    """A date from a cell value (Excel date, Excel serial number or text), or None."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2958466:  # the serial numbers Excel can show as dates
            return from_excel(value).date()
        return None
    match = _DATE_TEXT.fullmatch(_as_text(value))
    if not match:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def _strip(text):
    return text.strip().strip("\u200b\ufeff").strip()


def _as_text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d") if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    text = _strip(str(value))
    # Undo cell_value's guard, so that export -> import round-trips.
    if text.startswith("'") and text[1:2] and text[1] in FORMULA_TRIGGERS:
        text = text[1:]
    return text


def cell_value(value):
    """A value safe to write into a cell.

    Numbers, dates and times stay what they are (aware datetimes become local time, which is all
    Excel can store); True/False become 是/否; text loses characters XML cannot hold and, if it
    would start a formula, gets a leading apostrophe so it is shown as text.
    """
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    if value is None or isinstance(value, int | float | Decimal | date | time):
        return value
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    if text.startswith(FORMULA_TRIGGERS):
        text = "'" + text
    if len(text) > EXCEL_MAX_CELL_CHARS:
        text = text[: EXCEL_MAX_CELL_CHARS - 1] + "…"
    return text


def write_table(headers, rows, title="Sheet1"):
    """A one-sheet workbook: bold header row (frozen), then one row per item of `rows`."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(re.sub(r"[\[\]:*?/\\]", "", title)[:31] or "Sheet1")
    sheet.freeze_panes = "A2"
    for index, header in enumerate(headers, start=1):
        # CJK characters are about two columns wide.
        width = sum(2 if ord(char) > 0x2E80 else 1 for char in str(header)) + 4
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width, 12), 60)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=cell_value(header))
        cell.font = Font(bold=True)
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([cell_value(value) for value in row])
    return workbook


def workbook_bytes(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(workbook, filename):
    """An HTTP download of `workbook` (the Chinese filename is encoded per RFC 6266)."""
    return HttpResponse(
        workbook_bytes(workbook),
        content_type=CONTENT_TYPE,
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )


class UploadForm(forms.Form):
    """The upload field of every import page: one .xlsx file of at most MAX_UPLOAD_BYTES."""

    file = forms.FileField(
        label="Excel 文件（.xlsx）",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx," + CONTENT_TYPE}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"文件过大（{upload.size // 1024 // 1024} MB），上限为 {MAX_UPLOAD_BYTES // 1024 // 1024} MB"
            )
        return upload
