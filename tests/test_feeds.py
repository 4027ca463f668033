import re
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from catalog.models import Item
from tests.public_catalog import directory, make_item

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def entries(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)  # noqa: S314 -- our own feed
    return [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")]


def test_citizen_subscribes_to_an_agency_from_its_page(client, agency_a, agency_b):
    make_item(agency_a, "财政局的信息")
    make_item(agency_b, "教体局的信息")
    make_item(agency_a, "财政局的草稿", status=Item.Status.DRAFT)
    page = client.get(agency_a.get_absolute_url()).text
    link = re.search(
        r'<link rel="alternate" type="application/atom\+xml" title="[^"]*" href="([^"]+)"', page
    )
    assert link
    assert entries(client.get(link.group(1))) == ["财政局的信息"]


def test_directory_feed_covers_the_subtree_and_is_advertised_on_the_list(
    client, agency_a, agency_b
):
    make_item(agency_a, "部门预算", directory_name="部门预算")
    make_item(agency_b, "三公经费", directory_name="“三公”经费")
    make_item(agency_b, "招生政策", directory_name="教育")
    parent = directory("财政预决算")
    listing = client.get(reverse("catalog:list"), {"directory": parent.pk}).text
    feed_url = reverse("catalog:directory_feed", args=[parent.pk])
    assert f'type="application/atom+xml" title="财政预决算" href="{feed_url}"' in listing
    assert sorted(entries(client.get(feed_url))) == ["三公经费", "部门预算"]
    one_agency = reverse("catalog:agency_directory_feed", args=[agency_b.credit_code, parent.pk])
    assert entries(client.get(one_agency)) == ["三公经费"]


def test_feeds_mark_withdrawn_items_and_keep_summaries_as_text(client, agency_a):
    make_item(agency_a, "撤回的", status=Item.Status.WITHDRAWN)
    make_item(agency_a, "<b>标题</b>", summary="<script>alert(1)</script>摘要")
    response = client.get(reverse("catalog:latest_feed"))
    assert "【已撤回】撤回的" in entries(response)
    feed = ElementTree.fromstring(response.content)  # noqa: S314 -- our own feed
    summaries = [entry.findtext(f"{ATOM}summary") for entry in feed.iter(f"{ATOM}entry")]
    # The summary is HTML to a feed reader: the script must arrive as escaped text.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;摘要" in summaries


def test_unknown_feed_objects_are_404(client, db):
    assert client.get("/feeds/agencies/nope/").status_code == 404
    assert client.get("/feeds/directories/999999/").status_code == 404


def test_sitemap_index_and_item_pages_list_only_public_items(client, agency_a):
    public = make_item(agency_a, "公开的")
    withdrawn = make_item(agency_a, "撤回的", status=Item.Status.WITHDRAWN)
    draft = make_item(agency_a, "草稿", status=Item.Status.DRAFT)
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    assert "/sitemap-items.xml" in index.text and "/sitemap-guides.xml" in index.text
    items = client.get("/sitemap-items.xml").text
    assert public.get_absolute_url() in items and withdrawn.get_absolute_url() in items
    assert draft.get_absolute_url() not in items
    guides = client.get("/sitemap-guides.xml").text
    assert reverse("catalog:agency_guide", args=[agency_a.credit_code]) in guides
    assert client.get("/sitemap-items.xml", {"p": "99"}).status_code == 404
    assert client.get("/sitemap-items.xml", {"p": "x"}).status_code == 404


def test_sitemap_pages_items_by_id_range(client, agency_a, monkeypatch):
    from catalog.sitemaps import ItemSitemap

    monkeypatch.setattr(ItemSitemap, "limit", 3)
    made = [make_item(agency_a, f"信息{index}") for index in range(7)]
    pages = max(1, -(-made[-1].pk // 3))
    index = client.get("/sitemap.xml").text
    assert f"sitemap-items.xml?p={pages}" in index
    found = "".join(
        client.get("/sitemap-items.xml", {"p": page}).text for page in range(1, pages + 1)
    )
    for item in made:
        assert found.count(f"{item.get_absolute_url()}<") == 1
