"""What waits for staff among the open requests, counted for the staff home (工作台).

Each count is exactly the rows of one view of the worklist (/staff/requests/?view=…): both
filter the stored due date (`Request.due_on`, kept by requests_app/recount.py) with
`due_filter`, so the home and the worklist agree by construction, and neither computes a
deadline per row. One grouped query, whatever the number of agencies and requests.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Exists, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from workcalendar.workdays import add_workdays

from . import deadlines
from .models import AnswerSecrecyReview, Extension, Request, RequestAttachment

Status = Request.Status


@dataclass
class Workload:
    """Open requests by what they wait for; `overdue_by_agency` is [(agency pk, name, count)],
    most overdue first."""

    to_confirm: int = 0
    due_soon: int = 0
    overdue: int = 0
    extension_pending: int = 0
    to_route: int = 0  # 待分办: filed with a 人民政府, waiting for its 公开办 (models/routing.py)
    to_accept: int = 0  # 待签收: routed, waiting for the receiving agency
    overdue_by_agency: list = field(default_factory=list)


def due_filter(view, today):
    """The open requests of the worklist view `view` ("overdue" or "due_soon") on `today`.

    超期: the due date passed before today. 5个工作日内到期: due today up to 5 working days on.
    While waiting for a 补正 the clock does not run: the due date is empty, in neither view.
    """
    if view == "overdue":
        return Q(due_on__lt=today)
    soon = add_workdays(today, deadlines.DUE_SOON_DAYS).date
    return Q(due_on__gte=today, due_on__lte=soon)


def workload(requests, today=None):
    """The `Workload` of `requests` (already scoped to the user, e.g. `Request.objects.for_staff`)."""
    today = today or timezone.localdate()
    soon = due_filter("due_soon", today)
    # Only the rows one of the counts counts: most open requests wait for nothing yet, and a
    # province 公开办 got a row for each of ~700 agencies to add up (100,000 requests: 6.3 → 4.4 ms).
    counted = (
        Q(status=Status.SUBMITTED)
        | Q(extension__status=Extension.Status.PENDING)
        | due_filter("overdue", today)
        | soon
        | Q(routing__in=["to_route", "to_accept"])
    )
    rows = (
        requests.open()
        .filter(counted)
        .values("agency", "agency__name")
        .annotate(
            to_confirm=Count("pk", filter=Q(status=Status.SUBMITTED)),
            extension_pending=Count("pk", filter=Q(extension__status=Extension.Status.PENDING)),
            overdue=Count("pk", filter=due_filter("overdue", today)),
            to_route=Count("pk", filter=Q(routing="to_route")),
            to_accept=Count("pk", filter=Q(routing="to_accept")),
            due_soon=Count("pk", filter=soon),
        )
        .order_by()
    )
    result = Workload()
    overdue_by_agency, names = Counter(), {}
    for row in rows:
        result.to_confirm += row["to_confirm"]
        result.extension_pending += row["extension_pending"]
        result.overdue += row["overdue"]
        result.due_soon += row["due_soon"]
        result.to_route += row["to_route"]
        result.to_accept += row["to_accept"]
        overdue_by_agency[row["agency"]] += row["overdue"]
        names[row["agency"]] = row["agency__name"]
    result.overdue_by_agency = [
        (pk, names[pk], count)
        for pk, count in sorted(overdue_by_agency.items(), key=lambda kv: (-kv[1], names[kv[0]]))
        if count
    ]
    return result


def open_supervisions(requests):
    """The 督办 still waiting on `requests` (scoped to the user), soonest expected first: the
    staff home lists them and the daily digest repeats them until the request moves."""
    from .models import Supervision

    return (
        Supervision.objects.open()
        .filter(request__in=requests)
        .select_related("request__agency")
        .order_by("expect_by", "id")
    )


def secrecy_waiting(requests):
    """The requests among `requests` whose answer files wait for a 保密审查 (条例第十七条): in
    progress, with files to give with the answer, and no review recorded since the last file
    was added or the draft last saved. `Request.answer_secrecy_review` (models/answer_secrecy.py)
    in SQL: the staff home counts these rows and the worklist's "secrecy" view lists them.

    A review that stands but did not clear the files is not waiting for the reviewer: the
    handler changes the files or the draft, and the answer waits for a review again."""
    answer_files = RequestAttachment.objects.filter(source=RequestAttachment.Source.ANSWER)
    last_file = (
        answer_files.filter(request=OuterRef("pk"))
        .order_by()
        .values("request")
        .annotate(last=Max("created_at"))
        .values("last")
    )
    reviewed = AnswerSecrecyReview.objects.filter(
        request=OuterRef("pk"), reviewed_at__gte=OuterRef("changed")
    )
    # From the few requests with answer files (not every open request, then a file each).
    return (
        requests.filter(status=Status.IN_PROGRESS, pk__in=answer_files.values("request"))
        .alias(last_file=Subquery(last_file))
        # No draft: the files alone (Coalesce: SQLite's GREATEST is NULL if one value is).
        .alias(changed=Greatest("last_file", Coalesce("answer_draft__updated_at", "last_file")))
        .exclude(Exists(reviewed))
    )
