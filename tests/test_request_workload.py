"""The staff home's request counts (requests_app/workload.py) are the worklist's views.

The worklist decides overdue and due soon row by row from `Request.due()`; the home counts
them in SQL. These tests build requests in every state that moves the clock (补正, pauses that
began before and after a 补正, extensions asked and approved, closed ones) over three months
that include the National Day holidays, and compare the two row for row.
"""

import datetime

import pytest
from django.utils import timezone

from requests_app.models import Consultation, Correction, Extension, FeeNotice, Request
from requests_app.workload import workload
from tests.requesting import freeze_today, make_request

pytestmark = pytest.mark.django_db
TODAY = "2025-10-15"  # a week after the National Day holidays (1–8 October 2025)
Status = Request.Status


def days(n):
    return datetime.timedelta(days=n)


def shape(request, kind):
    """Put `request` (received, in progress) into the state named `kind`, as the workflow
    would have left it."""
    received = request.received_on
    if kind == "submitted":
        request.status = Status.SUBMITTED
    elif kind in ("extension_approved", "extension_pending", "extension_rejected"):
        status = kind.removeprefix("extension_")
        Extension.objects.create(
            request=request, reason="需要调取档案", status=status, requested_at=timezone.now()
        )
    elif kind == "corrected":
        Correction.objects.create(
            request=request,
            notified_on=received + days(2),
            items="补充身份证明",
            deadline=received + days(20),
            corrected_on=received + days(6),
        )
    elif kind == "awaiting_correction":
        Correction.objects.create(
            request=request,
            notified_on=received + days(2),
            items="补充身份证明",
            deadline=received + days(20),
        )
        request.status = Status.AWAITING_CORRECTION
    elif kind == "consulting":
        consult(request, received + days(2))
        request.status = Status.CONSULTING
    elif kind == "consulted":
        consult(request, received + days(1), replied_on=received + days(6))
    elif kind == "consulted_before_correction":
        # The pause began before the clock restarted (条例第三十条): it does not count.
        consult(request, received + days(1), replied_on=received + days(3))
        Correction.objects.create(
            request=request,
            notified_on=received + days(2),
            items="补充身份证明",
            deadline=received + days(20),
            corrected_on=received + days(5),
        )
    elif kind == "awaiting_payment":
        FeeNotice.objects.create(
            request=request,
            basis=FeeNotice.Basis.PER_PAGE,
            quantity=120,
            amount=900,
            notified_on=received + days(3),
            pay_by=received + days(30),
        )
        request.status = Status.AWAITING_PAYMENT
    elif kind == "closed":
        request.status, request.outcome, request.closed_on = Status.CLOSED, "disclosed", received
    request.save()


def consult(request, sent_on, replied_on=None):
    Consultation.objects.create(
        request=request,
        kind=Consultation.Kind.THIRD_PARTY,
        addressee="第三方",
        matter="涉及商业秘密",
        sent_on=sent_on,
        replied_on=replied_on,
        opinion=Consultation.Opinion.CONSENT if replied_on else "",
    )


KINDS = [
    "plain",
    "submitted",
    "extension_approved",
    "extension_pending",
    "extension_rejected",
    "corrected",
    "awaiting_correction",
    "consulting",
    "consulted",
    "consulted_before_correction",
    "awaiting_payment",
    "closed",
]


@pytest.fixture
def today(monkeypatch):
    return freeze_today(monkeypatch, TODAY)


@pytest.fixture
def handler(make_staff, agency_a):
    return make_staff("banli", ["办理人", "负责人"], [agency_a])


@pytest.fixture
def requests_of_every_kind(today, agency_a, handler):
    """Every kind of request received every fourth day from 15 July to today: the extended
    ones received in July are overdue by now."""
    first = datetime.date(2025, 7, 15)
    for offset in range(0, (today - first).days + 1, 4):
        for kind in KINDS:
            request, _ = make_request(agency_a, handler, received_on=first + days(offset))
            shape(request, kind)


def worklist_rows(client, view, **filters):
    response = client.get("/staff/requests/", {"view": view, **filters})
    assert response.status_code == 200
    return {row.pk for row in response.context["page"].paginator.object_list}


def test_counts_are_the_rows_of_the_worklist_views(client, handler, requests_of_every_kind):
    client.force_login(handler)
    counted = workload(Request.objects.all())
    views = {
        "overdue": counted.overdue,
        "due_soon": counted.due_soon,
        "submitted": counted.to_confirm,
        "extension_pending": counted.extension_pending,
    }
    for view, count in views.items():
        assert count == len(worklist_rows(client, view)), view
    # Not a comparison of zeros: every count has rows, and the paused clocks are among them.
    assert all(views.values()), views
    overdue = Request.objects.filter(pk__in=worklist_rows(client, "overdue"))
    assert overdue.filter(consultations__isnull=False).exists()
    assert overdue.filter(extension__status=Extension.Status.APPROVED).exists()


def test_overdue_requests_are_counted_per_agency(
    client, today, make_staff, county, agency_a, agency_b
):
    office = make_staff("office", ["公开办"], [county])
    late = today - days(60)
    for agency, number in ((agency_a, 3), (agency_b, 1)):
        for _ in range(number):
            make_request(agency, office, received_on=late)
    make_request(agency_b, office, received_on=today)  # not late
    counted = workload(Request.objects.all())
    assert counted.overdue_by_agency == [
        (agency_a.pk, agency_a.name, 3),
        (agency_b.pk, agency_b.name, 1),
    ]
    client.force_login(office)
    for pk, _name, count in counted.overdue_by_agency:
        assert len(worklist_rows(client, "overdue", agency=pk)) == count


def test_the_worklist_lists_extensions_waiting_for_the_head_of_office(
    client, today, handler, agency_a
):
    waiting, _ = make_request(agency_a, handler, received_on=today - days(3))
    shape(waiting, "extension_pending")
    decided, _ = make_request(agency_a, handler, received_on=today - days(3))
    shape(decided, "extension_approved")
    client.force_login(handler)
    page = client.get("/staff/requests/", {"view": "extension_pending"})
    assert "待批准延期" in page.text
    assert worklist_rows(client, "extension_pending") == {waiting.pk}
