"""The legal clock through the staff pages (issue 14, points 6, 9 and 11): pauses within the
answer period only, one fee notice, the stored due date, and a told due date that never moves
earlier without a logged reason."""

import pytest

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
