"""The five checks of the annual report (docs/annual-report-2021.md, section 三 "Checks").

Each check is a plain function of the computed figures returning a `CheckResult`: passed or
not, and a Chinese explanation with the numbers, which the staff page shows next to the tables
and the export command prints. A report that fails a check is flagged: publishing needs every
check to pass or to be overridden by staff with a reason (`AnnualReport.check_overrides`).
"""

from dataclasses import dataclass
from decimal import Decimal

from catalog import privacy

from . import tables as t
from .layout import CASE_COLUMN_LABELS, CASE_KIND_LABELS, COLUMN_LABELS, row_label

ROWS, COLUMNS, BALANCE, CARRY, WHOLE = "rows", "columns", "balance", "carry", "whole"
PRIVACY = "privacy"
TITLES = {
    ROWS: "各行总计等于各类申请人之和",
    COLUMNS: "各列（七）总计等于21项办理结果之和",
    BALANCE: "各列第一项加第二项等于第三项加第四项",
    CARRY: "上年结转等于上年度报告的结转下年度继续办理",
    WHOLE: "全部数字为非负整数",
    PRIVACY: "文字部分不含未遮盖的个人信息",
}
MAX_LISTED = 5  # a check lists this many failures, then says how many more


@dataclass
class CheckResult:
    key: str
    passed: bool
    explanation: str
    override: object = None  # the CheckOverride that accepts a failure, if any

    @property
    def title(self):
        return TITLES[self.key]

    @property
    def blocking(self):
        return not self.passed and self.override is None


def _listed(problems):
    shown = "；".join(problems[:MAX_LISTED])
    if len(problems) > MAX_LISTED:
        shown += f"；另有{len(problems) - MAX_LISTED}处"
    return shown + "。"


def _parts(section3, row):
    return " + ".join(f"{COLUMN_LABELS[c]}{section3[row][c]}" for c in t.COLUMNS[:-1])


def check_rows(section3):
    """1. Each row: 总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他."""
    problems = []
    for row in t.ROWS:
        parts = sum(section3[row][c] for c in t.COLUMNS[:-1])
        if section3[row][t.TOTAL] != parts:
            problems.append(
                f"「{row_label(row)}」总计为{section3[row][t.TOTAL]}，"
                f"但{_parts(section3, row)} = {parts}"
            )
    if problems:
        return CheckResult(ROWS, False, _listed(problems))
    return CheckResult(ROWS, True, f"全部{len(t.ROWS)}行的总计均等于六类申请人之和。")


def check_columns(section3):
    """2. Each column: （七）总计 = the sum of the 21 leaf rows."""
    problems = []
    for column in t.COLUMNS:
        leaves = sum(section3[o][column] for o in t.OUTCOMES)
        if section3[t.TOTAL][column] != leaves:
            problems.append(
                f"「{COLUMN_LABELS[column]}」列（七）总计为{section3[t.TOTAL][column]}，"
                f"但21项办理结果之和为{leaves}"
            )
    if problems:
        return CheckResult(COLUMNS, False, _listed(problems))
    total = section3[t.TOTAL][t.TOTAL]
    return CheckResult(COLUMNS, True, f"各列（七）总计均等于21项办理结果之和（合计{total}件）。")


def check_balance(section3):
    """3. Each column: 一 + 二 = （七）总计 + 四, the 勾稽关系 printed in the table."""
    problems = []
    for column in t.COLUMNS:
        new, carried_in = section3[t.NEW][column], section3[t.CARRIED_IN][column]
        closed, carried_out = section3[t.TOTAL][column], section3[t.CARRIED_OUT][column]
        if new + carried_in != closed + carried_out:
            problems.append(
                f"「{COLUMN_LABELS[column]}」列：新收{new} + 上年结转{carried_in} = "
                f"{new + carried_in}，办理结果总计{closed} + 结转下年度{carried_out} = "
                f"{closed + carried_out}"
            )
    if problems:
        return CheckResult(
            BALANCE, False, _listed(problems) + "请检查收到日期晚于办结日期或办结而无结果的申请。"
        )
    row = {key: section3[key][t.TOTAL] for key in (t.NEW, t.CARRIED_IN, t.TOTAL, t.CARRIED_OUT)}
    return CheckResult(
        BALANCE,
        True,
        f"合计：新收{row[t.NEW]} + 上年结转{row[t.CARRIED_IN]} = {row[t.NEW] + row[t.CARRIED_IN]}，"
        f"办理结果总计{row[t.TOTAL]} + 结转下年度{row[t.CARRIED_OUT]} = "
        f"{row[t.TOTAL] + row[t.CARRIED_OUT]}；各列均相符。",
    )


