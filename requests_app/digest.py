"""The daily digest for staff (docs/legal-rules.md §12): one mail per person listing what waits
for them in their own agencies, nothing when nothing waits, never two on one day.

Who gets what:
- a 办理人 (承办人): the requests assigned to them, and the unassigned ones of their agencies;
- a 负责人 and a 公开办: every open request of their agencies (a 公开办: and its subtree);
and in each: due within `DIGEST_DUE_DAYS` working days, overdue, 待签收 (a 公开办 also 待分办),
待批准延期 (for whoever approves them) and the open 督办, repeated until the request moves.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse

from organisation.access import has_oversight
from organisation.models import Agency
from workcalendar.workdays import add_workdays

from .models import DigestSent, Extension, Request, Routing
from .workload import open_supervisions

VIEW = "requests_app.view_request"
WORK = "requests_app.change_request"
APPROVE = "requests_app.approve_extension"


@dataclass
class Digest:
    due_soon: list = field(default_factory=list)
    overdue: list = field(default_factory=list)
    to_accept: list = field(default_factory=list)
    to_route: list = field(default_factory=list)
    extension_pending: list = field(default_factory=list)
    supervisions: list = field(default_factory=list)

    def __len__(self):
        return sum(len(rows) for rows in vars(self).values())


def digest_for(user, today):
    """What waits for `user` on `today` (a `Digest`; empty when nothing does)."""
    agencies = Agency.objects.for_staff(user)
    scope = Request.objects.filter(agency__in=agencies).open().select_related("agency")
    oversight, approver = has_oversight(user), user.has_perm(APPROVE)
    mine = scope
    if not (oversight or approver):
        if not user.has_perm(WORK):
            return Digest()
        mine = scope.filter(Q(handler=user) | Q(handler__isnull=True))
    soon = add_workdays(today, settings.DIGEST_DUE_DAYS).date
    digest = Digest(
        due_soon=list(mine.filter(due_on__gte=today, due_on__lte=soon).order_by("due_on", "id")),
        overdue=list(mine.filter(due_on__lt=today).order_by("due_on", "id")),
        to_accept=list(
            scope.filter(routing=Routing.TO_ACCEPT, agency__in=user.agencies.all()).order_by("id")
        ),
        supervisions=list(open_supervisions(mine)),
    )
    if oversight:
        digest.to_route = list(scope.filter(routing=Routing.TO_ROUTE).order_by("id"))
    if approver:
        digest.extension_pending = list(
            scope.filter(extension__status=Extension.Status.PENDING).order_by("due_on", "id")
        )
    return digest


def recipients():
    """Active staff with an e-mail address who may see requests."""
    users = get_user_model().objects.filter(is_active=True, is_staff=True).exclude(email="")
    return [user for user in users.order_by("pk") if user.has_perm(VIEW)]


def send_digests(today):
    """Send today's digests not yet sent; returns (sent, skipped as already sent or empty)."""
    sent = skipped = 0
    base = settings.PORTAL_URL.rstrip("/")
    for user in recipients():
        if DigestSent.objects.filter(user=user, day=today).exists():
            skipped += 1
            continue
        digest = digest_for(user, today)
        if not len(digest):
            skipped += 1
            continue
        context = {
            "user": user,
            "today": today,
            "digest": digest,
            "days": settings.DIGEST_DUE_DAYS,
            "base": base,
            "detail": base + reverse("requests_app:detail", args=[0]).replace("/0/", "/"),
        }
        try:
            # The row is written first and rolled back if the mail fails: two runs at once
            # cannot both send (the second one's insert waits, then hits the unique pair).
            with transaction.atomic():
                DigestSent.objects.create(user=user, day=today, rows=len(digest))
                send_mail(
                    f"政府信息公开申请每日提醒（{today:%Y-%m-%d}）：{len(digest)}项",
                    render_to_string("requests_app/notices/digest.txt", context),
                    None,
                    [user.email],
                )
        except IntegrityError:
            skipped += 1
            continue
        sent += 1
    return sent, skipped
