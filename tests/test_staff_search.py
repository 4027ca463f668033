"""Staff searching for an applicant by name leave the name out of every URL, and so out of
access logs, browser history and Referer headers (issue 17, finding 4): the search forms
POST and the lists' URLs carry a token that only the searching session can resolve."""

from urllib.parse import quote

import pytest
from django.test import Client

from organisation.roles import HANDLER
from tests.requesting import make_request

pytestmark = pytest.mark.django_db
NAME = "欧阳娜娜"


@pytest.fixture
def numbers(agency_a):
    """(the request of NAME, another applicant's request) by number."""
    return (
        make_request(agency_a, applicant_name=NAME, description="道路改造招标文件")[0].number,
        make_request(agency_a, applicant_name="李四", description="另一项信息")[0].number,
    )


@pytest.fixture
def handler(make_staff, agency_a, numbers):
    return make_staff("handler", roles=[HANDLER], agencies=[agency_a])


def assert_no_name(url):
    assert NAME not in url and quote(NAME) not in url, url


def test_worklist_search_posts_and_the_url_holds_a_token(client, handler):
    """Before: the filter form was a GET form, so /staff/requests/?q=欧阳娜娜 was logged."""
    client.force_login(handler)
    page = client.get("/staff/requests/?view=all")
    assert 'class="filters" method="post"' in page.text

    response = client.post("/staff/requests/", {"view": "all", "q": NAME})
    assert response.status_code == 302
    url = response["Location"]
    assert_no_name(url)
    assert "view=all" in url and "s=" in url

    found = client.get(url)
    assert found.status_code == 200
    assert NAME in found.text and "李四" not in found.text  # filtered by the name
    assert f'value="{NAME}"' in found.text  # the box shows what was searched
    # …and the name is in the worklist's own box only: staff pages carry no site search box.
    assert found.text.count(f'value="{NAME}"') == 1
    assert 'id="site-search-q"' not in found.text


def test_a_search_token_means_nothing_to_another_session(client, handler):
    client.force_login(handler)
    url = client.post("/staff/requests/", {"view": "all", "q": NAME})["Location"]
    other = Client()
    other.force_login(handler)
    page = other.get(url)
    assert page.status_code == 200
    assert "搜索条件已过期" in page.text
    assert "李四" in page.text  # not filtered: the token named nothing here


def test_a_bad_search_is_a_chinese_error(client, handler):
    client.force_login(handler)
    response = client.post("/staff/requests/", {"view": "all", "q": "x" * 51, "year": "abc"})
    assert response.status_code == 400
    assert "请输入" in response.text or "整数" in response.text


def test_admin_request_search_posts_and_the_url_holds_a_token(client, handler, numbers):
    client.force_login(handler)
    listing = client.get("/admin/requests_app/request/")
    assert 'id="changelist-search" method="post"' in listing.text

    response = client.post(
        "/admin/requests_app/request/", {"_search": "1", "q": NAME, "status": "in_progress"}
    )
    assert response.status_code == 302
    url = response["Location"]
    assert_no_name(url)
    assert "status=in_progress" in url

    found = client.get(url)
    assert found.status_code == 200
    assert numbers[0] in found.text and numbers[1] not in found.text
    assert f'value="{NAME}"' in found.text
    for link in found.context["cl"].get_query_string({"p": 1}), found.text:
        assert quote(NAME) not in link


def test_admin_search_by_number_still_works_from_the_url(client, handler, numbers):
    """A hand-typed or bookmarked ?q=number goes on working."""
    client.force_login(handler)
    found = client.get(f"/admin/requests_app/request/?q={numbers[1]}")
    assert found.status_code == 200
    assert numbers[1] in found.text and f">{numbers[0]}<" not in found.text
