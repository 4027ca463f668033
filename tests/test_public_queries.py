"""Public pages cost a constant number of SQL queries whatever the data size, and are cached."""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.models import Attachment, Item
from catalog.publicity import public_content_changed
from tests.public_catalog import directory, make_item

pytestmark = pytest.mark.django_db

# The cold cost of each page (nothing cached). Typical list page, 6 queries: the
# agencies and the directory rows (cached: the filter choices, the tree, every item's
# agency, the footer), the header's switcher, the agency's directory counters, one page
# of items (keyset, LIMIT 21). A filtered list adds a count capped at 1,001 rows. The
# item page: the item (which says whether it has files and links), its attachments and
# its links to policies and interpretations (both ways in one query), read only when it
# has some, the linked items, agencies, directory rows, switcher. Feeds and sitemaps read the agency list once per public version
# too: which agencies do not list their 依申请公开 titles (`Item.objects.public()`).
PAGES = {
    "home": (lambda ctx: "/", 6),
    "all agencies": (lambda ctx: reverse("catalog:list"), 6),
    "agency directory": (
        lambda ctx: (
            f"{reverse('catalog:list')}?agency={ctx['agency'].credit_code}&directory={ctx['dir']}"
        ),
        6,
    ),
    "filtered": (
        lambda ctx: (
            f"{reverse('catalog:list')}?agency={ctx['agency'].credit_code}&year=2025&genre=notice&q=预算"
        ),
        7,
    ),
    "agency home": (lambda ctx: ctx["agency"].get_absolute_url(), 6),
    "item": (lambda ctx: ctx["item"].get_absolute_url(), 7),
    "search": (lambda ctx: reverse("catalog:search") + "?q=预算", 6),
    "search ranked": (lambda ctx: reverse("catalog:search") + "?q=预算&sort=relevance", 7),
    # + the agency's remedy fields and its ancestors for the 复议机关 and the court (3 queries).
    "guide": (lambda ctx: reverse("catalog:agency_guide", args=[ctx["agency"].credit_code]), 9),
    "agency feed": (
        lambda ctx: reverse("catalog:agency_feed", args=[ctx["agency"].credit_code]),
        3,
    ),
    "directory feed": (lambda ctx: reverse("catalog:directory_feed", args=[ctx["dir"]]), 4),
    "sitemap": (lambda ctx: "/sitemap.xml", 4),
    "sitemap items": (lambda ctx: "/sitemap-items.xml", 3),
}


def cold_queries(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def grow(agencies, item, rounds):
    """More items in more directories, with attachments and interpretations."""
    for index in range(rounds):
        for agency in agencies:
            for name in ("部门预算", "规章", "其他文件"):
                other = make_item(
                    agency,
                    f"预算通知{index}",
                    directory_name=name,
                    genre=Item.Genre.NOTICE,
                    body="<p>预算</p>",
                )
                other.interprets.add(item)
                item.interprets.add(other)
                Attachment.objects.create(
                    item=other, file=SimpleUploadedFile("a.pdf", b"%PDF"), name="附件.pdf", size=4
                )
                Attachment.objects.create(
                    item=item, file=SimpleUploadedFile("b.pdf", b"%PDF"), name="附件.pdf", size=4
                )


@pytest.mark.parametrize("page", PAGES)
def test_public_page_query_count_does_not_grow_with_data(
    client, agency_a, agency_b, make_agency, county, page, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    url_for, expected = PAGES[page]
    item = make_item(agency_a, "预算通知", directory_name="部门预算", genre=Item.Genre.NOTICE)
    item.interprets.add(make_item(agency_a, "预算管理办法", directory_name="部门预算"))
    # With a file from the start: the item page reads files only for an item that has some.
    Attachment.objects.create(
        item=item, file=SimpleUploadedFile("b.pdf", b"%PDF"), name="附件.pdf", size=4
    )
    ctx = {"agency": agency_a, "item": item, "dir": directory("财政预决算").pk}
    small = cold_queries(client, url_for(ctx))
    more = [agency_a, agency_b] + [make_agency(f"部门{index}", parent=county) for index in range(3)]
    grow(more, item, rounds=4)
    large = cold_queries(client, url_for(ctx))
    assert small == large <= expected


def test_anonymous_pages_are_served_from_cache_until_public_content_changes(client, agency_a):
    first = make_item(agency_a, "第一条信息")
    url = reverse("catalog:list")
    assert "第一条信息" in client.get(url).text
    with CaptureQueriesContext(connection) as queries:
        assert "第一条信息" in client.get(url).text
    assert len(queries) == 0
    # A change made behind the workflow's back is not seen while the page is cached ...
    Item.objects.filter(pk=first.pk).update(title="改过的标题")
    assert "第一条信息" in client.get(url).text
    # ... and is as soon as the workflow reports it.
    public_content_changed(first)
    assert "改过的标题" in client.get(url).text


def test_staff_and_error_pages_are_not_cached(client, rf, agency_a, make_staff):
    from catalog.caching import _key

    make_item(agency_a, "信息")
    list_url = reverse("catalog:list")

    def cached(url):
        return cache.get(_key(rf.get(url))) is not None

    assert client.get(list_url).status_code == 200 and cached(list_url)
    assert client.get(list_url + "?directory=abc").status_code == 400
    assert not cached(list_url + "?directory=abc")
    client.force_login(make_staff("staffer"))
    staff_url = list_url + "?sort=old"
    assert client.get(staff_url).status_code == 200
    assert not cached(staff_url)
