"""The agency filter of the list and search pages offers only the chosen agency's neighbourhood.

With every agency in the select, a province's 2,000 agencies made ~170 KB of HTML on every
list and search page. The select offers 全部机关, the chosen agency's ancestors, itself and
its children (the top two levels when none is chosen); a citizen drills down by choosing and
submitting, and the link to 机关导航 reaches any agency. Every credit code stays valid in URLs.
"""

import re

import pytest
from django.urls import reverse

from organisation.models import Agency
from tests.public_catalog import make_item

pytestmark = pytest.mark.django_db

LIST = reverse("catalog:list")
SEARCH = reverse("catalog:search")


@pytest.fixture
def province(make_agency):
    """A province of 69 agencies: 4 cities, 4 counties each, 3 departments per county."""
    root = make_agency("江淮省人民政府", kind=Agency.Kind.GOVERNMENT)
    tree = {"root": root}
    for c in range(1, 5):
        city = make_agency(f"第{c}市人民政府", parent=root, kind=Agency.Kind.GOVERNMENT)
        tree[f"city{c}"] = city
        for k in range(1, 5):
            county = make_agency(
                f"第{c}市第{k}县人民政府", parent=city, kind=Agency.Kind.GOVERNMENT
            )
            tree[f"county{c}{k}"] = county
            for d in range(1, 4):
                tree[f"dept{c}{k}{d}"] = make_agency(f"第{c}市第{k}县第{d}局", parent=county)
    assert Agency.objects.count() == 69
    return tree


def agency_options(html):
    """[(value, label, selected)] of the filter's agency select."""
    select = re.search(r'<select name="agency"[^>]*>(.*?)</select>', html, re.S).group(1)
    return [
        (value, label, bool(selected))
        for value, selected, label in re.findall(
            r'<option value="([^"]*)"( selected)?>([^<]*)</option>', select
        )
    ]


def offered(html):
    return [label.strip("　") for _value, label, _selected in agency_options(html)]


@pytest.mark.parametrize("url", [LIST, SEARCH + "?q=通知"])
def test_without_an_agency_the_top_two_levels_are_offered(client, province, url):
    response = client.get(url)
    assert response.status_code == 200
    assert offered(response.text) == [
        "全部机关",
        "江淮省人民政府",
        "第1市人民政府",
        "第2市人民政府",
        "第3市人民政府",
        "第4市人民政府",
    ]
    assert f'href="{reverse("catalog:agency_list")}"' in response.text.split('name="agency"')[1]


@pytest.mark.parametrize("url", [LIST, SEARCH + "?q=通知"])
def test_choosing_an_agency_offers_its_ancestors_and_children_indented(client, province, url):
    county = province["county23"]
    response = client.get(url, {"agency": county.credit_code})
    assert response.status_code == 200
    options = agency_options(response.text)
    assert [(label, selected) for _value, label, selected in options] == [
        ("全部机关", False),
        ("江淮省人民政府", False),
        ("　第2市人民政府", False),
        ("　　第2市第3县人民政府", True),
        ("　　　第2市第3县第1局", False),
        ("　　　第2市第3县第2局", False),
        ("　　　第2市第3县第3局", False),
    ]
    assert options[4][0] == province["dept231"].credit_code
    # Neither sibling counties nor other cities: a choice of the ancestor offers those.
    labels = offered(response.text)
    assert "第2市第2县人民政府" not in labels and "第1市人民政府" not in labels


def test_a_citizen_drills_down_to_a_department_and_the_list_filters_by_it(client, province):
    department = province["dept342"]
    wanted = make_item(department, "第3市第4县第2局的通知")
    make_item(province["dept341"], "同一个县另一个局的通知")
    other = make_item(province["root"], "省政府的通知")

    path = [province["city3"], province["county34"], department]
    offer = offered(client.get(LIST).text)
    for agency in path:  # each level offers the next
        assert agency.name in offer
        offer = offered(client.get(LIST, {"agency": agency.credit_code}).text)

    response = client.get(LIST, {"agency": department.credit_code})
    assert "第3市第4县第2局的通知" in response.text
    assert "同一个县另一个局的通知" not in response.text and "省政府的通知" not in response.text
    assert [label.strip("　") for _v, label, chosen in agency_options(response.text) if chosen] == [
        department.name
    ]
    assert offer == [
        "全部机关",
        "江淮省人民政府",
        "第3市人民政府",
        "第3市第4县人民政府",
        department.name,
    ]

    found = client.get(SEARCH, {"q": "通知", "agency": department.credit_code})
    # Titles are highlighted in results: the links tell the items apart.
    assert wanted.get_absolute_url() in found.text
    assert other.get_absolute_url() not in found.text


@pytest.mark.parametrize("url", [LIST, SEARCH])
def test_an_unknown_agency_code_is_a_400_in_chinese(client, province, url):
    response = client.get(url, {"q": "通知", "agency": "91340000MA2XXXXXXX"})
    assert response.status_code == 400
    assert "选择一个有效的选项" in response.text
    assert not any(selected for _v, _l, selected in agency_options(response.text))
    assert offered(response.text)[1:3] == ["江淮省人民政府", "第1市人民政府"]


def test_the_page_does_not_grow_with_agencies_below_the_top_two_levels(
    client, province, make_agency, django_capture_on_commit_callbacks
):
    county = province["county11"]
    make_item(province["dept111"], "一条通知")
    before = client.get(LIST, {"v": 1}).content
    chosen_before = client.get(LIST, {"agency": county.credit_code, "v": 1}).content
    with django_capture_on_commit_callbacks(execute=True):  # saving an agency clears caches
        for number in range(200):
            make_agency(f"第1市第2县第{number}办公室", parent=province["county12"])

    after = client.get(LIST, {"v": 2})
    assert after.status_code == 200 and len(after.content) == len(before)
    chosen_after = client.get(LIST, {"agency": county.credit_code, "v": 2})
    assert len(chosen_after.content) == len(chosen_before)
    # The new agencies are there, one choice of their county away.
    crowded = client.get(LIST, {"agency": province["county12"].credit_code, "v": 2})
    assert len(agency_options(crowded.text)) == 1 + 3 + 3 + 200
