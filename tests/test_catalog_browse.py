import re
from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from catalog.models import Item
from tests.public_catalog import directory, make_item

pytestmark = pytest.mark.django_db


def links(html):
    return [href.replace("&amp;", "&") for href in re.findall(r'href="([^"]+)"', html)]


def test_citizen_goes_from_home_to_an_agencys_directory_and_filters_it(client, agency_a):
    make_item(agency_a, "2025年部门预算公开", directory_name="部门预算", genre=Item.Genre.REPORT)
    old = make_item(
        agency_a,
        "2023年部门预算公开",
        directory_name="部门预算",
        published_at=timezone.make_aware(datetime(2023, 5, 1, 9)),
    )
    home = client.get("/").text
    assert agency_a.get_absolute_url() in links(home)

    agency_page = client.get(agency_a.get_absolute_url()).text
    budget = directory("部门预算")
    directory_link = next(href for href in links(agency_page) if f"directory={budget.pk}" in href)
    assert f"agency={agency_a.credit_code}" in directory_link

    listing = client.get(directory_link)
    assert listing.status_code == 200
    assert "2025年部门预算公开" in listing.text and "2023年部门预算公开" in listing.text
    assert old.index_number in listing.text

    filtered = client.get(directory_link + "&year=2023")
    assert "2023年部门预算公开" in filtered.text
    assert "2025年部门预算公开" not in filtered.text
    by_genre = client.get(directory_link + "&genre=report")
    assert "2025年部门预算公开" in by_genre.text and "2023年部门预算公开" not in by_genre.text


def test_directory_list_includes_its_subtree_and_other_agencies_when_not_filtered(
    client, agency_a, agency_b
):
    make_item(agency_a, "财政局部门决算", directory_name="部门决算")
    make_item(agency_b, "教体局三公经费", directory_name="“三公”经费")
    make_item(agency_b, "教体局招生政策", directory_name="教育")
    parent = directory("财政预决算")
    html = client.get(reverse("catalog:list"), {"directory": parent.pk}).text
    assert "财政局部门决算" in html and "教体局三公经费" in html
    assert "教体局招生政策" not in html
    only_b = client.get(
        reverse("catalog:list"), {"directory": parent.pk, "agency": agency_b.credit_code}
    )
    assert "教体局三公经费" in only_b.text and "财政局部门决算" not in only_b.text


def test_tree_shows_counts_of_public_items_including_subdirectories(client, agency_a):
    for index in range(3):
        make_item(agency_a, f"部门预算{index}", directory_name="部门预算")
    make_item(agency_a, "草稿预算", directory_name="部门预算", status=Item.Status.DRAFT)
    make_item(agency_a, "三公", directory_name="“三公”经费")
    html = client.get(agency_a.get_absolute_url()).text
    budget, parent = directory("部门预算"), directory("财政预决算")
    assert re.search(rf"directory={budget.pk}\"[^>]*>部门预算</a>\s*<span[^>]*>（3）", html)
    assert re.search(rf"directory={parent.pk}\"[^>]*>财政预决算</a>\s*<span[^>]*>（4）", html)


def test_withdrawing_updates_counts_and_marks_the_row(client, agency_a):
    from catalog.publicity import public_content_changed

    item = make_item(agency_a, "将被撤回的信息", directory_name="部门预算")
    assert "（1）" in client.get(agency_a.get_absolute_url()).text
    Item.objects.filter(pk=item.pk).update(
        status=Item.Status.WITHDRAWN, withdrawn_at=timezone.now(), withdrawal_reason="内容有误"
    )
    public_content_changed(item)
    listing = client.get(reverse("catalog:list"), {"agency": agency_a.credit_code}).text
    assert "将被撤回的信息" in listing and "已撤回" in listing
    Item.objects.filter(pk=item.pk).update(status=Item.Status.DRAFT)
    public_content_changed(item)
    assert "（1）" not in client.get(agency_a.get_absolute_url()).text


@pytest.mark.parametrize("status", [Item.Status.DRAFT, Item.Status.PENDING, Item.Status.RETURNED])
def test_unpublished_items_appear_on_no_public_list(client, agency_a, status):
    make_item(agency_a, "尚未发布的信息", status=status)
    for url in [
        "/",
        "/catalog/",
        agency_a.get_absolute_url(),
        f"/catalog/?agency={agency_a.credit_code}",
    ]:
        assert "尚未发布的信息" not in client.get(url).text


def test_keyset_pages_cover_every_item_once_in_both_directions(client, agency_a):
    base = timezone.now()
    same_moment = base - timedelta(days=1)
    for index in range(45):
        # Ten items share one timestamp: the id breaks the tie.
        moment = same_moment if index < 10 else base - timedelta(hours=index)
        make_item(agency_a, f"条目{index:02d}号", published_at=moment, index=False)
    seen, url, pages = [], reverse("catalog:list"), []
    while url:
        response = client.get(url)
        assert response.status_code == 200
        titles = re.findall(r"条目\d\d号", response.text)
        pages.append((url, titles))
        seen += titles
        match = re.search(r'rel="next" href="([^"]+)"', response.text)
        url = reverse("catalog:list") + match.group(1).replace("&amp;", "&") if match else None
    assert len(seen) == 45 and len(set(seen)) == 45
    assert [len(titles) for _, titles in pages] == [20, 20, 5]
    last = client.get(pages[-1][0]).text
    previous = re.search(r'rel="prev" href="([^"]+)"', last).group(1).replace("&amp;", "&")
    assert (
        re.findall(r"条目\d\d号", client.get(reverse("catalog:list") + previous).text)
        == pages[1][1]
    )
    oldest_first = client.get(reverse("catalog:list"), {"sort": "old"}).text
    assert re.findall(r"条目\d\d号", oldest_first)[:20] == list(reversed(seen))[:20]


HOSTILE = [
    {"agency": "<script>alert(1)</script>"},
    {"agency": "' OR 1=1 --"},
    {"directory": "abc"},
    {"directory": "99999999999999999999999"},
    {"directory": "-1"},
    {"year": "1900"},
    {"year": "２０２５"},
    {"year": "99999999999999999999"},
    {"genre": "nope"},
    {"validity": "<b>"},
    {"q": "x" * 5000},
    {"q": "a\x00b"},
    {"q": "' & | ! <-> :* ()"},
    {"sort": "price"},
    {"after": "1_1_1"},
    {"after": "99999999999999999_1"},
    {"after": "9999999999999999_1"},
    {"before": "abc"},
    {"after": "1_1", "before": "1_1"},
    {"page": "-5"},
]


@pytest.mark.parametrize("params", HOSTILE)
def test_hostile_list_parameters_give_400_or_an_empty_list_never_500(client, agency_a, params):
    make_item(agency_a, "正常信息")
    response = client.get(reverse("catalog:list"), params)
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        # A NUL character is refused for every page (disclosure_portal/middleware.py).
        assert "筛选条件有误" in response.text or "请求无效" in response.text
    assert "<script>alert" not in response.text


def test_agency_rules_page_lists_its_rules_directory(client, agency_a):
    make_item(agency_a, "政府信息公开保密审查制度", directory_name="政府信息公开制度")
    make_item(agency_a, "舒城县财政局招标公告")
    response = client.get(reverse("catalog:agency_rules", args=[agency_a.credit_code]), follow=True)
    assert "政府信息公开保密审查制度" in response.text
    assert "舒城县财政局招标公告" not in response.text
    assert client.get("/agencies/nope/rules/").status_code == 404
