"""What waits for staff among the open requests, counted for the staff home (工作台).

Each count is exactly the rows of one view of the worklist (/staff/requests/?view=…), which
decides overdue and due-soon row by row with `Request.due()`; the home must agree with it
without computing a deadline for every open request of a province.

The due date is not stored (it is derived: docs/legal-rules.md §3), so it is counted in SQL:
a request whose clock has no pause has the deadline `add_workdays(start, 20)` (40 once an
extension is approved), and that deadline has passed by day D exactly when the start is on or
before `latest_start(20 or 40, D)` — one date compared with a column. The few open requests
with a consultation or a fee notice since their start (条例第三十二条, 国办函〔2020〕109号:
the clock stops) are computed row by row, as the worklist does. Once the due date is stored,
both become a plain filter on it.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from workcalendar.workdays import add_workdays, latest_start

from . import deadlines
from .models import Consultation, Extension, FeeNotice, Request

Status = Request.Status
EXTENDED_DAYS = deadlines.ANSWER_DAYS + deadlines.EXTENSION_DAYS


@dataclass
class Workload:
    """Open requests by what they wait for; `overdue_by_agency` is [(agency pk, name, count)],
    most overdue first."""

    to_confirm: int = 0
    due_soon: int = 0
    overdue: int = 0
    extension_pending: int = 0
    overdue_by_agency: list = field(default_factory=list)


def _clock_start():
    # 条例第三十条: after a 补正 the clock restarts on the day the corrected request arrived.
    return Coalesce(F("correction__corrected_on"), F("received_on"))


def _paused():
    """A consultation or fee notice that began on or after the clock's start stops the clock."""
    start = Coalesce(OuterRef("correction__corrected_on"), OuterRef("received_on"))
    return Exists(Consultation.objects.filter(request=OuterRef("pk"), sent_on__gte=start)) | Exists(
        FeeNotice.objects.filter(request=OuterRef("pk"), notified_on__gte=start)
    )


def _passed_by(day):
    """Unpaused requests whose deadline falls on or before `day`."""
    extended = Q(extension__status=Extension.Status.APPROVED)
    return (~extended & Q(clock_start__lte=latest_start(deadlines.ANSWER_DAYS, day))) | (
        extended & Q(clock_start__lte=latest_start(EXTENDED_DAYS, day))
    )


def workload(requests, today=None):
    """The `Workload` of `requests` (already scoped to the user, e.g. `Request.objects.for_staff`).

    One grouped query for the counts of the requests whose clock has no pause; where some
    clock is paused, one more (with the worklist's prefetches: three) for those requests, in
    the agencies that have them. Whatever the number of requests.
    """
    today = today or timezone.localdate()
    # 超期: the deadline passed before today; 5个工作日内到期: due today up to 5 working days on.
    overdue = _passed_by(today - datetime.timedelta(days=1))
    soon = _passed_by(add_workdays(today, deadlines.DUE_SOON_DAYS).date) & ~overdue
    # While waiting for a 补正 the clock does not run: neither overdue nor due soon.
    clocked = ~Q(status=Status.AWAITING_CORRECTION) & Q(paused=False)
    rows = (
        requests.open()
        .annotate(clock_start=_clock_start(), paused=_paused())
        .values("agency", "agency__name")
        .annotate(
            to_confirm=Count("pk", filter=Q(status=Status.SUBMITTED)),
            extension_pending=Count("pk", filter=Q(extension__status=Extension.Status.PENDING)),
            overdue=Count("pk", filter=clocked & overdue),
            due_soon=Count("pk", filter=clocked & soon),
            paused=Count("pk", filter=Q(paused=True)),
        )
        .order_by()
    )
    result = Workload()
    overdue_by_agency, names, paused_in = Counter(), {}, []
    for row in rows:
        result.to_confirm += row["to_confirm"]
        result.extension_pending += row["extension_pending"]
        result.overdue += row["overdue"]
        result.due_soon += row["due_soon"]
        overdue_by_agency[row["agency"]] += row["overdue"]
        names[row["agency"]] = row["agency__name"]
        if row["paused"]:
            paused_in.append(row["agency"])
    # Only the agencies that have such requests: an index lookup, not a second scan.
    for request in _paused_requests(requests.filter(agency__in=paused_in)) if paused_in else ():
        due = request.due()
        due = due.date if due else None
        if deadlines.is_overdue(due, today, request.closed_on):
            result.overdue += 1
            overdue_by_agency[request.agency_id] += 1
            names[request.agency_id] = request.agency.name
        elif not request.closed_on and deadlines.is_due_soon(due, today):
            result.due_soon += 1
    result.overdue_by_agency = [
        (pk, names[pk], count)
        for pk, count in sorted(overdue_by_agency.items(), key=lambda kv: (-kv[1], names[kv[0]]))
        if count
    ]
    return result


def _paused_requests(requests):
    return (
        requests.open()
        .exclude(status=Status.AWAITING_CORRECTION)
        .annotate(paused=_paused())
        .filter(paused=True)
        .with_clock()
    )
