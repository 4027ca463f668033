"""Tracking a request with its number and query code: status, dates, the letters sent."""

import datetime
import io
import re

import pytest
from django.utils import timezone
from docx import Document

from requests_app.models import Request
from requests_app.outcomes import Outcome
from requests_app.public_views import TRACK_SESSION_KEY
from tests.applying import submit
from tests.requesting import freeze_today, make_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def handler(make_staff, agency_a):
    return make_staff("banli", roles=["办理人"], agencies=[agency_a])


@pytest.fixture
def head(make_staff, agency_a):
    return make_staff("fuzeren", roles=["负责人"], agencies=[agency_a])


def file_online(client, agency, **fields):
    """Submit the form; return (request, number, code) as the receipt shows them."""
    response = submit(client, agency, **fields)
    assert response.status_code == 302, response.content.decode()[:3000]
    html = client.get(response["Location"]).content.decode()
    number = re.search(r"<dt>申请编号</dt><dd>([^<]+)</dd>", html).group(1)
    code = re.search(r'<dd class="query-code">([^<]+)</dd>', html).group(1)
    return Request.objects.get(number=number, agency=agency), number, code


def track(client, number, code):
    return client.post("/track/", {"number": number, "code": code})


def test_applicant_files_staff_answer_and_applicant_reads_the_letter(
    client, agency_a, handler, django_user_model
):
    request, number, code = file_online(client, agency_a)
    applicant = client  # the applicant's browser
    response = track(applicant, number, code.lower().replace("-", " "))
    assert response.status_code == 302 and response["Location"] == "/track/"
    page = applicant.get("/track/").content.decode()
    assert "待确认" in page and number in page and "暂按规则确定" in page
    assert request.due().date.strftime("%Y年%-m月%-d日") in page

    request.confirm_receipt(handler, timezone.localdate())  # staff confirm the same day
    request.answer(
        handler,
        outcome=Outcome.GRANTED,
        content="所申请的招标文件见附件，已通过电子邮件发送。",
    )
    page = applicant.get("/track/").content.decode()
    # the decision in words; the report's row label stays in the report
    assert "已办结" in page and "予以公开" in page and "（一）予以公开" not in page
    assert "政府信息公开申请答复书" in page and "政府信息公开申请登记回执" in page

    letter = applicant.get("/track/documents/answer/").content.decode()
    assert "政府信息公开申请答复书" in letter and "所申请的招标文件见附件" in letter
    assert "行政复议" in letter and number in letter
    docx = applicant.get("/track/documents/answer/?format=docx")
    assert docx["Content-Type"].startswith("application/vnd.openxmlformats")
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "所申请的招标文件见附件" in text


def test_tracking_shows_correction_extension_and_provisional_dates(
    client, agency_a, handler, head, monkeypatch
):
    freeze_today(monkeypatch, "2025-03-05")
    request, code = make_request(agency_a, handler, received_on="2025-03-03")
    track(client, request.number, code)
    page = client.get("/track/").content.decode()
    assert "办理中" in page and "2025年3月31日" in page  # 20 working days after 3 March

    request.request_correction(handler, items="请写明所需文件的年份。")
    page = client.get("/track/").content.decode()
    assert "待补正" in page and "补正期限" in page and "收到补正后重新计算" in page
    assert "政府信息公开申请补正告知书" in page
    assert "请写明所需文件的年份" in client.get("/track/documents/correction/").content.decode()

    freeze_today(monkeypatch, "2025-03-10")
    request.receive_correction(handler, corrected_on=datetime.date(2025, 3, 10))
    request.request_extension(handler, reason="需要调取档案")
    request.decide_extension(head, approve=True)
    page = client.get("/track/").content.decode()
    assert "已依法延期" in page and "政府信息公开申请延期答复告知书" in page
    letter = client.get("/track/documents/extension/").content.decode()
    assert "延长20个工作日" in letter


def test_a_due_date_in_an_unknown_year_is_marked_provisional(client, agency_a, monkeypatch):
    freeze_today(monkeypatch, "2031-12-20")
    request, code = make_request(agency_a, received_on="2031-12-19")
    track(client, request.number, code)
    page = client.get("/track/").content.decode()
    assert "（暂定）" in page and "节假日安排尚未公布" in page


def test_wrong_code_and_unknown_number_get_the_same_answer(client, agency_a, agency_b):
    request, code = make_request(agency_a)
    other, _ = make_request(agency_b)  # same number in another agency
    wrong_code = track(client, request.number, "ABCD-EFGH-JKLM")
    unknown = track(client, "2099-99999", code)

    def scrub(response):  # the page without what was typed and the CSRF token
        return re.sub(r'value="[^"]*"', "", response.content.decode())

    assert wrong_code.status_code == unknown.status_code == 400
    assert "申请编号或查询码不正确" in scrub(wrong_code)
    assert scrub(wrong_code) == scrub(unknown)
    assert TRACK_SESSION_KEY not in client.session
    assert client.get("/track/documents/answer/").status_code == 302
    # The right code opens its own request, not the other agency's one with the same number.
    track(client, request.number, code)
    assert client.session[TRACK_SESSION_KEY]["pk"] == request.pk


