"""The legal clock through the staff pages (issue 14, points 6, 9 and 11): pauses within the
answer period only, one fee notice, the stored due date, and a told due date that never moves
earlier without a logged reason."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from requests_app.models import Request
from tests.requesting import freeze_today, make_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def handler(make_staff, agency_a):
    return make_staff("banli", roles=["办理人"], agencies=[agency_a])


def post(client, request, action, **data):
    return client.post(f"/staff/requests/{request.pk}/do/{action}/", data)


CONSULTATION = {"kind": "third_party", "addressee": "某某公司", "matter": "合同金额"}


def test_a_consultation_dated_after_the_due_date_is_refused(client, handler, agency_a, monkeypatch):
    """条例第三十二条: the pause only stops a running clock. Received 3 March 2025, due 31
    March; a consultation recorded on 7 April would have made the overdue request timely."""
    freeze_today(monkeypatch, "2025-04-07")
    request, _ = make_request(agency_a, received_on="2025-03-03")
    client.force_login(handler)
    response = post(client, request, "consultation", sent_on="2025-04-07", **CONSULTATION)
    assert response.status_code == 400
    assert "只能在答复期限内发出" in response.text and "2025-03-31" in response.text
    request.refresh_from_db()
    assert not request.consultations.exists() and request.status == Request.Status.IN_PROGRESS
    assert request.is_overdue()
    # On the due date itself it is still within the period.
    response = post(client, request, "consultation", sent_on="2025-03-31", **CONSULTATION)
    assert response.status_code == 302
    assert request.consultations.count() == 1


def test_a_fee_notice_after_the_due_date_is_refused(client, handler, agency_a, monkeypatch):
    freeze_today(monkeypatch, "2025-04-07")
    request, _ = make_request(agency_a, received_on="2025-03-03")
    client.force_login(handler)
    response = post(client, request, "fee", basis="per_page", pages="50", notified_on="2025-04-01")
    assert "只能在答复期限内发出" in response.text
    assert not request.fee_notices.exists()


def test_only_one_fee_notice_per_request(client, handler, agency_a, monkeypatch):
    freeze_today(monkeypatch, "2025-03-05")
    request, _ = make_request(agency_a, received_on="2025-03-03")
    client.force_login(handler)
    fee = {"basis": "per_page", "notified_on": "2025-03-05"}
    assert post(client, request, "fee", pages="50", **fee).status_code == 302
    assert post(client, request, "payment", paid_on="2025-03-05").status_code == 302
    assert "fee" not in Request.objects.get(pk=request.pk).allowed_actions(handler)
    response = post(client, request, "fee", pages="150", **fee)
    assert response.status_code == 302  # not offered any more: redirected with a message
    assert "当前状态下不能进行此操作" in client.get(response["Location"]).text
    assert request.fee_notices.count() == 1
    with pytest.raises(Exception, match="只能发出一次收费通知"):
        request.issue_fee_notice(handler, basis="per_page", pages=150)


def test_overlapping_consultations_pause_the_clock_once(client, handler, agency_a, monkeypatch):
    """Two consultations sent on 10 March, answered 14 and 18 March: six working days paused
    (not 4 + 6); due 9 April instead of 31 March (清明 4 April)."""
    freeze_today(monkeypatch, "2025-03-10")
    request, _ = make_request(agency_a, received_on="2025-03-03")
    client.force_login(handler)
    post(client, request, "consultation", sent_on="2025-03-10", **CONSULTATION)
    post(
        client,
        request,
        "consultation",
        sent_on="2025-03-10",
        **{**CONSULTATION, "addressee": "县审计局", "kind": "agency"},
    )
    first, second = request.consultations.order_by("pk")
    freeze_today(monkeypatch, "2025-03-18")
    post(
        client,
        request,
        "consultation_reply",
        consultation=first.pk,
        opinion="consent",
        replied_on="2025-03-14",
    )
    post(
        client,
        request,
        "consultation_reply",
        consultation=second.pk,
        opinion="consent",
        replied_on="2025-03-18",
    )
    request = Request.objects.get(pk=request.pk)
    assert request.status == Request.Status.IN_PROGRESS
    assert str(request.due()) == "2025-04-09"


# --- point 9: the stored due date -------------------------------------------------------------


def test_every_step_stores_the_due_date(client, handler, agency_a, monkeypatch):
    freeze_today(monkeypatch, "2025-03-05")
    request, _ = make_request(agency_a, received_on="2025-03-03")

    def stored():
        return str(Request.objects.get(pk=request.pk).stored_due())

    assert stored() == "2025-03-31"
    client.force_login(handler)
    post(client, request, "correction", items="写明工程名称", notified_on="2025-03-05")
    assert Request.objects.get(pk=request.pk).due_on is None  # waiting for the 补正
    post(client, request, "correction_received", corrected_on="2025-03-05")
    assert stored() == "2025-04-02"  # restarted from 5 March
    freeze_today(monkeypatch, "2025-03-10")
    post(client, request, "consultation", sent_on="2025-03-10", **CONSULTATION)
    assert stored() == "2025-04-24"  # awaiting the reply: the whole 15 days (清明 4 April)
    freeze_today(monkeypatch, "2025-03-14")
    consultation = request.consultations.get()
    post(
        client, request, "consultation_reply",
        consultation=consultation.pk, opinion="consent", replied_on="2025-03-14",
    )  # fmt: skip
    assert stored() == "2025-04-09"
    # A record deleted (here in the admin's stead) recounts too.
    consultation.delete()
    assert stored() == "2025-04-02"


def test_entering_the_calendar_recounts_stored_due_dates(
    client, handler, agency_a, make_staff, monkeypatch, django_capture_on_commit_callbacks
):
    """Received 10 December 2026: due 8 January 2027 on the estimate (元旦 a rest day), 暂定.
    Entering 31 December as a holiday moves it; marking 2027 complete makes it official."""
    freeze_today(monkeypatch, "2026-12-10")
    request, _ = make_request(agency_a, received_on="2026-12-10")
    assert str(Request.objects.get(pk=request.pk).stored_due()) == "2027-01-08（暂定）"
    office = make_staff("gongkaiban", ["公开办"], [agency_a])
    client.force_login(office)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/admin/workcalendar/calendarday/add/",
            {"date": "2026-12-31", "kind": "holiday", "name": "假想补假"},
        )
    assert str(Request.objects.get(pk=request.pk).stored_due()) == "2027-01-11（暂定）"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/admin/workcalendar/calendaryear/add/",
            {"year": "2027", "complete": "on", "notice": "国办发明电〔2026〕9号"},
        )
    # 元旦 not entered and the year complete: 1 January is a working Friday now; but the
    # applicant was told 8 January at registration, so it never moves before that.
    assert str(Request.objects.get(pk=request.pk).stored_due()) == "2027-01-08"


def test_the_worklist_reads_the_stored_due_date(client, handler, agency_a, monkeypatch):
    """The database filters, sorts and pages the worklist: no deadline is computed per row and
    no record of the clock (consultations, fee notices) is read, however many rows."""
    freeze_today(monkeypatch, "2025-04-07")
    for received in ("2025-02-10", "2025-03-03", "2025-03-28", "2025-04-03"):
        request, _ = make_request(
            agency_a, received_on=received, applicant_name=f"申请人{received}"
        )
    sent_on = datetime.date.fromisoformat(received)
    request.start_consultation(handler, sent_on=sent_on, **CONSULTATION)  # a paused clock
    client.force_login(handler)
    client.get("/staff/requests/")

    def not_per_row(*args, **kwargs):
        raise AssertionError("a deadline was computed for a row of the worklist")

    monkeypatch.setattr("requests_app.deadlines.due_date", not_per_row)
    for view, expected, count in (("open", 4, 11), ("overdue", 2, 11), ("due_soon", 0, 10)):
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/staff/requests/", {"view": view})
        assert response.status_code == 200
        assert response.context["page"].paginator.count == expected, view
        sql = " ".join(q["sql"] for q in queries.captured_queries)
        assert "consultation" not in sql and "feenotice" not in sql
        # session, user, permissions (2), the scope's agencies (2), the count, the page's
        # rows with their agency and 承办人 (none when the count is 0), the header's and filter's
        # agencies, the filter's 承办人 (requests_app/forms.py::handler_choices)
        assert len(queries) == count
    page = client.get("/staff/requests/").text
    assert (
        page.index("申请人2025-02-10")
        < page.index("申请人2025-03-03")
        < page.index("申请人2025-03-28")
    )


# --- point 11: the received date the portal gave, and a told due date ----------------------


def submit_after_five(agency):
    """Submitted online on Monday 10 March 2025 at 18:00: the portal tells the applicant the
    request was received on Tuesday 11 March, due 9 April (清明 4 April)."""
    at = datetime.datetime(2025, 3, 10, 10, tzinfo=datetime.UTC)  # 18:00 in Beijing
    request, _ = Request.submit_online(
        agency=agency, submitted_at=at, applicant_kind="person", applicant_name="王五",
        description="某项目环评批复",
    )  # fmt: skip
    return request


def test_the_date_the_portal_gave_is_accepted_even_tomorrow(client, handler, agency_a, monkeypatch):
    freeze_today(monkeypatch, "2025-03-10")
    request = submit_after_five(agency_a)
    assert str(request.received_on) == "2025-03-11" and str(request.told_due_on) == "2025-04-09"
    client.force_login(handler)
    response = post(client, request, "confirm", received_on="2025-03-12")
    assert response.status_code == 400 and "不能晚于今天" in response.text
    response = post(client, request, "confirm", received_on="2025-03-11")
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == Request.Status.IN_PROGRESS and str(request.due_on) == "2025-04-09"


def test_a_told_due_date_moves_earlier_only_with_a_logged_reason(
    client, handler, agency_a, monkeypatch
):
    freeze_today(monkeypatch, "2025-03-11")
    request = submit_after_five(agency_a)
    client.force_login(handler)
    response = post(client, request, "confirm", received_on="2025-03-10")
    assert response.status_code == 400
    assert (
        "从 2025-04-09 提前到 2025-04-08" in response.text and "请填写提前的理由" in response.text
    )
    request.refresh_from_db()
    assert request.status == Request.Status.SUBMITTED and str(request.due_on) == "2025-04-09"
    reason = "申请人当日17时05分来电确认，经核实以当日为收到申请之日"
    response = post(client, request, "confirm", received_on="2025-03-10", reason=reason)
    assert response.status_code == 302
    request.refresh_from_db()
    assert str(request.due_on) == "2025-04-08" and str(request.told_due_on) == "2025-04-08"
    logged = request.events.get(kind="due_advanced").message
    assert "2025-04-09 提前到 2025-04-08" in logged and reason in logged
    detail = client.get(f"/staff/requests/{request.pk}/").text
    assert reason in detail
