"""Hits and counts are remembered until public content changes (catalog.caching.remembered)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organisation.roles import INFORMATION_OFFICER, REVIEWER
from tests.items import published_item
from tests.public_catalog import make_item

pytestmark = pytest.mark.django_db


def found(client, **params):
    """(the item links on the search page, its SQL queries)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("catalog:search"), params)
    assert response.status_code == 200
    return re.findall(r'href="(/items/\d+/)"', response.text), len(queries)


@pytest.fixture
def officer(make_staff, agency_a):
    return make_staff("officer", [INFORMATION_OFFICER, REVIEWER], agencies=[agency_a])


def test_the_same_search_again_reads_only_its_page_of_items(client, agency_a):
    for n in range(3):
        make_item(agency_a, f"2025年部门预算公开{n}")
    make_item(agency_a, "无关的通知")
    # Other parameters (a tracking code, a cache buster) make another URL, the same search.
    links, first = found(client, q="预算", utm="a")
    again, second = found(client, q="预算", utm="b")
    assert len(links) == 3 and again == links
    assert second < first
    # Another sort, filter or term is another search.
    oldest, _ = found(client, q="预算", sort="old", utm="c")
    assert oldest == list(reversed(links))
    assert found(client, q="预算", year="2020")[0] == []
    assert len(found(client, q="公开", utm="d")[0]) == 3


def test_a_publication_or_withdrawal_shows_in_a_remembered_search_at_once(
    client, agency_a, officer, django_capture_on_commit_callbacks
):
    body = "<p>今年新增防汛物资储备点三处。</p>"
    with django_capture_on_commit_callbacks(execute=True):
        old = published_item(agency_a, officer, officer, title="河长制工作方案", body=body)
    assert found(client, q="防汛物资")[0] == [old.get_absolute_url()]
    with django_capture_on_commit_callbacks(execute=True):
        new = published_item(agency_a, officer, officer, title="河长制工作要点", body=body)
    assert found(client, q="防汛物资", utm="x")[0] == [
        new.get_absolute_url(),
        old.get_absolute_url(),
    ]
    # A withdrawn item keeps its catalogue entry (found by its title), not its body.
    with django_capture_on_commit_callbacks(execute=True):
        old.withdraw(officer, "内容有误")
    assert found(client, q="防汛物资", utm="y")[0] == [new.get_absolute_url()]


def test_a_filtered_lists_count_is_remembered_until_public_content_changes(
    client, agency_a, officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(2):
            published_item(agency_a, officer, officer, title=f"规范性文件{n}", genre="normative")
    url = reverse("catalog:list")

    def listed(**params):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, {"genre": "normative", **params})
        total = re.search(r"共 (\d+) 条", response.text).group(1)
        return int(total), len(queries)

    listed(utm="warm", year="2021")  # the page's other caches (tree, choices)
    total, first = listed(utm="a", year="2020")
    again = listed(utm="b", year="2020")
    assert total == again[0] == 0 and again[1] == first - 1
    assert listed(utm="c")[0] == 2
    with django_capture_on_commit_callbacks(execute=True):
        published_item(agency_a, officer, officer, title="规范性文件2", genre="normative")
    assert listed(utm="d")[0] == 3


def test_the_apis_search_is_remembered_too(
    client, agency_a, officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = published_item(agency_a, officer, officer, title="防汛物资储备情况")

    def api(**params):
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/api/v1/items/", {"q": "防汛物资", **params})
        assert response.status_code == 200
        return [row["id"] for row in response.json()["results"]], len(queries)

    api(utm="warm", agency=agency_a.credit_code)  # the other caches of the API
    ids, cold = api(utm="a")
    again, warm = api(utm="b")
    assert ids == again == [first.pk] and warm < cold
    with django_capture_on_commit_callbacks(execute=True):
        second = published_item(agency_a, officer, officer, title="防汛物资采购结果")
    assert api(utm="c")[0] == [second.pk, first.pk]
