"""The request ledger (依申请公开台账) as XLSX, docs/spreadsheets.md §2.

`plan_ledger(file)` reads and checks the whole file and returns a `LedgerPlan`: every problem
(row, column, Chinese message), or what would be created and updated. `import_ledger(file,
dry_run=False)` applies a clean plan in one transaction: all or nothing. Requests are keyed by
agency + 申请编号 (the portal's number or the 原申请编号, requests_app/numbering.py); a row without a
number is matched on agency, received date, applicant and description (so re-importing the same
file changes nothing), else numbered on creation.
An import records history as it was (a late 补正 notice is kept, not refused); each change is
logged on the request. `export_rows(requests)` writes the same columns plus 答复期限 and 办理状态.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from organisation.models import Agency
from spreadsheets.xlsx import read_sheet, write_table

from .ledger_update import changed_fields, ledger_values, lost_records, write
from .models import Request, RequestEvent
from .outcomes import (
    ABANDONMENT_OUTCOMES,
    CASE_SHORT_NAMES,
    OUTCOME_CASES,
    AnswerCase,
    parse_outcome,
    short_name,
)

AGENCY, NUMBER, CHANNEL, RECEIVED = "受理机关", "申请编号", "申请方式", "收到日期"
KIND, NAME, ID, PHONE, EMAIL, ADDRESS = (
    "申请人类型",
    "申请人姓名或名称",
    "证件号码",
    "联系电话",
    "电子邮箱",
    "通信地址",
)
DESCRIPTION, CORR_SENT, CORR_RECEIVED = "所需信息描述", "补正告知日期", "补正收到日期"
CONS_SENT, CONS_REPLIED, EXTENDED = "征求意见日期", "意见收到日期", "延期"
ANSWERED, OUTCOME, FEE = "答复日期", "办理结果", "收费金额（元）"
CASE, LETTER_NUMBER = "答复情形", "文号"
REQUIRED = [AGENCY, CHANNEL, RECEIVED, KIND, NAME, DESCRIPTION]
COLUMNS = [
    AGENCY, NUMBER, CHANNEL, RECEIVED, KIND, NAME, ID, PHONE, EMAIL, ADDRESS, DESCRIPTION,
    CORR_SENT, CORR_RECEIVED, CONS_SENT, CONS_REPLIED, EXTENDED, ANSWERED, OUTCOME, FEE,
    CASE, LETTER_NUMBER,
]  # fmt: skip
CASES = {label: value for value, label in CASE_SHORT_NAMES.items()}
EXPORT_COLUMNS = [*COLUMNS, "答复期限", "办理状态"]
CHANNELS = {label: value for value, label in Request.Channel.choices}
KINDS = {label: value for value, label in Request.ApplicantKind.choices}
# The column of each field a row sets (ledger_update.FIELDS).
COLUMN_OF = {
    "number": NUMBER, "channel": CHANNEL, "received_on": RECEIVED, "applicant_kind": KIND,
    "applicant_name": NAME, "id_number": ID, "phone": PHONE, "email": EMAIL, "address": ADDRESS,
    "description": DESCRIPTION, "correction_sent": CORR_SENT, "correction_received": CORR_RECEIVED,
    "consultation_sent": CONS_SENT, "consultation_replied": CONS_REPLIED, "extended": EXTENDED,
    "answered_on": ANSWERED, "outcome": OUTCOME, "fee_amount": FEE, "case": CASE,
    "letter_number": LETTER_NUMBER,
}  # fmt: skip


@dataclass
class LedgerPlan:
    problems: list = field(default_factory=list)
    # (row number, existing request or None, values, changes); changes of an update are
    # (column, stored value, value in the file) as shown to people, empty for a new request.
    rows: list = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def ok(self):
        return not self.problems

    @property
    def changes_anything(self):
        return bool(self.created or self.updated)


def _agency_lookup():
    by_key = {}
    for pk, code, name in Agency.objects.values_list("pk", "credit_code", "name"):
        by_key[code] = by_key[name] = pk
    return by_key


def _parse_row(row, agencies, allowed=None):
    v = {}
    ref = row.text(AGENCY, required=True)
    v["agency_id"] = agencies.get(ref) if ref else None
    if ref and v["agency_id"] is None:
        row.problem(AGENCY, f"没有统一社会信用代码或名称为「{ref}」的机关")
    elif v["agency_id"] is not None and allowed is not None and v["agency_id"] not in allowed:
        row.problem(AGENCY, f"「{ref}」不是您负责的机关，不能导入它的申请")
        v["agency_id"] = None
    v["number"] = row.text(NUMBER, max_length=40)
    v["channel"] = row.choice(CHANNEL, CHANNELS, required=True)
    v["received_on"] = row.date(RECEIVED, required=True)
    v["applicant_kind"] = row.choice(KIND, KINDS, required=True)
    v["applicant_name"] = row.text(NAME, required=True, max_length=100)
    v["id_number"] = row.text(ID, max_length=40)
    v["phone"] = row.text(PHONE, max_length=30)
    v["email"] = row.text(EMAIL, max_length=254)
    if v["email"]:
        try:
            validate_email(v["email"])
        except ValidationError:
            row.problem(EMAIL, f"「{v['email']}」不是有效的电子邮箱")
    v["address"] = row.text(ADDRESS, max_length=200)
    v["description"] = row.text(DESCRIPTION, required=True)
    v["correction_sent"] = row.date(CORR_SENT)
    v["correction_received"] = row.date(CORR_RECEIVED)
    v["consultation_sent"] = row.date(CONS_SENT)
    v["consultation_replied"] = row.date(CONS_REPLIED)
    v["extended"] = row.choice(EXTENDED, {"是": True, "否": False}) or False
    v["answered_on"] = row.date(ANSWERED)
    outcome_text = row.text(OUTCOME)
    v["outcome"] = parse_outcome(outcome_text) if outcome_text else None
    if outcome_text and v["outcome"] is None:
        row.problem(
            OUTCOME, f"「{outcome_text}」不是21种办理结果之一（如“予以公开”“不予公开-国家秘密”）"
        )
    # A file without these columns (an older ledger) leaves the stored values alone: None.
    v["case"] = row.choice(CASE, CASES) or "" if row.sheet.has_column(CASE) else None
    if v["case"] and v["case"] not in OUTCOME_CASES.get(v["outcome"], ()):
        row.problem(CASE, f"办理结果为「{outcome_text or '（空）'}」时不能填写答复情形")
    has_number = row.sheet.has_column(LETTER_NUMBER)
    v["letter_number"] = row.text(LETTER_NUMBER, max_length=60) if has_number else None
    fee = row.decimal(FEE)
    if fee is not None and fee < 0:
        row.problem(FEE, "不能为负数")
    v["fee_amount"] = fee or 0
    _check_dates(row, v)
    return v


def _check_dates(row, v):
    received = v["received_on"]
    if v["answered_on"] and not v["outcome"] and not row.raw(OUTCOME):
        row.problem(OUTCOME, "填写了答复日期时必须填写办理结果")
    if v["outcome"] and not v["answered_on"]:
        row.problem(ANSWERED, "填写了办理结果时必须填写答复日期")
    if v["correction_received"] and not v["correction_sent"]:
        row.problem(CORR_SENT, "填写了补正收到日期时必须填写补正告知日期")
    if v["consultation_replied"] and not v["consultation_sent"]:
        row.problem(CONS_SENT, "填写了意见收到日期时必须填写征求意见日期")
    if v["extended"] and v["outcome"] in ABANDONMENT_OUTCOMES:
        row.problem(EXTENDED, "逾期不补正、逾期未缴费而终止的申请不能延期")
    order = [
        (CORR_SENT, v["correction_sent"], RECEIVED, received),
        (CORR_RECEIVED, v["correction_received"], CORR_SENT, v["correction_sent"]),
        (CONS_SENT, v["consultation_sent"], RECEIVED, received),
        (CONS_REPLIED, v["consultation_replied"], CONS_SENT, v["consultation_sent"]),
        (ANSWERED, v["answered_on"], RECEIVED, received),
    ]
    for column, day, earlier_column, earlier in order:
        if day and earlier and day < earlier:
            row.problem(column, f"不能早于{earlier_column}")
    today = timezone.localdate()
    for column, key in ((RECEIVED, "received_on"), (ANSWERED, "answered_on")):
        if v[key] and v[key] > today:
            row.problem(column, "不能晚于今天")


def plan_ledger(source, allowed=None):
    """Read and check the file; raises spreadsheets.xlsx.SheetError when it cannot be read at all.

    `allowed` (agency ids, or None for any) limits the agencies a row may name: the staff UI
    passes the user's agencies, so another agency's row is a problem, never an import.
    """
    sheet = read_sheet(
        source, required=REQUIRED, optional=[c for c in COLUMNS if c not in REQUIRED]
    )
    agencies = _agency_lookup()
    plan = LedgerPlan()
    parsed = [(row, _parse_row(row, agencies, allowed)) for row in sheet.rows]
    seen = {}
    for row, values in parsed:
        if values["number"] and values["agency_id"]:
            key = (values["agency_id"], values["number"])
            if key in seen:
                row.problem(NUMBER, f"与第{seen[key]}行的申请编号重复")
            seen[key] = row.number
    plan.problems = sheet.problems
    if plan.problems:
        return plan
    existing = _existing(parsed)
    for row, values in parsed:
        request = existing.get(_key(values))
        changes = []
        if request is None:
            plan.created += 1
        elif not (changed := changed_fields(request, values)):
            plan.unchanged += 1
            continue
        else:
            plan.updated += 1
            for name, message in lost_records(request, values):
                row.problem(COLUMN_OF[name], message)
            old = ledger_values(request)
            changes = [(COLUMN_OF[n], shown(n, old[n]), shown(n, values[n])) for n in changed]
        plan.rows.append((row.number, request, values, changes))
    plan.problems = sheet.problems
    return plan


def shown(name, value):
    """A stored or parsed value as the ledger writes it."""
    if value is None or value == "":
        return "（空）"
    if name == "channel":
        return Request.Channel(value).label
    if name == "applicant_kind":
        return Request.ApplicantKind(value).label
    if name == "outcome":
        return short_name(value)
    if name == "extended":
        return "是" if value else "否"
    if name == "case":
        return CASE_SHORT_NAMES[AnswerCase(value)]
    return str(value)


def _key(values):
    if values["number"]:
        return (values["agency_id"], values["number"])
    return (
        values["agency_id"],
        values["received_on"],
        values["applicant_name"],
        values["description"],
    )


def _existing(parsed):
    agency_ids = {values["agency_id"] for _, values in parsed}
    found = {}
    candidates = Request.objects.filter(agency_id__in=agency_ids).with_clock()
    numbers = {values["number"] for _, values in parsed if values["number"]}
    # A row names a request by its number or by the 原申请编号 it was imported or known under.
    by_number = candidates.filter(Q(number__in=numbers) | Q(original_number__in=numbers))
    for request in by_number:
        for number in (request.original_number, request.number):  # its own number wins
            if number in numbers:
                found[(request.agency_id, number)] = request
    unnumbered = [values for _, values in parsed if not values["number"]]
    if unnumbered:
        days = {values["received_on"] for values in unnumbered}
        # A request the file names by number is not also a match for an unnumbered row.
        unnamed = candidates.filter(received_on__in=days).exclude(number__in=numbers)
        for request in unnamed.exclude(original_number__in=numbers):
            key = (
                request.agency_id,
                request.received_on,
                request.applicant_name,
                request.description,
            )
            found.setdefault(key, request)
    return found


def import_ledger(source, dry_run=False, user=None, progress=None, allowed=None):
    plan = plan_ledger(source, allowed)
    if not plan.ok or dry_run:
        return plan
    with transaction.atomic():
        for index, (_number, request, values, _changes) in enumerate(plan.rows, start=1):
            saved, changed = write(request, values, user)
            if request is None:
                saved._log(user, RequestEvent.Kind.IMPORTED, "台账导入：新建")
            else:  # the log names the columns, not their values (as update_details does)
                columns = "、".join(COLUMN_OF[name] for name in changed)
                saved._log(user, RequestEvent.Kind.IMPORTED, f"台账导入：更新{columns}")
            if progress and index % 500 == 0:
                progress(index, len(plan.rows))
    return plan


def export_rows(requests, today=None):
    """Rows of EXPORT_COLUMNS for `requests` (use `.with_clock()` to keep queries flat)."""
    today = today or timezone.localdate()
    codes = dict(Agency.objects.values_list("pk", "credit_code"))
    for r in requests:
        v = ledger_values(r)
        due = r.due()
        yield [
            codes[r.agency_id], r.number, r.get_channel_display(), r.received_on,
            r.get_applicant_kind_display(), r.applicant_name, r.id_number, r.phone, r.email,
            r.address, r.description, v["correction_sent"], v["correction_received"],
            v["consultation_sent"], v["consultation_replied"], "是" if v["extended"] else "否",
            r.closed_on, short_name(r.outcome) if r.outcome else "", r.fee_amount,
            CASE_SHORT_NAMES[AnswerCase(v["case"])] if v["case"] else "", v["letter_number"],
            str(due) if due else "待补正", r.handling_state(today).label,
        ]  # fmt: skip


def export_workbook(requests):
    return write_table(EXPORT_COLUMNS, export_rows(requests), title="依申请公开台账")
