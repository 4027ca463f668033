import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_says_what_the_portal_is_and_lists_agencies(client, county, agency_a):
    response = client.get("/")
    assert response.status_code == 200
    html = response.text
    assert '<html lang="zh-CN">' in html
    assert "<h1>政府信息公开</h1>" in html
    assert agency_a.name in html and county.name in html
    # Landmarks for screen readers, a skip link, and the print stylesheet.
    for marker in ('role="banner"', "<main", 'role="contentinfo"', 'href="#main"', 'media="print"'):
        assert marker in html


def test_footer_shows_the_portal_agency_contact_data(client, county):
    assert county.phone in client.get("/").text


def test_agency_switcher_works_without_javascript(client, agency_a):
    response = client.get(reverse("catalog:agency_switch"), {"code": agency_a.credit_code})
    assert response.status_code == 302
    assert response["Location"] == agency_a.get_absolute_url()
    response = client.get(reverse("catalog:agency_switch"), {"code": "<script>"})
    assert response["Location"] == reverse("catalog:agency_list")


def test_agency_page_shows_breadcrumb_and_children(client, county, agency_a):
    response = client.get(county.get_absolute_url())
    assert response.status_code == 200
    assert agency_a.name in response.text
    response = client.get(agency_a.get_absolute_url())
    assert county.name in response.text  # in the breadcrumb


def test_unknown_agency_is_a_404(client, db):
    assert client.get("/agencies/nope/").status_code == 404


def test_home_page_query_count_does_not_grow_with_agencies(
    client, county, make_agency, django_assert_max_num_queries
):
    for index in range(30):
        make_agency(f"部门{index}", parent=county)
    client.get("/")  # fill the switcher cache
    with django_assert_max_num_queries(2):
        client.get("/")


def test_agency_contact_edit_shows_on_cached_public_pages(
    client, county, django_capture_on_commit_callbacks
):
    assert county.phone in client.get("/").text  # now cached
    with django_capture_on_commit_callbacks(execute=True):
        county.phone = "0564-8999999"
        county.save()
    assert "0564-8999999" in client.get("/").text


def test_agency_switcher_selects_the_page_agency_and_escapes_names(client, county, agency_a):
    agency_a.name = "财政局<试点>&"
    agency_a.save()
    html = client.get(agency_a.get_absolute_url()).text
    code = agency_a.credit_code
    assert f'<option value="{code}" selected>　财政局&lt;试点&gt;&amp;</option>' in html
    assert f'<option value="{county.credit_code}">{county.name}</option>' in html
    assert " selected" not in client.get("/").text.split("</select>")[0]
