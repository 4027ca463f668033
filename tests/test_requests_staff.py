"""The staff workbench through the test client: two agencies side by side."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document

from requests_app.models import Request
from tests.requesting import APPLICANT, freeze_today, make_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def handler_a(make_staff, agency_a):
    return make_staff("banli_a", roles=["办理人"], agencies=[agency_a])


@pytest.fixture
def head_a(make_staff, agency_a):
    return make_staff("fuzeren_a", roles=["负责人"], agencies=[agency_a])


@pytest.fixture
def today(monkeypatch):
    return freeze_today(monkeypatch, "2025-03-20")


def test_worklist_shows_only_own_agency(client, agency_a, agency_b, handler_a, today):
    mine, _ = make_request(agency_a, applicant_name="甲申请人")
    theirs, _ = make_request(agency_b, applicant_name="乙申请人")
    client.force_login(handler_a)
    page = client.get("/staff/requests/").content.decode()
    assert "甲申请人" in page and "乙申请人" not in page
    assert client.get(f"/staff/requests/{theirs.pk}/").status_code == 404
    assert client.get(f"/staff/requests/{theirs.pk}/documents/receipt/").status_code == 404
    response = client.post(
        f"/staff/requests/{theirs.pk}/do/draft/",
        {"outcome": "granted"},
    )
    assert response.status_code == 404
    assert Request.objects.get(pk=theirs.pk).status == Request.Status.IN_PROGRESS


def test_worklist_needs_staff_permission(client, make_staff, agency_a):
    client.force_login(make_staff("xinxiyuan", roles=["信息员"], agencies=[agency_a]))
    assert client.get("/staff/requests/").status_code == 403
    client.logout()
    assert client.get("/staff/requests/").status_code == 302


def test_worklist_views_and_bad_filters(client, agency_a, handler_a, today):
    make_request(agency_a, received_on="2025-02-10", applicant_name="超期者")  # due 2025-03-10
    make_request(agency_a, received_on="2025-02-20", applicant_name="将到期")  # due 2025-03-20
    make_request(agency_a, received_on="2025-03-19", applicant_name="刚收到")
    client.force_login(handler_a)
    overdue = client.get("/staff/requests/?view=overdue").content.decode()
    assert "超期者" in overdue and "将到期" not in overdue
    soon = client.get("/staff/requests/?view=due_soon").content.decode()
    assert "将到期" in soon and "刚收到" not in soon
    page = client.get("/staff/requests/").content.decode()
    assert page.index("超期者") < page.index("将到期") < page.index("刚收到")
    assert client.get("/staff/requests/?year=abc").status_code == 400
    assert client.get("/staff/requests/?status=nonsense").status_code == 400
    assert client.get("/staff/requests/?page=9999").status_code == 200


def test_worklist_queries_do_not_grow_with_rows(client, agency_a, handler_a, today):
    """Session and user, permissions, agencies (filter form + scope), requests, then the
    prefetched consultations and fee notices, and entered holidays once per year."""
    for _ in range(3):
        make_request(agency_a)
    client.force_login(handler_a)
    client.get("/staff/requests/")
    with CaptureQueriesContext(connection) as few:
        client.get("/staff/requests/")
    for _ in range(20):
        make_request(agency_a)
    with CaptureQueriesContext(connection) as many:
        client.get("/staff/requests/")
    assert len(many) == len(few) <= 14


def test_register_shows_the_code_once_and_prints_a_receipt(client, agency_a, handler_a, today):
    client.force_login(handler_a)
    data = {**APPLICANT, "agency": agency_a.pk, "channel": "letter", "received_on": "2025-03-18"}
    data.update(form_wanted="paper", delivery="post")
    response = client.post("/staff/requests/new/", data, follow=True)
    page = response.content.decode()
    request = Request.objects.get()
    assert request.channel == "letter" and request.number == "YS2025-000001"
    assert "查询码" in page
    assert "查询码：" not in client.get(f"/staff/requests/{request.pk}/").content.decode()
    receipt = client.get(f"/staff/requests/{request.pk}/documents/receipt/").content.decode()
    assert "登记回执" in receipt and "2025年4月16日" in receipt


def test_register_rejects_a_future_date_and_other_agencies(
    client, agency_a, agency_b, handler_a, today
):
    client.force_login(handler_a)
    data = {**APPLICANT, "agency": agency_b.pk, "channel": "letter", "received_on": "2025-03-18"}
    data.update(form_wanted="paper", delivery="post")
    assert client.post("/staff/requests/new/", data).status_code == 200
    data.update(agency=agency_a.pk, received_on="2025-04-01")
    page = client.post("/staff/requests/new/", data).content.decode()
    assert "不能晚于今天" in page
    assert not Request.objects.exists()


def test_every_branch_through_the_workbench(client, agency_a, handler_a, head_a, monkeypatch):
    freeze_today(monkeypatch, "2025-03-04")
    request, _ = make_request(agency_a, received_on="2025-03-03")
    url = f"/staff/requests/{request.pk}"
    client.force_login(handler_a)

    def do(action, **data):
        response = client.post(f"{url}/do/{action}/", data)
        assert response.status_code == 302, response.content.decode()[-2000:]

    do("correction", items="请写明工程名称", notified_on="2025-03-04")
    freeze_today(monkeypatch, "2025-03-10")
    do("correction_received", corrected_on="2025-03-10", note="梅河路")
    do(
        "consultation",
        kind="third_party",
        addressee="某某公司",
        matter="合同",
        sent_on="2025-03-10",
    )
    consultation = request.consultations.get()
    freeze_today(monkeypatch, "2025-03-12")
    do(
        "consultation_reply",
        consultation=consultation.pk,
        opinion="consent",
        replied_on="2025-03-12",
    )
    do("extension", reason="需调取档案")
    response = client.post(f"{url}/do/extension_decision/", {"approve": "1"})
    assert response.status_code == 302  # not offered to a handler: redirected with a message
    client.force_login(head_a)
    do("extension_decision", approve="1", note="同意")
    client.force_login(handler_a)
    do("fee", basis="per_page", pages="50", notified_on="2025-03-12")
    freeze_today(monkeypatch, "2025-03-14")
    do("payment", paid_on="2025-03-14")
    do(
        "draft",
        outcome="partly_granted",
        reasons="部分涉及商业秘密",
        specific_law="《中华人民共和国政府信息公开条例》第十五条",
    )
    preview = client.get(f"{url}/documents/answer_draft/").content.decode()
    assert "草稿预览" in preview and "决定部分公开" in preview
    do("issue")
    request.refresh_from_db()
    assert request.status == Request.Status.CLOSED and request.outcome == "partly_granted"
    assert request.fee_amount == 200
    kinds = list(request.events.values_list("kind", flat=True))
    assert kinds == [
        "registered",
        "correction_requested",
        "correction_received",
        "consultation_sent",
        "consultation_replied",
        "extension_requested",
        "extension_approved",
        "fee_notified",
        "fee_paid",
        "drafted",
        "answered",
    ]
    for kind in ("receipt", "correction", "extension", "answer"):
        page = client.get(f"{url}/documents/{kind}/")
        assert page.status_code == 200, kind
    answer = client.get(f"{url}/documents/answer/").content.decode()
    assert "部分公开" in answer and "行政复议" in answer and "第三十七条" in answer
    assert client.get(f"{url}/documents/consultation/{consultation.pk}/").status_code == 200
    notice = request.fee_notices.get()
    assert "200" in client.get(f"{url}/documents/fee/{notice.pk}/").content.decode()
    docx = client.get(f"{url}/documents/answer/?format=docx")
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "政府信息公开申请答复书" in text and "部分公开" in text
    assert client.get(f"{url}/documents/nonsense/").status_code == 404


def test_a_refused_transition_shows_the_reason(client, agency_a, handler_a, today):
    request, _ = make_request(agency_a)
    client.force_login(handler_a)
    response = client.post(
        f"/staff/requests/{request.pk}/do/draft/",
        {"outcome": "state_secret"},
    )
    assert response.status_code == 400
    assert "须说明理由" in response.content.decode()


def test_attachments_are_private_and_checked(
    client, agency_a, agency_b, handler_a, make_staff, today
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    request, _ = make_request(agency_a)
    client.force_login(handler_a)
    bad = SimpleUploadedFile("x.pdf", b"<script>alert(1)</script>")
    client.post(f"/staff/requests/{request.pk}/attachments/", {"file": bad})
    assert not request.attachments.exists()
    good = SimpleUploadedFile("证明.pdf", b"%PDF-1.7\n1 0 obj\n")
    client.post(f"/staff/requests/{request.pk}/attachments/", {"file": good})
    attachment = request.attachments.get()
    response = client.get(f"/staff/requests/{request.pk}/attachments/{attachment.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    client.force_login(make_staff("b_handler", roles=["办理人"], agencies=[agency_b]))
    assert (
        client.get(f"/staff/requests/{request.pk}/attachments/{attachment.pk}/").status_code == 404
    )
