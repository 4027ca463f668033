"""Helpers for tests of requests (requests, a frozen today)."""

import datetime

from django.utils import timezone

from requests_app.models import Request

APPLICANT = {
    "applicant_kind": Request.ApplicantKind.PERSON,
    "applicant_name": "张三",
    "id_type": Request.IdType.RESIDENT_ID,
    "id_number": "110101199003071234",
    "phone": "13800000000",
    "email": "zhangsan@example.com",
    "address": "安徽省六安市舒城县城关镇梅河路1号",
    "description": "2024年城关镇道路改造工程的招标文件和中标结果",
}


def freeze_today(monkeypatch, day):
    """Make timezone.localdate() (and so every "today" of the workflow) return `day`."""
    if isinstance(day, str):
        day = datetime.date.fromisoformat(day)
    original = timezone.localdate

    def localdate(value=None, timezone=None):
        return day if value is None else original(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)
    return day


def make_request(
    agency, user=None, received_on="2025-03-03", channel=Request.Channel.IN_PERSON, **fields
):
    """A registered request (status 办理中); returns (request, query code)."""
    if isinstance(received_on, str):
        received_on = datetime.date.fromisoformat(received_on)
    return Request.register(
        agency=agency,
        user=user,
        channel=channel,
        received_on=received_on,
        **{**APPLICANT, **fields},
    )
