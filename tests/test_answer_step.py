"""The answer step (issue 14, point 10): draft → preview of the letter → (the 负责人's sign-off
where the agency asks for it) → issue; the disclosed files go with the answer; an issued answer
is corrected only by a new numbered 更正 letter (docs/legal-rules.md §5)."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from organisation.models import Agency
from requests_app.models import AnswerDraft, Request, TransitionError
from requests_app.outcomes import Outcome
from tests.access import PDF
from tests.applying import submit
from tests.requesting import freeze_today

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }


@pytest.fixture
def handler(make_staff, agency_a):
    return make_staff("banli", roles=["办理人"], agencies=[agency_a])


@pytest.fixture
def head(make_staff, agency_a):
    return make_staff("fuzeren", roles=["负责人"], agencies=[agency_a])


@pytest.fixture
def online(client, agency_a, handler):
    """A request filed online by the applicant (this client), confirmed by staff; its code."""
    response = submit(client, agency_a)
    html = client.get(response["Location"]).content.decode()
    number = re.search(r"<dt>申请编号</dt><dd>([^<]+)</dd>", html).group(1)
    code = re.search(r'<dd class="query-code">([^<]+)</dd>', html).group(1)
    request = Request.objects.get(number=number)
    request.confirm_receipt(handler, request.received_on)
    assert client.post("/track/", {"number": number, "code": code}).status_code == 302
    return Request.objects.get(pk=request.pk)


def act(client, request, name, **data):
    return client.post(f"/staff/requests/{request.pk}/do/{name}/", data)


def test_draft_preview_issue(client, agency_a, handler, head, online):
    staff = client.__class__()
    staff.force_login(handler)
    response = act(staff, online, "draft", outcome="granted", content="文件见附件")
    assert response.status_code == 302
    upload = SimpleUploadedFile("招标文件.pdf", PDF, content_type="application/pdf")
    staff.post(f"/staff/requests/{online.pk}/attachments/", {"file": upload, "for_answer": "on"})
    preview = staff.get(f"/staff/requests/{online.pk}/documents/answer_draft/").content.decode()
    assert "草稿预览：尚未出具" in preview and "文号：出具时编号" in preview
    assert "附件：1. 招标文件.pdf" in preview
    # the applicant sees neither the draft nor the file before the answer is issued
    page = client.get("/track/").content.decode()
    assert "草稿" not in page and "招标文件.pdf" not in page
    attachment = online.attachments.get()
    assert client.get(f"/track/attachments/{attachment.pk}/").status_code == 404
    # the file goes out only after its 保密审查 (条例第十七条; tests/test_answer_secrecy.py)
    refused = act(staff, online, "issue")
    assert refused.status_code == 400 and "须完成保密审查" in refused.content.decode()
    reviewer = client.__class__()
    reviewer.force_login(head)
    reviewed = act(
        reviewer, online, "secrecy", conclusion="cleared", basis="不涉密",
        personal_data_checked="on",  # the test PDF has no text: checked by hand
    )  # fmt: skip
    assert reviewed.status_code == 302
    assert act(staff, online, "issue").status_code == 302
    request = Request.objects.get(pk=online.pk)
    assert request.status == Request.Status.CLOSED and not AnswerDraft.objects.exists()
    assert request.answer_record.letter_number.endswith(f"〔{request.closed_on.year}〕1号")
    page = client.get("/track/").content.decode()
    assert "招标文件.pdf" in page
    download = client.get(f"/track/attachments/{attachment.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    letter = client.get("/track/documents/answer/").content.decode()
    assert "附件：1. 招标文件.pdf" in letter and "草稿" not in letter
    # what reached the applicant with the answer is fixed when it is issued
    late = SimpleUploadedFile("补充.pdf", PDF, content_type="application/pdf")
    with pytest.raises(TransitionError, match="出具前添加"):
        request.add_attachment(handler, late, source="answer")


def test_a_draft_states_what_its_outcome_needs(client, agency_a, handler, monkeypatch):
    freeze_today(monkeypatch, "2026-03-20")
    request, _ = Request.register(
        agency=agency_a, user=handler, channel="in_person",
        received_on=datetime.date(2026, 3, 2),
        applicant_kind="person", applicant_name="张三", phone="13800000000", description="x",
    )  # fmt: skip
    client.force_login(handler)
    response = act(client, request, "draft", outcome="prohibited_by_law", reasons="统计资料")
    assert response.status_code == 400
    assert "请写明禁止公开该信息的法律、行政法规名称及条款" in response.content.decode()
    assert not AnswerDraft.objects.exists()
    assert act(client, request, "issue").status_code == 302  # not offered: nothing to issue
    assert Request.objects.get(pk=request.pk).status == Request.Status.IN_PROGRESS


def test_agency_sign_off_before_issue(client, agency_a, handler, head, monkeypatch):
    Agency.objects.filter(pk=agency_a.pk).update(answer_signoff=True)
    freeze_today(monkeypatch, "2026-03-20")
    request, _ = Request.register(
        agency=Agency.objects.get(pk=agency_a.pk), user=handler, channel="in_person",
        received_on=datetime.date(2026, 3, 2),
        applicant_kind="person", applicant_name="张三", phone="13800000000", description="x",
    )  # fmt: skip
    with pytest.raises(TransitionError, match="须经负责人签发"):
        request.answer(handler, outcome=Outcome.GRANTED)  # no one-step answer for the handler
    request.save_answer_draft(handler, outcome=Outcome.GRANTED)
    assert "issue" not in request.allowed_actions(handler)
    with pytest.raises(TransitionError, match="只有本机关负责人可以签发答复"):
        request.sign_off_answer(handler)
    request.sign_off_answer(head, note="同意")
    # a draft rewritten after the sign-off needs a new one
    request.save_answer_draft(handler, outcome=Outcome.GRANTED, content="改为电子邮件提供")
    with pytest.raises(TransitionError, match="负责人签发"):
        request.issue_answer(handler)
    request.sign_off_answer(head)
    client.force_login(handler)
    assert act(client, request, "issue").status_code == 302
    request = Request.objects.get(pk=request.pk)
    assert (
        request.outcome == Outcome.GRANTED and "改为电子邮件提供" in request.answer_record.content
    )
    kinds = list(request.events.values_list("kind", flat=True))
    assert kinds == ["registered", "drafted", "signed_off", "drafted", "signed_off", "answered"]


def test_an_issued_answer_is_corrected_only_by_a_numbered_letter(client, agency_a, handler, online):
    online.answer(handler, outcome=Outcome.GRANTED, content="见附件")
    issued = Request.objects.get(pk=online.pk).answer_record
    staff = client.__class__()
    staff.force_login(handler)
    assert act(staff, online, "correct_answer", text="").status_code == 400
    response = act(staff, online, "correct_answer", text="答复书第一段“2024年”应为“2025年”。")
    assert response.status_code == 302
    request = Request.objects.get(pk=online.pk)
    answer = request.answer_record
    assert (answer.content, answer.letter_number) == (issued.content, issued.letter_number)
    correction = request.answer_corrections.get()
    assert correction.letter_number != issued.letter_number and correction.letter_number.endswith(
        "2号"
    )
    event = request.events.get(kind="answer_corrected")
    assert issued.letter_number in event.message and correction.letter_number in event.message
    letter = client.get(f"/track/documents/answer_correction/{correction.pk}/").content.decode()
    assert "政府信息公开申请答复更正告知书" in letter and "原答复书的其他内容不变" in letter
    assert f"（{issued.letter_number}）有误" in letter


def test_the_log_says_how_many_files_went_with_the_answer(client, agency_a, handler, head, online):
    upload = SimpleUploadedFile("招标文件.pdf", PDF, content_type="application/pdf")
    online.add_attachment(handler, upload, source="answer")
    online.save_answer_draft(handler, outcome=Outcome.GRANTED)
    online.review_answer_secrecy(
        head, conclusion="cleared", basis="不涉密", personal_data_checked=True
    )
    online.issue_answer(handler)
    assert online.events.get(kind="answered").message.endswith("，随答复书提供附件 1 件")
