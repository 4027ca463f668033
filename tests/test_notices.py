"""Notices to applicants through a real (local) SMTP server: each step that concerns them is
told by the channel they chose, recorded on the request, never lost when the server is down."""

import logging

import pytest

from requests_app.models import Notice, Request
from tests.requesting import freeze_today, make_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def today(monkeypatch):
    return freeze_today(monkeypatch, "2025-03-20")


@pytest.fixture
def handler_a(make_staff, agency_a):
    return make_staff("banli_a", roles=["办理人"], agencies=[agency_a])


def answer_in_two_steps(client, obj, secrecy_reviewer=None):
    """The answer step: a draft, then the letter issued (the notice goes with the issue); the
    files given with it are reviewed for secrets in between by `secrecy_reviewer`."""
    draft = {"outcome": "granted", "case": "provided", "answered_on": "2025-03-20"}
    response = client.post(f"/staff/requests/{obj.pk}/do/draft/", {**draft, "content": "见附件"})
    assert response.status_code == 302
    if secrecy_reviewer is not None:
        obj.review_answer_secrecy(
            secrecy_reviewer, conclusion="cleared", basis="不涉密", personal_data_checked=True
        )
    return client.post(f"/staff/requests/{obj.pk}/do/issue/")


def test_receipt_and_answer_reach_the_applicant_with_the_letter(
    client, smtp_server, agency_a, handler_a, today, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        obj, _ = make_request(agency_a, received_on="2025-03-18")
    [receipt] = smtp_server.to("zhangsan@example.com")
    assert "受理回执" in receipt["Subject"] and obj.number in smtp_server.body(receipt)
    client.force_login(handler_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = answer_in_two_steps(client, obj)
    assert response.status_code == 302
    answer = smtp_server.to("zhangsan@example.com")[-1]
    assert "答复" in answer["Subject"]
    files = smtp_server.attachments(answer)
    [name] = files
    assert name.endswith("政府信息公开申请答复书.docx") and files[name][:2] == b"PK"
    assert list(obj.notices.values_list("kind", "status")) == [
        ("receipt", "sent"),
        ("answer", "sent"),
    ]
    page = client.get(f"/staff/requests/{obj.pk}/").content.decode()
    assert "已发送" in page


def test_no_notice_when_the_applicant_declines(
    agency_a, smtp_server, today, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        obj, _ = make_request(agency_a, notify_by=Request.NotifyBy.NONE)
    assert not smtp_server.messages and not obj.notices.exists()


def test_sms_channel_uses_the_logging_backend_without_personal_data(
    agency_a, today, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.INFO)
    with django_capture_on_commit_callbacks(execute=True):
        obj, code = make_request(agency_a, notify_by=Request.NotifyBy.SMS)
    notice = obj.notices.get()
    assert (notice.channel, notice.status) == ("sms", "sent")
    logged = caplog.text
    for secret in ("13800000000", "张三", obj.number, code, "zhangsan"):
        assert secret not in logged


def test_mail_server_down_keeps_the_step_and_retries(
    settings, agency_a, today, caplog, smtp_server, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    port = settings.EMAIL_PORT
    settings.EMAIL_PORT = 1  # nobody listens
    with django_capture_on_commit_callbacks(execute=True):
        obj, code = make_request(agency_a)
    assert Request.objects.filter(pk=obj.pk).exists()  # the step stands
    notice = obj.notices.get()
    assert notice.status == Notice.Status.FAILED and notice.attempts == 1 and notice.error
    assert "zhangsan" not in caplog.text and obj.number not in caplog.text
    settings.EMAIL_PORT = port
    call_command("send_notices")
    notice.refresh_from_db()
    assert notice.status == Notice.Status.SENT and notice.attempts == 2
    call_command("send_notices")  # nothing is sent twice
    assert len(smtp_server.to("zhangsan@example.com")) == 1


def test_applicant_chooses_the_channel_on_the_form(agency_a):
    from requests_app.forms import DetailsForm

    obj = Request(email="", phone="138")
    form = DetailsForm(instance=obj)
    assert "notify_by" in form.fields and not form.fields["notify_by"].required


def test_answer_mail_carries_the_files_provided_with_the_answer(
    client, smtp_server, agency_a, handler_a, today, django_capture_on_commit_callbacks, make_staff
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from requests_app.models import RequestAttachment

    obj, _ = make_request(agency_a, received_on="2025-03-18", notify_by=Request.NotifyBy.EMAIL)
    attachment = RequestAttachment(
        request=obj, name="资金安排表.pdf", content_type="application/pdf", size=9, source="answer"
    )
    attachment.file.save("x.pdf", SimpleUploadedFile("x.pdf", b"%PDF-1.4\n"), save=False)
    attachment.save()
    client.force_login(handler_a)
    head = make_staff("fuzeren_a", roles=["负责人"], agencies=[agency_a])
    with django_capture_on_commit_callbacks(execute=True):
        answer_in_two_steps(client, obj, secrecy_reviewer=head)
    answer = smtp_server.to("zhangsan@example.com")[-1]
    files = smtp_server.attachments(answer)
    assert files["资金安排表.pdf"] == b"%PDF-1.4\n" and len(files) == 2
    assert "资金安排表.pdf" in smtp_server.body(answer)