def test_nothing_is_visible_without_the_code(client, agency_a, handler):
    request, code = make_request(agency_a, applicant_name="周八")
    request.answer(handler, outcome=Outcome.GRANTED, content="答复正文")
    for url in [
        "/track/",
        "/track/documents/answer/",
        "/track/documents/receipt/",
        f"/track/documents/fee/{request.pk}/",
        "/apply/receipt/",
    ]:
        response = client.get(url, follow=True)
        body = response.content.decode()
        assert request.number not in body and "周八" not in body and "答复正文" not in body, url
    assert client.get("/track/", {"number": request.number, "code": code}).status_code == 200
    assert TRACK_SESSION_KEY not in client.session  # a GET with the code in the URL opens nothing


def test_a_new_code_from_staff_ends_tracking_with_the_old_one(client, agency_a, handler):
    request, code = make_request(agency_a)
    track(client, request.number, code)
    assert request.number in client.get("/track/").content.decode()
    request.reset_query_code(handler)
    page = client.get("/track/").content.decode()
    assert request.number not in page and "查询码" in page
    assert track(client, request.number, code).status_code == 400


def test_tracking_expires_and_can_be_ended(client, agency_a, monkeypatch):
    request, code = make_request(agency_a)
    track(client, request.number, code)
    response = client.post("/track/end/", follow=True)
    assert "已退出查询" in response.content.decode()
    assert request.number not in client.get("/track/").content.decode()

    track(client, request.number, code)
    session = client.session
    session[TRACK_SESSION_KEY] = {**session[TRACK_SESSION_KEY], "at": 0}
    session.save()
    assert request.number not in client.get("/track/").content.decode()


def test_viewing_the_status_keeps_the_lookup_open_without_writing_the_session_each_time(
    client, agency_a
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    request, code = make_request(agency_a)
    track(client, request.number, code)
    client.get("/track/")
    with CaptureQueriesContext(connection) as queries:
        assert request.number in client.get("/track/").content.decode()
    assert not [q for q in queries if q["sql"].startswith("UPDATE")]
    # Viewed 25 minutes after the lookup, the status stays open for another 30 minutes.
    session = client.session
    opened = session[TRACK_SESSION_KEY]["at"]
    session[TRACK_SESSION_KEY] = {**session[TRACK_SESSION_KEY], "at": opened - 25 * 60}
    session.save()
    assert request.number in client.get("/track/").content.decode()
    assert client.session[TRACK_SESSION_KEY]["at"] >= opened


def test_third_party_consultation_letters_stay_inside(client, agency_a, handler, monkeypatch):
    freeze_today(monkeypatch, "2025-03-05")  # within the answer period (条例第三十二条)
    request, code = make_request(agency_a)
    consultation = request.start_consultation(
        handler, kind="third_party", addressee="某某建设有限公司", matter="中标合同"
    )
    track(client, request.number, code)
    page = client.get("/track/").content.decode()
    assert "征求意见中" in page and "某某建设有限公司" not in page
    assert client.get(f"/track/documents/consultation/{consultation.pk}/").status_code == 404
    assert client.get("/track/documents/nonsense/").status_code == 404
    assert client.get("/track/documents/answer/").status_code == 404  # not answered yet


def test_query_codes_survive_a_secret_key_rotation(client, agency_a, settings):
    request, code = make_request(agency_a)
    old_key = settings.SECRET_KEY
    settings.SECRET_KEY = "a-new-key-after-rotation-" + "x" * 40
    assert track(client, request.number, code).status_code == 400  # old key forgotten
    settings.SECRET_KEY_FALLBACKS = [old_key]
    assert track(client, request.number, code).status_code == 302
    request.refresh_from_db()
    assert request.check_code(code)


def test_a_letter_opened_on_the_platform_is_served_that_day(client, agency_a, handler, monkeypatch):
    """送达 by the platform: the correction limit runs from the day the applicant opened it."""
    freeze_today(monkeypatch, "2025-03-04")
    request, code = make_request(agency_a, handler, received_on="2025-03-03")
    request.request_correction(handler, items="请写明所需文件的年份。")  # 15 days: 25 March
    freeze_today(monkeypatch, "2025-03-07")
    track(client, request.number, code)
    assert "请写明所需文件的年份" in client.get("/track/documents/correction/").content.decode()
    service = request.services.get()
    assert (service.method, service.received_on) == ("platform", datetime.date(2025, 3, 7))
    request = Request.objects.get(pk=request.pk)
    assert request.correction.deadline == datetime.date(2025, 3, 28)
    client.get("/track/documents/correction/")  # opened again: still the first day
    assert request.services.count() == 1
