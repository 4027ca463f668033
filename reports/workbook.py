"""The annual report as an XLSX workbook (docs/spreadsheets.md §4).

One sheet per table (二, 三, 四), laid out like the official form from the same `layout.Table`
grids the HTML page renders: the section title in row 1, the table from row 2 with merged
header cells, labels exactly as written, figures as numbers (the fee with its decimals), ready
to paste into the official template. A last sheet, 校验结果, lists the five checks.
"""

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from spreadsheets.xlsx import cell_value

THIN = Side(style="thin")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
FIRST_TABLE_ROW = 2
FEE_FORMAT = "0.00##"  # at least two decimals, up to the four that are stored


def place(table):
    """(row, column, Cell) of every cell of `table`, 1-based and relative to its first row,
    skipping the positions that rowspans and colspans from above already cover."""
    taken = set()
    placed = []
    for r, row in enumerate(table.rows, start=1):
        c = 1
        for cell in row:
            while (r, c) in taken:
                c += 1
            placed.append((r, c, cell))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            c += cell.colspan
    return placed


def _write_table(sheet, table, heading):
    sheet.cell(1, 1, cell_value(heading)).font = Font(bold=True, size=12)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=table.width)
    offset = FIRST_TABLE_ROW - 1
    for r, c, cell in place(table):
        row, column = r + offset, c
        target = sheet.cell(row, column, cell_value(cell.value))
        target.alignment = CENTRE if cell.role != "label" else LEFT
        if cell.role == "head":
            target.font = Font(bold=True)
        if cell.key == "fees":
            target.number_format = FEE_FORMAT
        last_row, last_column = row + cell.rowspan - 1, column + cell.colspan - 1
        for rr in range(row, last_row + 1):
            for cc in range(column, last_column + 1):
                sheet.cell(rr, cc).border = BORDER
        if cell.rowspan > 1 or cell.colspan > 1:
            sheet.merge_cells(
                start_row=row, start_column=column, end_row=last_row, end_column=last_column
            )
    if table.note:  # section 四 states which cases it counts, as the page does
        note_row = offset + len(table.rows) + 2
        sheet.cell(note_row, 1, cell_value(table.note)).alignment = LEFT
        sheet.merge_cells(
            start_row=note_row, start_column=1, end_row=note_row, end_column=table.width
        )
    widths = {"二": [22, 16, 16, 16], "三": [10, 16, 44] + [11] * 7, "四": [9] * 15}
    for index, width in enumerate(widths.get(table.section, []), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def report_workbook(built):
    """The workbook of a `reports.build.BuiltReport`."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    scope = built.scope
    for table in built.tables:
        sheet = workbook.create_sheet(table.title)
        _write_table(sheet, table, table.title)
        sheet.sheet_view.showGridLines = False
        # Printable on A4 as it is: one page wide, section 四's fifteen columns across.
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        if table.width > 10:
            sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet = workbook.create_sheet("校验结果")
    sheet.append(["机关", cell_value(scope.label())])
    sheet.append(["年度", scope.year])
    sheet.append([])
    sheet.append(["校验项", "结果", "说明"])
    for result in built.results:
        if result.passed:
            verdict = "通过"
        elif result.override:
            verdict = f"未通过（已确认：{result.override.reason}）"
        else:
            verdict = "未通过"
        sheet.append([result.title, cell_value(verdict), cell_value(result.explanation)])
    for column, width in zip("ABC", (40, 24, 100), strict=True):
        sheet.column_dimensions[column].width = width
    return workbook


def filename(built):
    scope = built.scope
    suffix = "（含下级机关）" if scope.with_subordinates else ""
    return f"{scope.agency.name}{scope.year}年政府信息公开工作年度报告{suffix}.xlsx"
