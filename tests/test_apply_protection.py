"""The public form's protections: captcha, rate limits, one request per form, inert input,
no personal data in URLs or logs."""

import logging
import re
import threading

import pytest
from captcha.models import CaptchaStore
from django.db import connection, connections
from django.test import Client

from requests_app import ratelimit, submission
from requests_app.models import Request
from tests.applying import PERSON, VALID_ID, form_url, fresh_form, hidden_values, submit
from tests.requesting import make_request

pytestmark = pytest.mark.django_db
needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent transactions need PostgreSQL"
)


# --- captcha -------------------------------------------------------------------------------


def test_captcha_is_required_and_checked(client, agency_a, monkeypatch):
    waits = []
    real_find = submission.find_request
    monkeypatch.setattr(
        submission, "find_request", lambda token, wait=0: waits.append(wait) or real_find(token)
    )
    missing = submit(client, agency_a, captcha_1="")
    assert missing.status_code == 400 and "请输入验证码。" in missing.content.decode()
    wrong = submit(client, agency_a, captcha_1="wrong")
    assert wrong.status_code == 400 and "验证码不正确或已过期" in wrong.content.decode()
    assert Request.objects.count() == 0
    assert waits == [0, 0]  # a wrong answer is not mistaken for a second click


def test_a_challenge_can_be_answered_only_once(client, agency_a):
    data = {**PERSON, **fresh_form(client, agency_a)}
    assert client.post(form_url(agency_a), {**data, "captcha_1": "nope"}).status_code == 400
    again = client.post(form_url(agency_a), data)  # now the right answer, same challenge
    assert again.status_code == 400 and Request.objects.count() == 0


def test_captcha_image_is_drawn_by_the_portal(client, agency_a):
    page = client.get(form_url(agency_a)).content.decode()
    image_url = re.search(r'<img src="([^"]+)" alt="验证码图片', page).group(1)
    assert image_url.startswith("/captcha/image/")
    image = client.get(image_url)
    assert image.status_code == 200 and image.content.startswith(b"\x89PNG")
    # Every script, image and stylesheet of the page is the portal's own.
    for source in re.findall(r'(?:src|href)="([^"]+)"', page):
        assert not source.startswith(("http:", "https:", "//")), source
    refresh = client.get("/captcha/refresh/", headers={"x-requested-with": "XMLHttpRequest"})
    assert refresh.json()["image_url"].startswith("/captcha/image/")
    assert client.get("/captcha/refresh/").status_code == 404


def test_challenges_use_unambiguous_characters():
    from requests_app.captcha import ALPHABET, challenge

    for _ in range(50):
        text, answer = challenge()
        assert len(text) == 4 and set(text) <= set(ALPHABET) and answer == text.lower()
    assert not set("0O1IL2Z5S8B") & set(ALPHABET)


# --- rate limits ---------------------------------------------------------------------------


def test_submissions_are_rate_limited_per_address(client, agency_a, settings):
    settings.REQUESTS_APPLY_RATE = "2/h"
    assert submit(client, agency_a).status_code == 302
    assert submit(client, agency_a, description="另一项信息").status_code == 302
    blocked = submit(client, agency_a, description="第三项信息")
    assert blocked.status_code == 429
    assert "操作过于频繁" in blocked.content.decode() and int(blocked["Retry-After"]) > 0
    assert Request.objects.count() == 2
    other_address = Client(REMOTE_ADDR="10.0.0.9")
    assert submit(other_address, agency_a, description="第三项信息").status_code == 302


def test_code_guessing_is_rate_limited(client, agency_a, settings):
    settings.REQUESTS_TRACK_RATE = "3/10m"
    request, code = make_request(agency_a)
    for _ in range(3):
        guess = client.post("/track/", {"number": request.number, "code": "AAAA-AAAA-AAAA"})
        assert guess.status_code == 400
    blocked = client.post("/track/", {"number": request.number, "code": code})
    assert blocked.status_code == 429 and "操作过于频繁" in blocked.content.decode()


def test_successful_lookups_do_not_count_as_guesses(client, agency_a, settings):
    settings.REQUESTS_TRACK_RATE = "2/10m"
    request, code = make_request(agency_a)
    for _ in range(5):
        assert client.post("/track/", {"number": request.number, "code": code}).status_code == 302


