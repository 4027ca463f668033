"""One rule says what the public sees of the catalog (`Item.PUBLIC_STATUSES` with a 发布日期,
catalog/models/items.py). Every public surface must agree with it for every status: the item
page, the lists, search, the feeds, the sitemap, `Item.is_public` and the admin's link to the
public page. A new status fails here until someone says whether the public sees it."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from catalog.models import Item
from catalog.publicity import public_content_changed
from tests.public_catalog import make_item

pytestmark = pytest.mark.django_db

S = Item.Status
# 条例第二十六条 (docs/legal-rules.md §7): a withdrawn item keeps its public page, saying so.
SEEN_BY_THE_PUBLIC = {
    S.DRAFT: False,
    S.PENDING: False,
    S.RETURNED: False,
    S.PUBLISHED: True,
    S.WITHDRAWN: True,
}
TITLE = "关于公开规则一致性的通知"


def test_the_public_statuses_are_the_ones_the_law_names():
    assert set(Item.PUBLIC_STATUSES) == {s for s, seen in SEEN_BY_THE_PUBLIC.items() if seen}


def surfaces(client, item):
    """Where the public could meet `item`: {surface: whether it is there}."""
    code = item.agency.credit_code
    url = item.get_absolute_url()
    link = f'href="{url}"'
    page = client.get(url)
    assert page.status_code in (200, 404)
    return {
        "Item.objects.public()": Item.objects.public().filter(pk=item.pk).exists(),
        "item.is_public": Item.objects.get(pk=item.pk).is_public,
        "item page": page.status_code == 200,
        "home page": link in client.get(reverse("catalog:home")).text,
        "catalog list": link in client.get(reverse("catalog:list")).text,
        "agency list": link in client.get(reverse("catalog:list"), {"agency": code}).text,
        "agency page": link in client.get(item.agency.get_absolute_url()).text,
        "search": link in client.get(reverse("catalog:search"), {"q": "公开规则"}).text,
        "latest feed": TITLE in client.get(reverse("catalog:latest_feed")).text,
        "agency feed": TITLE in client.get(reverse("catalog:agency_feed", args=[code])).text,
        "sitemap": f"{url}<" in client.get("/sitemap-items.xml").text,
        "api items": item.pk
        in [row["id"] for row in client.get("/api/v1/items/").json()["results"]],
        "api agency items": item.pk
        in [row["id"] for row in client.get("/api/v1/items/", {"agency": code}).json()["results"]],
        "api search": item.pk
        in [row["id"] for row in client.get("/api/v1/items/", {"q": "公开规则"}).json()["results"]],
        "api item": client.get(f"/api/v1/items/{item.pk}/").status_code == 200,
        "admin view on site": bool(
            admin.site._registry[Item].view_on_site(Item.objects.get(pk=item.pk))
        ),
    }


@pytest.mark.parametrize("status", list(Item.Status))
def test_every_public_surface_agrees_on_each_status(client, agency_a, status):
    published_at = timezone.now() - datetime.timedelta(hours=1)
    item = make_item(agency_a, TITLE, status=status, published_at=published_at)
    expected = SEEN_BY_THE_PUBLIC[status]
    assert surfaces(client, item) == dict.fromkeys(surfaces(client, item), expected)


def test_an_item_without_a_publication_date_is_nowhere_public(client, agency_a):
    item = make_item(agency_a, TITLE)
    Item.objects.filter(pk=item.pk).update(published_at=None)
    public_content_changed(item)
    seen = surfaces(client, item)
    assert seen == dict.fromkeys(seen, False)


def test_no_template_compares_a_bare_status_string():
    """Templates ask the object (`item.is_withdrawn`, `item.is_on_request` …), never re-derive
    a status, mode or outcome from its stored string."""
    bare = re.compile(r"\b(status|mode|outcome)\s*(==|!=|in)\s*['\"]")
    found = [
        f"{path}: {line.strip()}"
        for path in sorted((Path(settings.BASE_DIR) / "templates").rglob("*.html"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if bare.search(line)
    ]
    assert found == []


M = Item.Mode
# 公开属性 (docs/catalog.md §3): (mode, the agency lists 依申请公开 titles) -> seen by the public.
SEEN_BY_MODE = {
    (M.PROACTIVE, True): True,
    (M.PROACTIVE, False): True,
    (M.ON_REQUEST, True): True,
    (M.ON_REQUEST, False): False,
    (M.NOT_DISCLOSED, True): False,  # never, not even its title (条例第十四条至第十六条)
    (M.NOT_DISCLOSED, False): False,
}


@pytest.mark.parametrize("mode, lists", list(SEEN_BY_MODE))
def test_every_public_surface_agrees_on_each_public_attribute(client, agency_a, mode, lists):
    agency_a.lists_on_request_items = lists
    agency_a.save()
    published_at = timezone.now() - datetime.timedelta(hours=1)
    item = make_item(agency_a, TITLE, published_at=published_at, mode=mode, mode_reason="依据")
    seen = surfaces(client, item)
    assert seen == dict.fromkeys(seen, SEEN_BY_MODE[(mode, lists)])


def test_changing_the_agency_setting_lists_or_hides_its_on_request_titles(
    client, agency_a, django_capture_on_commit_callbacks
):
    item = make_item(agency_a, TITLE, mode=M.ON_REQUEST, mode_reason="条例第十六条")
    assert all(surfaces(client, item).values())
    with django_capture_on_commit_callbacks(execute=True):
        agency_a.lists_on_request_items = False
        agency_a.save()
    seen = surfaces(client, item)
    assert seen == dict.fromkeys(seen, False)
    assert Item.objects.get(pk=item.pk).search_vector == ""
    with django_capture_on_commit_callbacks(execute=True):
        agency_a.lists_on_request_items = True
        agency_a.save()
    assert all(surfaces(client, item).values())
