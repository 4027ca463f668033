"""Navigation rendered once per public version: agency trees, directory trees, long selects.

At 2,000 agencies, rendering these on every uncached page was most of its time
(`make bench`); they are cached as fragments keyed by `public_version()`, so they
must change as soon as public content or an agency does.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.public_catalog import directory, make_item

pytestmark = pytest.mark.django_db


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return response, len(queries)


def test_agency_trees_cost_no_query_once_rendered(client, agency_a, agency_b):
    for url in (reverse("catalog:agency_list"), reverse("requests_app:apply")):
        first, _ = queries_for(client, url + "?v=1")  # another URL: not the page cache
        again, count = queries_for(client, url + "?v=2")
        assert count == 0
        assert agency_a.name in again.text and again.text == first.text


def test_directory_tree_counts_follow_publication(client, agency_a):
    make_item(agency_a, "第一条", directory_name="部门预算")
    budget = directory("部门预算").pk
    url = f"{reverse('catalog:list')}?agency={agency_a.credit_code}&directory={budget}"
    assert "（1）" in client.get(url).text
    _, warm = queries_for(client, url + "&v=2")
    make_item(agency_a, "第二条", directory_name="部门预算")  # the workflow's on-commit hook
    response, cold = queries_for(client, url + "&v=3")
    assert "（2）" in response.text and "（1）" not in response.text
    assert warm < cold


def test_renamed_agency_appears_in_cached_navigation(
    client, agency_a, django_capture_on_commit_callbacks
):
    make_item(agency_a, "信息")
    for url in ("/?v=1", reverse("catalog:agency_list"), reverse("catalog:list")):
        assert agency_a.name in client.get(url).text
    with django_capture_on_commit_callbacks(execute=True):
        agency_a.name = "舒城县财政局（更名）"
        agency_a.save()
    for url in ("/?v=2", reverse("catalog:agency_list"), reverse("catalog:list") + "?v=2"):
        assert "舒城县财政局（更名）" in client.get(url).text


def select_of(html, name):
    return html.split(f'<select name="{name}"')[1].split("</select>")[0]


def test_cached_directory_select_marks_the_chosen_directory_and_escapes(client, agency_a):
    url = reverse("catalog:list")
    client.get(url)  # renders and caches the options
    budget, other = directory("部门预算").pk, directory("其他文件").pk
    html = select_of(client.get(url, {"directory": budget}).text, "directory")
    assert f'<option value="{budget}" selected>' in html
    assert f'<option value="{other}">' in html
    bad = client.get(url, {"agency": '"><script>x</script>', "directory": '"><script>x'})
    assert bad.status_code == 400
    assert "<script>x" not in bad.text
    assert " selected>" not in select_of(bad.text, "agency") + select_of(bad.text, "directory")


def test_navigation_is_kept_in_process_for_the_current_version(agency_a, monkeypatch):
    from django.core.cache import cache

    from catalog import navigation, publicity

    rows = navigation.agency_rows()
    reads = []
    real_get = cache.get
    monkeypatch.setattr(cache, "get", lambda key, *a: reads.append(key) or real_get(key, *a))
    assert navigation.agency_rows() is rows
    assert reads == [publicity.PUBLIC_VERSION_KEY]  # not the 2,000-agency list again
    publicity.bump_public_version()
    assert navigation.agency_rows() == rows and "catalog:agencies:" in "".join(reads)


def test_a_flushed_cache_never_brings_back_an_old_version(agency_a):
    from django.core.cache import cache

    from catalog import navigation, publicity

    before = publicity.public_version()
    navigation.agency_rows()
    cache.clear()
    assert publicity.public_version() != before
