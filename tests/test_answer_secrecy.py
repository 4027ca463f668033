"""保密审查 of the files disclosed in answer to a request (issue 18 point 2; 条例第十七条;
requests_app/models/answer_secrecy.py): recorded with who, when, conclusion and basis by someone
allowed to (perm catalog.review_secrecy: the 负责人, a 审核人), required before an answer with
files is issued, shown in the request's log; the files' text goes through the privacy screen,
whose hits the reviewer must confirm having checked (the applicant is not the public)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from requests_app.models import AnswerSecrecyReview, Request, RequestEvent, TransitionError
from requests_app.outcomes import Outcome
from tests.privacy_files import docx_bytes, id_number, xlsx_bytes
from tests.requesting import freeze_today

pytestmark = pytest.mark.django_db
THIRD_PARTY_ID = id_number("34010219850101123")


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
def people(make_staff, agency_a, agency_b):
    return {
        "handler": make_staff("banli", roles=["办理人"], agencies=[agency_a]),
        "head": make_staff("fuzeren", roles=["负责人"], agencies=[agency_a]),
        "reviewer_handler": make_staff("shenhe", roles=["审核人", "办理人"], agencies=[agency_a]),
        "b_head": make_staff("b_fuzeren", roles=["负责人"], agencies=[agency_b]),
    }


@pytest.fixture
def request_with_file(agency_a, people, monkeypatch):
    freeze_today(monkeypatch, "2026-03-20")
    request, _ = Request.register(
        agency=agency_a, user=people["handler"], channel="in_person",
        received_on=datetime.date(2026, 3, 2),
        applicant_kind="person", applicant_name="张三", phone="13800000000", description="补偿名单",
    )  # fmt: skip
    names = xlsx_bytes([["姓名", "身份证号"], ["李四", THIRD_PARTY_ID]])
    request.add_attachment(people["handler"], SimpleUploadedFile("补偿名单.xlsx", names), "answer")
    request.save_answer_draft(people["handler"], outcome=Outcome.GRANTED, content="见附件")
    return Request.objects.get(pk=request.pk)


def act(client, request, name, **data):
    return client.post(f"/staff/requests/{request.pk}/do/{name}/", data)


def test_an_answer_with_files_is_not_issued_before_its_review(client, people, request_with_file):
    client.force_login(people["handler"])
    page = client.get(f"/staff/requests/{request_with_file.pk}/").content.decode()
    assert "待保密审查" in page
    assert "/do/secrecy/" not in page  # the 办理人 may not review
    response = act(client, request_with_file, "issue")
    assert response.status_code == 400
    assert "出具随附文件的答复书前须完成保密审查（条例第十七条）" in response.content.decode()
    assert (
        act(client, request_with_file, "secrecy", conclusion="cleared", basis="x").status_code
        == 302
    )
    assert not AnswerSecrecyReview.objects.exists()  # refused: not offered to the 办理人
    with pytest.raises(TransitionError, match="保密审查"):
        request_with_file.answer(people["handler"], outcome=Outcome.GRANTED)  # one step too
    assert Request.objects.get(pk=request_with_file.pk).status == Request.Status.IN_PROGRESS


def test_the_reviewer_sees_the_hits_and_confirms_them(client, people, request_with_file):
    client.force_login(people["head"])
    page = client.get(f"/staff/requests/{request_with_file.pk}/").content.decode()
    assert "个人信息筛查发现 1 处" in page
    assert "附件《补偿名单.xlsx》名单!B2：身份证号 34*************" in page
    assert THIRD_PARTY_ID not in page
    unchecked = act(client, request_with_file, "secrecy", conclusion="cleared", basis="不涉密")
    assert unchecked.status_code == 400 and "请逐项核对后勾选" in unchecked.content.decode()
    response = act(
        client, request_with_file, "secrecy", conclusion="cleared",
        basis="经核对本机关保密事项范围，不涉密；名单经第三方同意公开", personal_data_checked="on",
    )  # fmt: skip
    assert response.status_code == 302
    review = AnswerSecrecyReview.objects.get()
    assert (review.reviewer, review.files, review.is_cleared) == (
        people["head"],
        "补偿名单.xlsx",
        True,
    )
    assert review.personal_data.startswith("附件《补偿名单.xlsx》名单!B2：身份证号 34*")
    assert THIRD_PARTY_ID not in review.personal_data  # masked only
    event = request_with_file.events.get(kind=RequestEvent.Kind.SECRECY_REVIEWED)
    assert event.actor == people["head"]
    assert "答复附件 1 件（补偿名单.xlsx）：不涉及国家秘密和工作秘密，可以公开" in event.message
    assert "个人信息筛查发现 1 处，已核对" in event.message
    page = client.get(f"/staff/requests/{request_with_file.pk}/").content.decode()
    assert "答复附件保密审查" in page and "<td>保密审查</td>" in page
    client.force_login(people["handler"])
    assert act(client, request_with_file, "issue").status_code == 302
    assert Request.objects.get(pk=request_with_file.pk).status == Request.Status.CLOSED


def test_a_new_file_or_a_rewritten_draft_is_reviewed_again(people, request_with_file):
    reviewer, handler = people["reviewer_handler"], people["handler"]
    request_with_file.review_answer_secrecy(
        reviewer, conclusion="cleared", basis="不涉密", personal_data_checked=True
    )
    late = SimpleUploadedFile("说明.docx", docx_bytes(["补偿标准说明"]))
    request_with_file.add_attachment(handler, late, "answer")
    with pytest.raises(TransitionError, match="须完成保密审查"):
        Request.objects.get(pk=request_with_file.pk).issue_answer(handler)
    request_with_file.review_answer_secrecy(
        reviewer, conclusion="cleared", basis="不涉密", personal_data_checked=True
    )
    request_with_file.save_answer_draft(handler, outcome=Outcome.GRANTED, content="改为邮寄")
    with pytest.raises(TransitionError, match="须完成保密审查"):
        Request.objects.get(pk=request_with_file.pk).issue_answer(handler)


def test_a_negative_conclusion_blocks_the_answer(people, request_with_file):
    request_with_file.review_answer_secrecy(
        people["head"], conclusion="not_cleared", basis="名单含涉密事项", personal_data_checked=True
    )
    with pytest.raises(TransitionError, match="不得公开”，不能出具随附文件的答复书"):
        Request.objects.get(pk=request_with_file.pk).issue_answer(people["handler"])


def test_only_staff_of_the_agency_with_the_permission_review(people, request_with_file):
    for who in ("handler", "b_head"):  # no permission; another agency's
        with pytest.raises(TransitionError, match="保密审查权限"):
            request_with_file.review_answer_secrecy(
                people[who], conclusion="cleared", basis="不涉密", personal_data_checked=True
            )
    with pytest.raises(TransitionError, match="审查依据"):
        request_with_file.review_answer_secrecy(people["head"], conclusion="cleared", basis=" ")
    assert not AnswerSecrecyReview.objects.exists()
