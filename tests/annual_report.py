"""A hand-counted annual report for 2025, shared by the tests of reports/.

`build_2025(agency, other_agency)` stores requests, cases and items whose 2025 tables are
counted by hand below (EXPECTED_*): each of the 21 outcomes once, carry-in and carry-out across
both year ends, every applicant column, cases decided after 31 December, repealed and withdrawn
documents. `other_agency` gets a few records that only a report with subordinates may count.
"""

import datetime
import itertools

from django.utils import timezone

from catalog.models import Directory, Item
from requests_app.models import Case, Request
from requests_app.outcomes import Outcome

D = datetime.date
KINDS = ["person", "business", "research", "public_interest", "legal_service", "other"]
_numbers = itertools.count(1)


def request(agency, kind, received, outcome=None, closed=None, status=None):
    """A stored request with just the fields the report reads."""
    if status is None:
        status = Request.Status.CLOSED if outcome else Request.Status.IN_PROGRESS
    return Request.objects.create(
        agency=agency,
        number=f"T-{next(_numbers):05d}",
        channel=Request.Channel.LETTER,
        received_on=received,
        applicant_kind=kind,
        applicant_name="测试申请人",
        description="测试",
        status=status,
        outcome=outcome or "",
        closed_on=closed,
    )


def item(agency, genre, written, status=Item.Status.PUBLISHED, **fields):
    directory = Directory.objects.filter(name="行政规范性文件").first() or (
        Directory.objects.create(name="行政规范性文件")
    )
    published = timezone.make_aware(datetime.datetime.combine(written, datetime.time(9)))
    return Item.objects.create(
        agency=agency,
        directory=directory,
        title=f"文件{next(_numbers)}",
        written_on=written,
        genre=genre,
        status=status,
        published_at=None if status == Item.Status.DRAFT else published,
        **fields,
    )


