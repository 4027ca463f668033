"""Importing review and litigation cases from XLSX (docs/spreadsheets.md §3).

All or nothing, every problem listed. Cases have no number of their own, so a row is keyed on
agency + 案件类型 + 立案日期 + 关联申请编号; when a file holds several rows with one key, the
n-th row matches the n-th stored case with that key. Importing a file twice changes nothing.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from organisation.models import Agency
from spreadsheets.xlsx import read_sheet

from .models import Case, Request

AGENCY, KIND, FILED, RESULT, DECIDED, NUMBER = (
    "被申请机关",
    "案件类型",
    "立案日期",
    "结果",
    "结案日期",
    "关联申请编号",
)
KINDS = {label: value for value, label in Case.Kind.choices}
RESULTS = {label: value for value, label in Case.Result.choices}


@dataclass
class CasePlan:
    problems: list = field(default_factory=list)
    # (existing case or None, values, changes); changes of an update are (column, stored value,
    # value in the file) as shown to people, empty for a new case.
    writes: list = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def ok(self):
        return not self.problems

    @property
    def changes_anything(self):
        return bool(self.created or self.updated)


def _parse(row, agencies, allowed=None):
    ref = row.text(AGENCY, required=True)
    agency_id = agencies.get(ref) if ref else None
    if ref and agency_id is None:
        row.problem(AGENCY, f"没有统一社会信用代码或名称为「{ref}」的机关")
    elif agency_id is not None and allowed is not None and agency_id not in allowed:
        row.problem(AGENCY, f"「{ref}」不是您负责的机关，不能导入它的案件")
        agency_id = None
    values = {
        "agency_id": agency_id,
        "kind": row.choice(KIND, KINDS, required=True),
        "filed_on": row.date(FILED, required=True),
        "result": row.choice(RESULT, RESULTS) or "",
        "decided_on": row.date(DECIDED),
        "request_number": row.text(NUMBER, max_length=40),
    }
    if values["result"] and not values["decided_on"]:
        row.problem(DECIDED, "填写了结果时必须填写结案日期")
    if values["decided_on"] and not values["result"] and not row.raw(RESULT):
        row.problem(RESULT, "填写了结案日期时必须填写结果（维持/纠正/其他）")
    if values["decided_on"] and values["filed_on"] and values["decided_on"] < values["filed_on"]:
        row.problem(DECIDED, "不能早于立案日期")
    if values["filed_on"] and values["filed_on"] > timezone.localdate():
        row.problem(FILED, "不能晚于今天")
    return values


def plan_cases(source, allowed=None):
    """Read and check the file; `allowed` (agency ids, or None for any) limits the agencies."""
    sheet = read_sheet(source, required=[AGENCY, KIND, FILED], optional=[RESULT, DECIDED, NUMBER])
    agencies = {}
    for pk, code, name in Agency.objects.values_list("pk", "credit_code", "name"):
        agencies[code] = agencies[name] = pk
    parsed = [_parse(row, agencies, allowed) for row in sheet.rows]
    plan = CasePlan(problems=sheet.problems)
    if plan.problems:
        return plan
    stored = defaultdict(list)
    for case in Case.objects.filter(agency_id__in={v["agency_id"] for v in parsed}).order_by("id"):
        stored[(case.agency_id, case.kind, case.filed_on, case.request_number)].append(case)
    for values in parsed:
        key = (values["agency_id"], values["kind"], values["filed_on"], values["request_number"])
        case = stored[key].pop(0) if stored[key] else None
        changes = []
        if case is None:
            plan.created += 1
        elif not (changes := _changes(case, values)):
            plan.unchanged += 1
            continue
        else:
            plan.updated += 1
        plan.writes.append((case, values, changes))
    return plan


# What a row may change on a stored case: the rest of the row is the key that found it.
CHANGEABLE = {"result": RESULT, "decided_on": DECIDED}


def _changes(case, values):
    def shown(name, value):
        if not value:
            return "（空）"
        return Case.Result(value).label if name == "result" else str(value)

    return [
        (column, shown(name, getattr(case, name)), shown(name, values[name]))
        for name, column in CHANGEABLE.items()
        if getattr(case, name) != values[name]
    ]


def import_cases(source, dry_run=False, allowed=None):
    plan = plan_cases(source, allowed)
    if not plan.ok or dry_run:
        return plan
    with transaction.atomic():
        for case, values, _changes in plan.writes:
            # A stored case changes only where the row differs; its note and link stay.
            names = values if case is None else CHANGEABLE
            case = case or Case()
            for name in names:
                setattr(case, name, values[name])
            if case.request_number and not case.request_id:
                case.request = Request.objects.filter(
                    agency_id=case.agency_id, number=case.request_number
                ).first()
            case.save()
    return plan
