"""Helpers for the applicant-side tests: fill in the online form as a person would."""

import re

from captcha.models import CaptchaStore

VALID_ID = "341523198512010024"  # 居民身份证 with a correct check digit
PERSON = {
    "applicant_category": "person",
    "applicant_name": "王小明",
    "id_type": "resident_id",
    "id_number": VALID_ID,
    "phone": "13800000000",
    "email": "wangxm@example.com",
    "address": "安徽省六安市舒城县城关镇梅河路1号",
    "postcode": "231300",
    "description": "2024年城关镇道路改造工程的招标文件和中标结果",
    "document_number": "",
    "form_wanted": "electronic",
    "delivery": "email",
}


def form_url(agency):
    return f"/apply/{agency.credit_code}/"


def fresh_form(client, agency):
    """GET the form; return the hidden values a browser would send back, captcha solved."""
    page = client.get(form_url(agency)).content.decode()
    return hidden_values(page)


def hidden_values(page):
    """form_token and the captcha key of a rendered form, with the right captcha answer."""
    token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
    key = re.search(r'name="captcha_0" value="([0-9a-f]+)"', page).group(1)
    answer = CaptchaStore.objects.get(hashkey=key).response
    return {"form_token": token, "captcha_0": key, "captcha_1": answer}


def submit(client, agency, follow=False, files=None, **fields):
    """Fill in and send the form for `agency` (a fresh page, captcha solved)."""
    data = {**PERSON, **fresh_form(client, agency), **fields}
    data = {name: value for name, value in data.items() if value is not None}
    if files:
        data["attachments"] = files
    return client.post(form_url(agency), data, follow=follow)