def check_carry(section3, previous_carried_out, source):
    """4. 二 of year Y equals 四 of year Y−1 (`source` says where the latter comes from)."""
    problems = [
        f"「{COLUMN_LABELS[c]}」列：本年上年结转{section3[t.CARRIED_IN][c]}，"
        f"{source}结转下年度继续办理{previous_carried_out.get(c, 0)}"
        for c in t.COLUMNS
        if section3[t.CARRIED_IN][c] != previous_carried_out.get(c, 0)
    ]
    if problems:
        return CheckResult(CARRY, False, _listed(problems))
    total = section3[t.CARRIED_IN][t.TOTAL]
    return CheckResult(CARRY, True, f"上年结转{total}件，与{source}结转下年度继续办理数一致。")


def check_whole_numbers(data):
    """5. Every cell is a non-negative whole number (the fee: a non-negative amount)."""
    problems = []

    def look(where, value):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            problems.append(f"{where}为「{value}」")

    for row in t.ROWS:
        for column in t.COLUMNS:
            look(f"三「{row_label(row)}」「{COLUMN_LABELS[column]}」", data.section3[row][column])
    s2 = data.section2
    for genre, label in zip(t.GENRES, ("规章", "行政规范性文件"), strict=True):
        for column, name in zip(
            (t.ISSUED, t.REPEALED, t.VALID),
            ("本年制发件数", "本年废止件数", "现行有效件数"),
            strict=True,
        ):
            look(f"二「{label}」「{name}」", s2[genre][column])
    for key, label in zip(t.ENTERED_COUNTS, ("行政许可", "行政处罚", "行政强制"), strict=True):
        look(f"二「{label}」", s2[key])
    if Decimal(s2[t.FEES]) < 0:
        problems.append(f"二「行政事业性收费」为「{s2[t.FEES]}」")
    for kind in t.CASE_KINDS:
        for column in t.CASE_COLUMNS:
            look(
                f"四「{CASE_KIND_LABELS[kind]}」「{CASE_COLUMN_LABELS[column]}」",
                data.section4[kind][column],
            )
    if problems:
        return CheckResult(WHOLE, False, _listed(problems))
    return CheckResult(WHOLE, True, "全部单元格均为非负整数，收费金额不为负数。")


def check_personal_data(texts):
    """6. The written sections carry no unmasked 身份证号, phone, bank card or e-mail address.

    The report is published like a catalog item, so the catalog's privacy screen applies
    (catalog/privacy.py, docs/catalog.md §6); an office phone is accepted like any other
    failure, by an override with its reason.
    """
    problems = [
        f"{label}：{hit.kind} {hit.masked}"
        for label, text in texts.items()
        for hit in privacy.find(text or "")
    ]
    if problems:
        return CheckResult(
            PRIVACY,
            False,
            _listed(problems) + "请按规范遮盖（如 138****1234），或说明理由确认可以公开。",
        )
    return CheckResult(PRIVACY, True, "未发现身份证号、手机号码、固定电话、银行卡号或电子邮箱。")


def run_checks(data, previous_carried_out, source, overrides=None, texts=None):
    """The results in the spec's order (the privacy screen of `texts` last), with any
    override attached to a failure. `texts`: {section title: the report's prose}."""
    results = [
        check_rows(data.section3),
        check_columns(data.section3),
        check_balance(data.section3),
        check_carry(data.section3, previous_carried_out, source),
        check_whole_numbers(data),
        check_personal_data(texts or {}),
    ]
    overrides = overrides or {}
    for result in results:
        if not result.passed:
            result.override = overrides.get(result.key)
    return results


def blocking(results):
    """The failures nobody has accepted: publishing waits for these."""
    return [result for result in results if result.blocking]
