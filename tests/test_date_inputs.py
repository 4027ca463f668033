"""Every date input renders its value in ISO 8601, the only form `<input type="date">` takes.

With Django's zh_Hans formats the value was "2026/12/03": the browser showed an empty field,
sent nothing back, and 确认收到 failed with "这个字段是必须的".
"""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django import forms

from requests_app.models import Request
from tests.requesting import freeze_today, make_request

pytestmark = pytest.mark.django_db


class FormFields(HTMLParser):
    """The name → value of the inputs of the form posting to `action`, as a browser sends them."""

    def __init__(self, action):
        super().__init__()
        self.action, self.inside, self.fields, self.date_values = action, False, {}, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("action") == self.action
        elif tag == "input" and self.inside and attrs.get("name"):
            value = attrs.get("value") or ""
            if attrs.get("type") == "date":
                self.date_values.append(value)
                # A browser drops a value that is not a valid ISO date.
                if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                    value = ""
            self.fields[attrs["name"]] = value

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False


def test_a_date_widget_renders_iso():
    widget = forms.DateInput(attrs={"type": "date"})
    assert 'value="2026-12-03"' in widget.render("d", datetime.date(2026, 12, 3))


def test_typed_slash_and_chinese_dates_are_still_accepted():
    field = forms.DateField()
    for typed in ("2026-12-03", "2026/12/03", "2026年12月3日"):
        assert field.clean(typed) == datetime.date(2026, 12, 3)


def test_confirming_an_online_request_from_the_page_as_it_comes(
    client, make_staff, agency_a, monkeypatch
):
    freeze_today(monkeypatch, "2026-12-03")
    handler = make_staff("banli_a", roles=["办理人"], agencies=[agency_a])
    request, _ = make_request(agency_a, received_on="2026-12-02", channel=Request.Channel.ONLINE)
    Request.objects.filter(pk=request.pk).update(status=Request.Status.SUBMITTED)
    client.force_login(handler)

    action = f"/staff/requests/{request.pk}/do/confirm/"
    page = FormFields(action)
    page.feed(client.get(f"/staff/requests/{request.pk}/").content.decode())
    assert page.date_values == ["2026-12-02"]

    response = client.post(action, page.fields)
    assert response.status_code == 302, response.content.decode()
    assert Request.objects.get(pk=request.pk).status == Request.Status.IN_PROGRESS
