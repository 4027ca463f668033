"""The public home page: the search and the latest items come first, the directory tree folds
its empty directories, and 政府信息公开指南 opens the guide, not an empty list.

Before, 最新公开 came after a 70-line tree of "（0）" directories (2,100 px down on a desktop,
3,100 px on a phone; tests/e2e/test_journey_citizen.py measures it in Chromium)."""

import re

import pytest

from catalog.models import Directory
from organisation.roles import REVIEWER

from .items import published_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(client, make_staff, county, agency_a, django_capture_on_commit_callbacks):
    user = make_staff("a_reviewer", [REVIEWER], [agency_a])
    budget = Directory.objects.get(name="部门预算")
    with django_capture_on_commit_callbacks(execute=True):  # the counts follow publication
        published_item(agency_a, user, user, title="舒城县财政局2025年部门预算", directory=budget)
    return client.get("/").content.decode()


def tree(html):
    return re.search(r'<ul class="directory-tree">.*</ul>', html, re.S).group(0)


def test_search_and_latest_come_before_the_trees(page):
    search = page.index('action="/search/" role="search" aria-label="搜索政府信息"')
    latest = page.index('id="latest-heading"')
    assert (
        search < latest < page.index('id="agencies-heading"') < page.index('class="directory-tree"')
    )
    assert page.index("舒城县财政局2025年部门预算") < page.index('class="directory-tree"')


def test_the_home_tree_folds_empty_directories(page):
    home_tree = tree(page)
    assert ">部门预算</a>" in home_tree
    assert "（0）" not in home_tree
    assert Directory.objects.count() > 20  # most of them empty, and not listed
    assert home_tree.count("<li>") < 10
    assert 'href="/catalog/">浏览完整目录</a>' in page


def test_the_guide_directory_opens_the_guide(page, county, client, agency_a):
    guide = f'<a href="/agencies/{county.credit_code}/guide/">政府信息公开指南</a>'
    assert guide in tree(page)
    agency_page = client.get(f"/agencies/{agency_a.credit_code}/").content.decode()
    assert f'<a href="/agencies/{agency_a.credit_code}/guide/">政府信息公开指南</a>' in agency_page
    full = client.get("/catalog/").content.decode()
    assert "（0）" in tree(full)  # the full catalogue still lists every directory