def test_form_pages_are_rate_limited(client, agency_a, settings):
    settings.REQUESTS_FORM_RATE = "3/h"
    for _ in range(3):
        assert client.get(form_url(agency_a)).status_code == 200
    assert client.get(form_url(agency_a)).status_code == 429
    refresh = client.get("/captcha/refresh/", headers={"x-requested-with": "XMLHttpRequest"})
    assert refresh.status_code == 200  # its own count
    assert CaptchaStore.objects.count() == 4


@pytest.mark.parametrize(
    "rate, expected",
    [("10/h", (10, 3600)), ("5/10m", (5, 600)), ("1/s", (1, 1)), ("3/2d", (3, 172800))],
)
def test_rates_parse(rate, expected):
    assert ratelimit.parse_rate(rate) == expected


def test_a_bad_rate_fails_loudly():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        ratelimit.parse_rate("ten per hour")


# --- one form, one request -----------------------------------------------------------------


def receipt_number_and_code(client, response):
    assert response.status_code == 302, response.content.decode()[:2000]
    html = client.get(response["Location"]).content.decode()
    number = re.search(r"<dt>申请编号</dt><dd>([^<]+)</dd>", html).group(1)
    code = re.search(r'<dd class="query-code">([^<]+)</dd>', html).group(1)
    return number, code, html


def test_resubmitting_the_same_form_creates_one_request(client, agency_a):
    data = {**PERSON, **fresh_form(client, agency_a)}
    first = receipt_number_and_code(client, client.post(form_url(agency_a), data))
    # Reload (the same POST again), then back + change + submit: the challenge is used up.
    second = receipt_number_and_code(client, client.post(form_url(agency_a), data))
    third = receipt_number_and_code(
        client, client.post(form_url(agency_a), {**data, "description": "改过的描述"})
    )
    assert Request.objects.count() == 1
    assert first[:2] == second[:2] == third[:2]
    assert "已经提交过，没有重复登记" in second[2] and "已经提交过" not in first[2]


def test_another_browser_with_the_same_form_gets_the_receipt_of_that_form(client, agency_a):
    data = {**PERSON, **fresh_form(client, agency_a)}
    first = receipt_number_and_code(client, client.post(form_url(agency_a), data))
    other = Client()
    assert receipt_number_and_code(other, other.post(form_url(agency_a), data))[:2] == first[:2]


def test_a_second_click_racing_the_first_waits_for_its_request(client, agency_a, monkeypatch):
    """The second click arrives before the first committed: its challenge is already used up,
    so it waits for the first click's request instead of showing a captcha error."""
    data = {**PERSON, **fresh_form(client, agency_a)}
    first = receipt_number_and_code(client, client.post(form_url(agency_a), data))
    real_find = submission.find_request
    calls = []

    def find_request(token, wait=0):
        calls.append(wait)
        return None if len(calls) == 1 else real_find(token, wait)  # first look: not yet there

    monkeypatch.setattr(submission, "find_request", find_request)
    second = receipt_number_and_code(client, client.post(form_url(agency_a), data))
    assert calls == [0, submission.WAIT_SECONDS]
    assert second[:2] == first[:2] and Request.objects.count() == 1


def test_a_made_up_captcha_key_gets_an_error_at_once(client, agency_a, monkeypatch):
    """Issue 17, finding 10: a key that was never issued counted as "used up by a first click",
    so the view waited 5 s for that click's request: any visitor could hold a worker."""
    calls = []
    real_find = submission.find_request
    monkeypatch.setattr(
        submission, "find_request", lambda token, wait=0: calls.append(wait) or real_find(token)
    )
    for key in ("0" * 40, "deadbeef"):
        response = submit(client, agency_a, captcha_0=key, captcha_1="ABCD")
        assert response.status_code == 400 and "验证码不正确或已过期" in response.text
    assert submission.WAIT_SECONDS not in calls
    assert Request.objects.count() == 0


def test_a_code_reset_by_staff_is_not_shown_again(client, agency_a, make_staff):
    handler = make_staff("banli", roles=["办理人"], agencies=[agency_a])
    data = {**PERSON, **fresh_form(client, agency_a)}
    receipt_number_and_code(client, client.post(form_url(agency_a), data))
    Request.objects.get().reset_query_code(handler)
    html = client.get(client.post(form_url(agency_a), data)["Location"]).content.decode()
    assert "query-code" not in html and "查询码已由受理机关重新设置" in html


