"""The letters an office also sends: the notice to an objecting third party that the agency will
disclose anyway (条例第三十二条), the request for reasons and the 延迟答复 notice (第三十五条)."""

import datetime

import pytest

from requests_app import documents
from requests_app.models import Request, TransitionError
from requests_app.outcomes import Outcome
from requests_app.public_views import APPLICANT_DOCUMENTS
from tests.requesting import freeze_today, make_request

pytestmark = pytest.mark.django_db


def d(text):
    return datetime.date.fromisoformat(text)


@pytest.fixture
def handler(make_staff, agency_a):
    return make_staff("banli", roles=["办理人"], agencies=[agency_a])


def post(client, request, action, **data):
    return client.post(f"/staff/requests/{request.pk}/do/{action}/", data)


def test_disclosing_over_an_objection_needs_the_written_notice(
    client, agency_a, handler, monkeypatch
):
    freeze_today(monkeypatch, "2026-03-04")
    request, _ = make_request(agency_a, handler, received_on="2026-03-02")
    consultation = request.start_consultation(
        handler, kind="third_party", addressee="某某化工有限公司", matter="排污监测数据"
    )
    freeze_today(monkeypatch, "2026-03-10")
    request.record_consultation_reply(handler, consultation, opinion="objection")
    with pytest.raises(TransitionError, match="书面告知第三方"):
        request.answer(handler, outcome=Outcome.GRANTED)
    client.force_login(handler)
    response = post(client, request, "disclosure_notice", consultation=consultation.pk,
                    reason="", notified_on="2026-03-10")  # fmt: skip
    assert response.status_code == 400 and "这个字段是必须的" in response.content.decode()
    response = post(client, request, "disclosure_notice", consultation=consultation.pk,
                    reason="排污数据关系周边居民健康。", notified_on="2026-03-10")  # fmt: skip
    assert response.status_code == 302
    letter = client.get(
        f"/staff/requests/{request.pk}/documents/disclosure/{consultation.pk}/"
    ).content.decode()
    assert "第三十二条" in letter and "决定予以公开" in letter
    assert "排污数据关系周边居民健康，根据" not in letter and "。，" not in letter
    request = Request.objects.get(pk=request.pk)
    request.answer(handler, outcome=Outcome.GRANTED)
    assert request.outcome == Outcome.GRANTED
    # the third party's letter never reaches the applicant's tracking page
    assert "disclosure" not in APPLICANT_DOCUMENTS


def test_excessive_requests_ask_for_reasons_then_refuse_or_delay(
    client, agency_a, handler, monkeypatch
):
    freeze_today(monkeypatch, "2026-03-04")
    request, _ = make_request(agency_a, handler, received_on="2026-03-02")
    with pytest.raises(TransitionError, match="说明理由"):
        request.answer(handler, outcome=Outcome.EXCESSIVE, reasons="本月第40件")
    client.force_login(handler)
    response = post(client, request, "reasons_request",
                    matter="您本月已提出40件内容相近的申请。", asked_on="2026-03-04")  # fmt: skip
    assert response.status_code == 302
    letter = client.get(f"/staff/requests/{request.pk}/documents/reasons/").content.decode()
    assert "第三十五条" in letter and "请您自收到本通知之日起15个工作日内" in letter
    assert "。，" not in letter and "申请。，" not in letter
    due = Request.objects.get(pk=request.pk).due().date
    assert due == d("2026-03-30")
    response = post(client, request, "delay", until="2026-03-20", reason="需逐件调档",
                    delayed_on="2026-03-04")  # fmt: skip
    assert response.status_code == 400 and "应晚于现在的答复期限" in response.content.decode()
    response = post(client, request, "delay", until="2026-05-29", reason="需逐件调档。",
                    reply="用于课题研究", replied_on="2026-03-04", delayed_on="2026-03-04")  # fmt: skip
    assert response.status_code == 302
    request = Request.objects.with_clock().get(pk=request.pk)
    assert request.due().date == d("2026-05-29")  # the told date is the deadline now
    assert request.due_on == d("2026-05-29")  # stored, so the worklist sorts and filters by it
    letter = client.get(f"/staff/requests/{request.pk}/documents/delay/").content.decode()
    assert "2026年5月29日前作出答复" in letter and "因需逐件调档，无法" in letter
    tracking = [kind for kind, *_ in documents.available(request)]
    assert {"reasons", "delay"} <= set(tracking)


def test_excessive_refusal_after_asking(agency_a, handler, monkeypatch, client):
    freeze_today(monkeypatch, "2026-03-04")
    request, _ = make_request(agency_a, handler, received_on="2026-03-02")
    request.ask_reasons(handler, matter="本月已提出40件申请")
    request.answer(handler, outcome=Outcome.EXCESSIVE, reasons="申请人未说明理由")
    client.force_login(handler)
    letter = client.get(f"/staff/requests/{request.pk}/documents/answer/").content.decode()
    assert "政府信息公开申请不予处理告知书" in letter and "第三十五条" in letter


# --- 当场答复 (条例第三十三条第一款) ----------------------------------------------------------

ON_THE_SPOT = {
    "applicant_kind": "person",
    "applicant_name": "王五",
    "id_type": "resident_id",
    "id_number": "110101199003071234",
    "phone": "13900000000",
    "description": "本县2025年城乡低保标准",
    "form_wanted": "paper",
    "delivery": "collect",
}


def test_on_the_spot_registers_and_answers_the_same_day(client, agency_a, handler, monkeypatch):
    freeze_today(monkeypatch, "2026-03-20")
    client.force_login(handler)
    url = "/staff/requests/new/on-the-spot/"
    assert "登记并当场答复" in client.get(url).content.decode()
    response = client.post(url, {**ON_THE_SPOT, "agency": agency_a.pk, "outcome": "granted",
                                 "case": "published"})  # fmt: skip
    assert response.status_code == 400
    assert "请填写该信息的网址或索引号" in response.content.decode()
    assert not Request.objects.exists()  # a refused answer registers nothing
    response = client.post(url, {**ON_THE_SPOT, "agency": agency_a.pk, "outcome": "granted",
                                 "case": "published",
                                 "published_ref": "县政府网站“低保标准”栏目"})  # fmt: skip
    assert response.status_code == 302
    request = Request.objects.get()
    assert (request.channel, request.received_on, request.closed_on) == (
        "in_person", d("2026-03-20"), d("2026-03-20"),
    )  # fmt: skip
    assert request.outcome == Outcome.GRANTED and request.answer_record.case == "published"
    assert list(request.events.values_list("kind", flat=True)) == ["registered", "answered"]
    page = client.get(response["Location"]).content.decode()
    assert "查询码" in page and "政府信息公开申请答复书" in page


def test_on_the_spot_is_for_staff_who_register(client, agency_a, make_staff):
    reviewer = make_staff("shenhe", roles=["审核人"], agencies=[agency_a])
    client.force_login(reviewer)
    assert client.get("/staff/requests/new/on-the-spot/").status_code == 403
