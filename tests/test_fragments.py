"""List rows and search results are rendered by Jinja2 (catalog.fragments) exactly as the
Django templates wrote them: Django's escaping, local dates, the same badges."""

from datetime import UTC, datetime

import pytest
from django.template.defaultfilters import truncatechars
from django.urls import reverse

from catalog.models import Item
from tests.public_catalog import make_item

pytestmark = pytest.mark.django_db

TITLE = """预算 A&B "引号" '单引号' <b>粗</b>"""
ESCAPED = "预算 A&amp;B &quot;引号&quot; &#x27;单引号&#x27; &lt;b&gt;粗&lt;/b&gt;"


@pytest.fixture
def item(agency_a):
    # 23:30 UTC is the next day in Beijing: the row shows the local date.
    return make_item(
        agency_a,
        TITLE,
        published_at=datetime(2025, 3, 1, 23, 30, tzinfo=UTC),
        summary="概述 <i>" + "长" * 200,
        document_number="皖政〔2025〕1号",
        mode=Item.Mode.ON_REQUEST,
    )


def test_a_list_row_is_escaped_dated_and_badged_as_before(client, agency_a, item):
    html = client.get(reverse("catalog:list") + f"?agency={agency_a.credit_code}").text
    assert f'<a href="{item.get_absolute_url()}">{ESCAPED}</a>' in html
    assert '<time datetime="2025-03-02T07:30:00+08:00">2025-03-02</time>' in html
    assert '<span class="badge">依申请公开</span>' in html
    summary = html[html.index('<p class="item-summary">') :].split("</p>")[0]
    assert summary == '<p class="item-summary">' + truncatechars(item.summary, 120).replace(
        "<", "&lt;"
    ).replace(">", "&gt;")
    assert "<dd>皖政〔2025〕1号</dd>" in html
    assert "<dt>发布机构</dt>" not in html  # the agency's own list hides the agency


def test_the_home_page_rows_name_the_agency(client, agency_a, item):
    html = client.get("/").text
    assert f"<dt>发布机构</dt><dd>{agency_a.name}</dd>" in html


def test_a_search_result_keeps_its_highlight_and_escapes_the_rest(client, item):
    html = client.get(reverse("catalog:search") + "?q=预算").text
    assert f'<a href="{item.get_absolute_url()}"><mark>预算</mark>' in html
    assert "&#x27;单引号&#x27;" in html
    assert '<time datetime="2025-03-02T07:30:00+08:00">2025-03-02</time>' in html


@pytest.mark.parametrize(
    "text",
    [
        "",
        "短",
        "长" * 119,
        "长" * 120,
        "长" * 121,
        "e\u0301" * 70,
        "é" * 120,
        "e\u0301" * 121,
        "A&B <i>",
    ],
)
def test_the_rows_truncate_summaries_exactly_as_django(text):
    from django.utils.safestring import SafeString, mark_safe

    from catalog.fragments import _truncatechars

    for value in (text, mark_safe(text)):  # noqa: S308 -- a test of the filter itself
        shown = _truncatechars(value, 120)
        assert shown == truncatechars(value, 120)
        assert isinstance(shown, SafeString) == isinstance(truncatechars(value, 120), SafeString)