def test_the_database_keeps_no_token_and_no_code(client, agency_a):
    data = {**PERSON, **fresh_form(client, agency_a)}
    number, code, _ = receipt_number_and_code(client, client.post(form_url(agency_a), data))
    row = Request.objects.values().get()
    assert data["form_token"] not in str(row) and code not in str(row)
    assert row["submission_key"] == submission.submission_key(data["form_token"])


def _post_in_thread(agency, data, results):
    client = Client()
    try:
        results.append(client.post(form_url(agency), data))
    finally:
        connections.close_all()


@needs_postgres
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_get_unique_numbers(agency_a, settings):
    settings.REQUESTS_APPLY_RATE = "100/h"
    forms = [
        {**PERSON, **hidden_values(Client().get(form_url(agency_a)).content.decode())}
        for _ in range(12)
    ]
    results = []
    threads = [
        threading.Thread(target=_post_in_thread, args=(agency_a, data, results)) for data in forms
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [r.status_code for r in results] == [302] * 12
    numbers = sorted(Request.objects.values_list("number", flat=True))
    assert len(numbers) == len(set(numbers)) == 12
    year = numbers[0][2:6]  # one portal-wide series: YS2026-000001
    assert numbers == [f"YS{year}-{n:06d}" for n in range(1, 13)]


@needs_postgres
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_double_click_at_the_same_moment_creates_one_request(agency_a):
    data = {**PERSON, **hidden_values(Client().get(form_url(agency_a)).content.decode())}
    results = []
    threads = [
        threading.Thread(target=_post_in_thread, args=(agency_a, data, results)) for _ in range(3)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Request.objects.count() == 1
    assert [r.status_code for r in results] == [302] * 3


# --- inert input, private data -------------------------------------------------------------

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_script_in_every_field_is_inert_on_receipt_tracking_and_staff_pages(
    client, agency_a, make_staff
):
    fields = {
        "applicant_name": "王" + XSS,
        "contact_person": "李<img src=x onerror=alert(1)>",
        "address": "梅河路" + XSS,
        "description": "信息" + XSS,
        "document_number": "舒政" + XSS,
        "id_type": "other",
        "id_number": "X<b>1</b>'\"",
    }
    response = submit(client, agency_a, **fields)
    number, code, receipt = receipt_number_and_code(client, response)
    request = Request.objects.get()
    assert request.applicant_name == fields["applicant_name"]
    client.post("/track/", {"number": number, "code": code})
    staff = Client()
    staff.force_login(make_staff("banli", roles=["办理人"], agencies=[agency_a]))
    pages = {
        "receipt": receipt,
        "tracking": client.get("/track/").content.decode(),
        "letter": client.get("/track/documents/receipt/").content.decode(),
        "worklist": staff.get("/staff/requests/?view=submitted").content.decode(),
        "detail": staff.get(f"/staff/requests/{request.pk}/").content.decode(),
    }
    for name, page in pages.items():
        assert "<script>alert" not in page and "onerror=alert" not in page.replace(
            "onerror=alert(1)&gt;", ""
        ), name
        assert "<b>1</b>" not in page, name
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in pages["tracking"]
    assert "&lt;script&gt;" in pages["detail"] and "&lt;script&gt;" in pages["worklist"]


def test_no_personal_data_in_urls_or_logs(
    client, agency_a, settings, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.test_apply_form.BrokenMail"
    caplog.set_level(logging.DEBUG)
    urls = []
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, agency_a, applicant_name="孙九", id_number=VALID_ID)
    urls.append(response["Location"])
    number, code, _ = receipt_number_and_code(client, response)
    client.post("/track/", {"number": number, "code": "ZZZZ-ZZZZ-ZZZZ"})
    tracked = client.post("/track/", {"number": number, "code": code})
    urls.append(tracked["Location"])
    client.get("/track/documents/receipt/")
    logged = "\n".join(
        record.getMessage() for record in caplog.records if record.name != "django.db.backends"
    )
    for secret in ("孙九", VALID_ID, PERSON["phone"], PERSON["email"], code):
        assert secret not in logged and all(secret not in url for url in urls), secret
    assert "receipt e-mail for request" in logged  # the failure is logged, without the data
