"""The official layout of the tables of sections 二, 三 and 四: grids of cells with merged headers.

`tables(data)` turns a `reports.tables.ReportData` into three `Table`s whose rows are lists of
`Cell`s with rowspan/colspan, exactly like an HTML table. The HTML include
(templates/reports/_tables.html) and the XLSX writer (reports/workbook.py) both render these
grids, so the page, the print-out and the spreadsheet cannot disagree. Labels are the 2021
format's, character for character (docs/annual-report-2021.md).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from requests_app.models import Case
from requests_app.outcomes import OUTCOME_INFO, REPORT_GROUPS, Outcome

from . import tables as t

SECTION_TITLES = {
    "一": "一、总体情况",
    "二": "二、主动公开政府信息情况",
    "三": "三、收到和处理政府信息公开申请情况",
    "四": "四、政府信息公开行政复议、行政诉讼情况",
    "五": "五、存在的主要问题及改进情况",
    "六": "六、其他需要报告的事项",
}

BALANCE_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
# The applicant columns are labelled as the kinds are (自然人, 商业企业, …, 其他).
COLUMN_LABELS = {str(kind): kind.label for kind in t.APPLICANT_COLUMNS} | {t.TOTAL: "总计"}
ROW_LABELS = {
    t.NEW: "一、本年新收政府信息公开申请数量",
    t.CARRIED_IN: "二、上年结转政府信息公开申请数量",
    t.TOTAL: "（七）总计",
    t.CARRIED_OUT: "四、结转下年度继续办理",
}
RESULTS_LABEL = "三、本年度办理结果"


def row_label(row):
    """The label of a section 三 row key, as a check names it: "（三）不予公开 1.属于国家秘密"."""
    if row in ROW_LABELS:
        return ROW_LABELS[row]
    if row in Outcome.values:
        return Outcome(row).label  # an outcome's label is its row's full name
    return row


def group_name(heading):
    """ "（三）不予公开" → "不予公开"; "（二）部分公开（区分处理的…）" → "部分公开"."""
    return heading[3:].split("（")[0]


CASE_KIND_LABELS = {
    Case.Kind.REVIEW: "行政复议",
    Case.Kind.DIRECT_SUIT: "未经复议直接起诉",
    Case.Kind.SUIT_AFTER_REVIEW: "复议后起诉",
}
# The report's choice for section 四 (AnnualReport.cases_filed_earlier), stated under its table.
CASES_NOTE = {
    False: "统计口径：本年度立案的行政复议、行政诉讼案件，结果为本年12月31日时的状态"
    "（之后审结的计为“尚未审结”）。",
    True: "统计口径：本年度立案的行政复议、行政诉讼案件，以及以前年度立案、本年度审结的案件"
    "（按审结结果计入）。",
}
CASE_COLUMN_LABELS = {
    t.UPHELD: "结果维持",
    t.CORRECTED: "结果纠正",
    t.OTHER: "其他结果",
    t.PENDING: "尚未审结",
    t.TOTAL: "总计",
}


@dataclass
class Cell:
    value: object  # text for headings and labels; int (or Decimal for the fee) for figures
    rowspan: int = 1
    colspan: int = 1
    role: str = "value"  # "head" (column heading), "label" (row label) or "value"
    key: str = ""  # "row.column" of a figure, e.g. "new.person", for tests and checks
    column: int = 0  # the grid column the cell starts in (0-based), set by `tables()`

    @property
    def is_value(self):
        return self.role == "value"

    @property
    def display(self):
        """The figure as printed: counts as they are, the fee with at least two decimals."""
        if isinstance(self.value, Decimal):
            return format_fee(self.value)
        return self.value


@dataclass
class Table:
    section: str  # "二", "三", "四"
    title: str
    width: int  # number of columns
    rows: list = field(default_factory=list)
    note: str = ""  # printed under the table (section 四 states which cases it counts)


def format_fee(amount):
    """0.12 → "0.12", 3 → "3.00", 1.2345 → "1.2345": the decimals that were entered, at least two."""
    amount = Decimal(amount).normalize()
    exponent = -amount.as_tuple().exponent
    return f"{amount:.{max(2, exponent)}f}"


def _head(text, rowspan=1, colspan=1):
    return Cell(text, rowspan, colspan, role="head")


def _label(text, rowspan=1, colspan=1):
    return Cell(text, rowspan, colspan, role="label")


def _value(value, key, colspan=1):
    return Cell(value, 1, colspan, role="value", key=key)


def section2_table(data):
    s = data.section2
    figures = [
        [_head("第二十条第（一）项", colspan=4)],
        [_head("信息内容"), _head("本年制发件数"), _head("本年废止件数"), _head("现行有效件数")],
    ]
    for genre, label in (("regulation", "规章"), ("normative", "行政规范性文件")):
        figures.append(
            [_label(label)]
            + [_value(s[genre][col], f"{genre}.{col}") for col in (t.ISSUED, t.REPEALED, t.VALID)]
        )
    decisions = "本年处理决定数量"
    figures += [
        [_head("第二十条第（五）项", colspan=4)],
        [_head("信息内容"), _head(decisions, colspan=3)],
        [_label("行政许可"), _value(s["licences"], "licences", colspan=3)],
        [_head("第二十条第（六）项", colspan=4)],
        [_head("信息内容"), _head(decisions, colspan=3)],
        [_label("行政处罚"), _value(s["penalties"], "penalties", colspan=3)],
        [_label("行政强制"), _value(s["coercions"], "coercions", colspan=3)],
        [_head("第二十条第（八）项", colspan=4)],
        [_head("信息内容"), _head("本年收费金额（单位：万元）", colspan=3)],
        [_label("行政事业性收费"), _value(Decimal(s[t.FEES]), t.FEES, colspan=3)],
    ]
    return Table("二", SECTION_TITLES["二"], 4, figures)


def section3_table(data):
    s = data.section3

    def values(row):
        return [_value(s[row][col], f"{row}.{col}") for col in t.COLUMNS]

    people = [COLUMN_LABELS[c] for c in t.COLUMNS[1:-1]]
    rows = [
        [_head(BALANCE_NOTE, rowspan=3, colspan=3), _head("申请人情况", colspan=7)],
        [_head("自然人", rowspan=2), _head("法人或其他组织", colspan=5), _head("总计", rowspan=2)],
        [_head(label) for label in people],
        [_label(ROW_LABELS[t.NEW], colspan=3), *values(t.NEW)],
        [_label(ROW_LABELS[t.CARRIED_IN], colspan=3), *values(t.CARRIED_IN)],
    ]
    results_rows = len(Outcome) + 1  # + （七）总计
    first = True
    for group, outcomes in REPORT_GROUPS:
        for outcome in outcomes:
            info = OUTCOME_INFO[outcome]
            row = [_label(RESULTS_LABEL, rowspan=results_rows)] if first else []
            first = False
            if info.number is None:  # a group of one row
                row.append(_label(group, colspan=2))
            else:
                if outcome == outcomes[0]:
                    row.append(_label(group, rowspan=len(outcomes)))
                row.append(_label(f"{info.number}.{info.leaf_label}"))
            rows.append(row + values(str(outcome)))
    rows.append([_label(ROW_LABELS[t.TOTAL], colspan=2), *values(t.TOTAL)])
    rows.append([_label(ROW_LABELS[t.CARRIED_OUT], colspan=3), *values(t.CARRIED_OUT)])
    return Table("三", SECTION_TITLES["三"], 10, rows)


def section4_table(data):
    s = data.section4
    rows = [
        [_head("行政复议", rowspan=2, colspan=5), _head("行政诉讼", colspan=10)],
        [_head("未经复议直接起诉", colspan=5), _head("复议后起诉", colspan=5)],
        [_head(CASE_COLUMN_LABELS[col]) for _kind in t.CASE_KINDS for col in t.CASE_COLUMNS],
        [_value(s[kind][col], f"{kind}.{col}") for kind in t.CASE_KINDS for col in t.CASE_COLUMNS],
    ]
    return Table("四", SECTION_TITLES["四"], 15, rows, note=CASES_NOTE[data.cases_filed_earlier])


def tables(data):
    """The three tables of a report, in the order of the form."""
    built = [section2_table(data), section3_table(data), section4_table(data)]
    for table in built:
        place_columns(table)
    return built


def place_columns(table):
    """Set each cell's starting column, skipping the places that cells above span into
    (the HTML page keeps the row labels of each column in view on a phone: _tables.html)."""
    taken = set()  # (row, column) covered by a cell of an earlier row
    for r, row in enumerate(table.rows):
        column = 0
        for cell in row:
            while (r, column) in taken:
                column += 1
            cell.column = column
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, column + dc))
            column += cell.colspan
