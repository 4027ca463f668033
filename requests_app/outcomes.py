"""The 21 outcomes of a request: the leaf rows of the annual report's section 三
(docs/annual-report-2021.md), with the ledger's short names (docs/spreadsheets.md §2) and the
article of the 条例 an answer letter cites by default.

Each outcome's row in section 三 is declared once, by `Outcome`: the members are in the order of
the rows and each label is its row's full name. The row's group, number and own label
(`OUTCOME_INFO`) and the list of groups (`REPORT_GROUPS`) are read from there, and
reports/layout.py draws the table from them.
"""

from dataclasses import dataclass

from django.db import models


class Outcome(models.TextChoices):
    """In the order of 三、本年度办理结果. A label is the group's heading for a group of one row,
    else "heading number.own label", character for character as the 2021 format prints it."""

    GRANTED = "granted", "（一）予以公开"
    PARTLY_GRANTED = "partly_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    STATE_SECRET = "state_secret", "（三）不予公开 1.属于国家秘密"
    PROHIBITED_BY_LAW = "prohibited_by_law", "（三）不予公开 2.其他法律行政法规禁止公开"
    SECURITY_STABILITY = "security_stability", "（三）不予公开 3.危及“三安全一稳定”"
    THIRD_PARTY = "third_party", "（三）不予公开 4.保护第三方合法权益"
    INTERNAL_AFFAIRS = "internal_affairs", "（三）不予公开 5.属于三类内部事务信息"
    PROCESS_INFO = "process_info", "（三）不予公开 6.属于四类过程性信息"
    ENFORCEMENT_FILE = "enforcement_file", "（三）不予公开 7.属于行政执法案卷"
    ADMIN_QUERY = "admin_query", "（三）不予公开 8.属于行政查询事项"
    NOT_HELD = "not_held", "（四）无法提供 1.本机关不掌握相关政府信息"
    NEEDS_CREATION = "needs_creation", "（四）无法提供 2.没有现成信息需要另行制作"
    STILL_UNCLEAR = "still_unclear", "（四）无法提供 3.补正后申请内容仍不明确"
    PETITION = "petition", "（五）不予处理 1.信访举报投诉类申请"
    REPEATED = "repeated", "（五）不予处理 2.重复申请"
    PUBLICATION = "publication", "（五）不予处理 3.要求提供公开出版物"
    EXCESSIVE = "excessive", "（五）不予处理 4.无正当理由大量反复申请"
    CONFIRMATION = "confirmation", "（五）不予处理 5.要求行政机关确认或重新出具已获取信息"
    NOT_CORRECTED = (
        "not_corrected",
        ("（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    )
    FEE_UNPAID = (
        "fee_unpaid",
        ("（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    )
    OTHER = "other", "（六）其他处理 3.其他"


class AnswerCase(models.TextChoices):
    """答复情形: which item of 条例第三十六条 an answer applies where one report row covers two.
    Both cases of an outcome count in the outcome's row of the annual report."""

    PUBLISHED = "published", "已主动公开，告知获取方式（第三十六条第（一）项）"
    PROVIDED = "provided", "予以提供（第三十六条第（二）项）"
    NONEXISTENT = "nonexistent", "经检索信息不存在（第三十六条第（四）项）"
    NOT_OURS = "not_ours", "不属于本机关负责公开（第三十六条第（五）项）"


# The cases an outcome chooses between; outcomes not listed have none.
OUTCOME_CASES = {
    Outcome.GRANTED: (AnswerCase.PUBLISHED, AnswerCase.PROVIDED),
    Outcome.NOT_HELD: (AnswerCase.NONEXISTENT, AnswerCase.NOT_OURS),
}
# An answer that names no case: 予以公开 means provided now (as before the split); 本机关不掌握
# has no default, because the two cases need different facts (检索说明, the competent agency).
DEFAULT_CASE = {Outcome.GRANTED: AnswerCase.PROVIDED}


@dataclass(frozen=True)
class OutcomeInfo:
    short_name: str  # the ledger's 办理结果
    basis: str  # the article an answer letter cites by default
    needs_reasons: bool  # refusals and partial grants must give reasons (条例第三十六条)
    group: str  # the heading of the report row's group, e.g. "（三）不予公开"
    number: int | None  # the row's number in its group, e.g. 1; None for a group of one row
    leaf_label: str  # the row's own label, e.g. "属于国家秘密"

    @property
    def row(self):
        """The report row in short, e.g. "（三）1" or "（一）"."""
        return f"{self.group[:3]}{self.number or ''}"


def report_row(label):
    """(group heading, number, own label) of a section 三 row, read from its full name:
    "（三）不予公开 1.属于国家秘密" → ("（三）不予公开", 1, "属于国家秘密");
    "（一）予以公开" → ("（一）予以公开", None, "予以公开")."""
    group, _, numbered = label.partition(" ")
    if not numbered:
        return group, None, group[3:]  # the heading without its "（一）"
    number, _, leaf_label = numbered.partition(".")
    return group, int(number), leaf_label


_REFUSED = "《中华人民共和国政府信息公开条例》"


def _info(short, basis, reasons=True):
    return short, f"{_REFUSED}{basis}" if basis else "", reasons


_DECLARED = {
    Outcome.GRANTED: _info("予以公开", "第三十六条第（二）项", False),
    Outcome.PARTLY_GRANTED: _info("部分公开", "第三十七条、第三十六条第（三）项"),
    Outcome.STATE_SECRET: _info("不予公开-国家秘密", "第十四条、第三十六条第（三）项"),
    Outcome.PROHIBITED_BY_LAW: _info("不予公开-法律行政法规禁止", "第十四条、第三十六条第（三）项"),
    Outcome.SECURITY_STABILITY: _info("不予公开-三安全一稳定", "第十四条、第三十六条第（三）项"),
    Outcome.THIRD_PARTY: _info(
        "不予公开-第三方合法权益", "第十五条、第三十二条、第三十六条第（三）项"
    ),
    Outcome.INTERNAL_AFFAIRS: _info(
        "不予公开-内部事务信息", "第十六条第一款、第三十六条第（三）项"
    ),
    Outcome.PROCESS_INFO: _info("不予公开-过程性信息", "第十六条第二款、第三十六条第（三）项"),
    Outcome.ENFORCEMENT_FILE: _info(
        "不予公开-行政执法案卷", "第十六条第二款、第三十六条第（三）项"
    ),
    # 第三十六条第（七）项 tells the applicant which procedure to use: guidance, no reasons to give.
    Outcome.ADMIN_QUERY: _info("不予公开-行政查询事项", "第三十六条第（七）项", False),
    Outcome.NOT_HELD: _info("无法提供-本机关不掌握", "第三十六条第（四）项或第（五）项"),
    Outcome.NEEDS_CREATION: _info("无法提供-需另行制作", "第三十八条"),
    Outcome.STILL_UNCLEAR: _info("无法提供-补正后仍不明确", "第二十九条第二款、第三十条"),
    Outcome.PETITION: _info("不予处理-信访举报投诉", "第三十九条第一款"),
    Outcome.REPEATED: _info("不予处理-重复申请", "第三十六条第（六）项"),
    Outcome.PUBLICATION: _info("不予处理-公开出版物", "第三十九条第二款"),
    Outcome.EXCESSIVE: _info("不予处理-大量反复申请", "第三十五条"),
    # 条例第二条: a confirmation or a new copy of what the applicant already holds is not a
    # request for 政府信息 at all (第三十九条第二款 is about 公开出版物).
    Outcome.CONFIRMATION: _info("不予处理-确认或重新出具", "第二条"),
    Outcome.NOT_CORRECTED: _info("其他处理-逾期不补正", "第三十条", False),
    Outcome.FEE_UNPAID: _info(
        "其他处理-逾期未缴费",
        "第四十二条、《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
        False,
    ),
    Outcome.OTHER: _info("其他处理-其他", ""),
}
OUTCOME_INFO = {
    outcome: OutcomeInfo(*_DECLARED[outcome], *report_row(outcome.label)) for outcome in Outcome
}


def _report_groups():
    groups = []
    for outcome in Outcome:
        group = OUTCOME_INFO[outcome].group
        if not groups or groups[-1][0] != group:
            groups.append((group, []))
        groups[-1][1].append(outcome)
    return groups


# The groups of 三、本年度办理结果 in order, each with its outcomes: [("（一）予以公开", [GRANTED]), …].
REPORT_GROUPS = _report_groups()

# Outcomes a request reaches by abandonment (a limit passed), never by an ordinary answer.
ABANDONMENT_OUTCOMES = frozenset({Outcome.NOT_CORRECTED, Outcome.FEE_UNPAID})


def short_name(outcome):
    return OUTCOME_INFO[Outcome(outcome)].short_name


def parse_outcome(text):
    """The Outcome named by a ledger cell: the short name, the full label or the row's label."""
    wanted = "".join(str(text).split())
    for outcome, info in OUTCOME_INFO.items():
        names = {info.short_name, outcome.label, info.leaf_label, f"{info.row}{info.leaf_label}"}
        if wanted in {"".join(name.split()) for name in names}:
            return outcome
    return None


# The article an answer of each case cites by default, in place of its outcome's.
CASE_BASIS = {
    AnswerCase.PUBLISHED: f"{_REFUSED}第三十六条第（一）项",
    AnswerCase.PROVIDED: f"{_REFUSED}第三十六条第（二）项",
    AnswerCase.NONEXISTENT: f"{_REFUSED}第三十六条第（四）项",
    AnswerCase.NOT_OURS: f"{_REFUSED}第三十六条第（五）项",
}


def default_basis(outcome, case=""):
    """The article an answer cites when staff name none."""
    return CASE_BASIS[AnswerCase(case)] if case else OUTCOME_INFO[Outcome(outcome)].basis


# 答复情形 as the ledger writes it (docs/spreadsheets.md §2).
CASE_SHORT_NAMES = {
    AnswerCase.PUBLISHED: "已主动公开",
    AnswerCase.PROVIDED: "予以提供",
    AnswerCase.NONEXISTENT: "信息不存在",
    AnswerCase.NOT_OURS: "不属于本机关负责公开",
}