def aware(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def build_2025(agency, other_agency=None):
    # Each outcome once, received and closed in 2025, applicant kinds in turn.
    for index, outcome in enumerate(Outcome):
        request(agency, KINDS[index % 6], D(2025, 3, 1), outcome, D(2025, 3, 20))
    request(agency, "person", D(2024, 12, 20), Outcome.GRANTED, D(2025, 1, 10))  # carried in
    request(agency, "business", D(2024, 11, 5))  # carried in and out, still open
    request(agency, "person", D(2024, 6, 1), Outcome.GRANTED, D(2024, 6, 20))  # all in 2024
    request(agency, "legal_service", D(2025, 12, 28), Outcome.NOT_HELD, D(2026, 1, 8))  # out
    request(agency, "public_interest", D(2025, 12, 30))  # carried out, open
    request(agency, "other", D(2025, 12, 31), status=Request.Status.SUBMITTED)  # unconfirmed
    request(agency, "person", D(2026, 1, 5))  # next year

    case = Case.objects.create
    case(
        agency=agency,
        kind="review",
        filed_on=D(2025, 2, 1),
        result="upheld",
        decided_on=D(2025, 5, 1),
    )
    case(
        agency=agency,
        kind="review",
        filed_on=D(2025, 3, 1),
        result="corrected",
        decided_on=D(2025, 12, 31),
    )
    case(
        agency=agency,
        kind="review",
        filed_on=D(2025, 10, 1),
        result="other",
        decided_on=D(2026, 1, 15),
    )
    case(agency=agency, kind="direct_suit", filed_on=D(2025, 11, 12))
    case(
        agency=agency,
        kind="direct_suit",
        filed_on=D(2025, 4, 1),
        result="other",
        decided_on=D(2025, 9, 1),
    )
    case(
        agency=agency,
        kind="suit_after_review",
        filed_on=D(2025, 6, 1),
        result="corrected",
        decided_on=D(2025, 8, 1),
    )
    case(
        agency=agency,
        kind="review",
        filed_on=D(2024, 12, 31),
        result="upheld",
        decided_on=D(2025, 1, 3),
    )
    case(agency=agency, kind="review", filed_on=D(2026, 1, 2))  # fmt: skip

    normative, regulation = Item.Genre.NORMATIVE, Item.Genre.REGULATION
    repealed, expired = Item.Validity.REPEALED, Item.Validity.EXPIRED
    item(agency, normative, D(2025, 3, 1), validity="valid")
    item(agency, normative, D(2023, 5, 1), validity=repealed, invalid_on=D(2025, 7, 1))
    item(agency, normative, D(2022, 1, 1), validity=repealed, invalid_on=D(2026, 1, 1))
    item(agency, normative, D(2024, 1, 1), validity=expired, invalid_on=D(2025, 6, 30))
    item(agency, normative, D(2025, 12, 31), status=Item.Status.DRAFT)
    item(agency, normative, D(2025, 5, 1), status="withdrawn", withdrawn_at=aware(D(2025, 8, 1)))
    item(agency, normative, D(2025, 2, 1), status="withdrawn", withdrawn_at=aware(D(2026, 2, 1)))
    item(agency, normative, D(2026, 1, 5))
    item(agency, regulation, D(2025, 6, 1), validity="valid")
    item(agency, Item.Genre.NOTICE, D(2025, 6, 1))

    if other_agency is not None:
        request(other_agency, "person", D(2025, 5, 6), Outcome.GRANTED, D(2025, 5, 20))
        request(other_agency, "research", D(2024, 12, 30))  # carried in and out
        case(agency=other_agency, kind="review", filed_on=D(2025, 7, 1))
        item(other_agency, normative, D(2025, 9, 1))


# Section 三, columns 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计.
EXPECTED_3 = {
    "new": [4, 4, 4, 4, 4, 4, 24],
    "carried_in": [1, 1, 0, 0, 0, 0, 2],
    "granted": [2, 0, 0, 0, 0, 0, 2],
    "partly_granted": [0, 1, 0, 0, 0, 0, 1],
    "state_secret": [0, 0, 1, 0, 0, 0, 1],
    "prohibited_by_law": [0, 0, 0, 1, 0, 0, 1],
    "security_stability": [0, 0, 0, 0, 1, 0, 1],
    "third_party": [0, 0, 0, 0, 0, 1, 1],
    "internal_affairs": [1, 0, 0, 0, 0, 0, 1],
    "process_info": [0, 1, 0, 0, 0, 0, 1],
    "enforcement_file": [0, 0, 1, 0, 0, 0, 1],
    "admin_query": [0, 0, 0, 1, 0, 0, 1],
    "not_held": [0, 0, 0, 0, 1, 0, 1],
    "needs_creation": [0, 0, 0, 0, 0, 1, 1],
    "still_unclear": [1, 0, 0, 0, 0, 0, 1],
    "petition": [0, 1, 0, 0, 0, 0, 1],
    "repeated": [0, 0, 1, 0, 0, 0, 1],
    "publication": [0, 0, 0, 1, 0, 0, 1],
    "excessive": [0, 0, 0, 0, 1, 0, 1],
    "confirmation": [0, 0, 0, 0, 0, 1, 1],
    "not_corrected": [1, 0, 0, 0, 0, 0, 1],
    "fee_unpaid": [0, 1, 0, 0, 0, 0, 1],
    "other": [0, 0, 1, 0, 0, 0, 1],
    "total": [5, 4, 4, 3, 3, 3, 22],
    "carried_out": [0, 1, 0, 1, 1, 1, 4],
}
# Section 四: 行政复议, 未经复议直接起诉, 复议后起诉 × 维持, 纠正, 其他, 尚未审结, 总计.
EXPECTED_4 = [1, 1, 0, 1, 3, 0, 0, 1, 1, 2, 0, 1, 0, 0, 1]
# Section 二: 规章 and 行政规范性文件 × 本年制发, 本年废止, 现行有效.
EXPECTED_2 = {"regulation": [1, 0, 1], "normative": [2, 1, 3]}

# The same with `other_agency` added (a report with subordinates over both).
EXPECTED_3_WITH_OTHER = {
    **EXPECTED_3,
    "new": [5, 4, 4, 4, 4, 4, 25],
    "carried_in": [1, 1, 1, 0, 0, 0, 3],
    "granted": [3, 0, 0, 0, 0, 0, 3],
    "total": [6, 4, 4, 3, 3, 3, 23],
    "carried_out": [0, 1, 1, 1, 1, 1, 5],
}
EXPECTED_4_WITH_OTHER = [1, 1, 0, 2, 4, *EXPECTED_4[5:]]
EXPECTED_2_WITH_OTHER = {"regulation": [1, 0, 1], "normative": [3, 1, 4]}

# The labels of section 三's 25 rows, as the label columns show them (merged cells once).
LABELS_3 = [
    ["一、本年新收政府信息公开申请数量"],
    ["二、上年结转政府信息公开申请数量"],
    ["三、本年度办理结果", "（一）予以公开"],
    ["（二）部分公开（区分处理的，只计这一情形，不计其他情形）"],
    ["（三）不予公开", "1.属于国家秘密"],
    ["2.其他法律行政法规禁止公开"],
    ["3.危及“三安全一稳定”"],
    ["4.保护第三方合法权益"],
    ["5.属于三类内部事务信息"],
    ["6.属于四类过程性信息"],
    ["7.属于行政执法案卷"],
    ["8.属于行政查询事项"],
    ["（四）无法提供", "1.本机关不掌握相关政府信息"],
    ["2.没有现成信息需要另行制作"],
    ["3.补正后申请内容仍不明确"],
    ["（五）不予处理", "1.信访举报投诉类申请"],
    ["2.重复申请"],
    ["3.要求提供公开出版物"],
    ["4.无正当理由大量反复申请"],
    ["5.要求行政机关确认或重新出具已获取信息"],
    ["（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"],
    ["2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"],
    ["3.其他"],
    ["（七）总计"],
    ["四、结转下年度继续办理"],
]
ROW_KEYS_3 = list(EXPECTED_3)
