"""403, 404 and 500 in Chinese, in the portal's design, with a way back: the staff layout and
工作台 for staff on staff pages, the public layout and 首页 for everyone else (disclosure_portal/
views.py). Before, a 403 was Django's bare English "403 Forbidden"."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory

from disclosure_portal import views
from tests.requesting import make_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(client, make_staff, agency_a):
    user = make_staff("officer", ["信息员"], [agency_a])
    client.force_login(user)
    return user


def test_a_staff_page_the_role_may_not_open_says_so_in_chinese(client, officer):
    response = client.get("/staff/requests/")  # an 信息员 does not handle requests
    assert response.status_code == 403
    text = response.text
    assert "403 Forbidden" not in text
    assert "没有权限访问此页面" in text and "联系系统管理员" in text
    assert 'href="/staff/">返回工作台' in text
    assert 'aria-label="工作导航"' in text and 'id="site-search-q"' not in text


def test_a_refusal_of_our_own_gives_its_reason_and_the_frameworks_do_not(officer):
    request = RequestFactory().get("/admin/catalog/item/1/change/")
    request.user = officer
    ours = views.permission_denied(request, PermissionDenied("只有本机关的审核人才能发布。"))
    assert ours.status_code == 403 and "只有本机关的审核人才能发布。" in ours.text
    theirs = views.permission_denied(request, PermissionDenied("CSRF token missing"))
    assert "CSRF" not in theirs.text


def test_a_missing_public_page_keeps_the_public_layout(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.text and 'href="/">返回门户首页' in response.text
    assert 'id="site-search-q"' in response.text  # the public header, with its search


@pytest.mark.parametrize("url", ["/staff/no-such-page/", "/admin/nothing-here/"])
def test_a_missing_staff_page_keeps_the_staff_layout(client, officer, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "页面不存在" in response.text and 'href="/staff/">返回工作台' in response.text
    assert 'aria-label="工作导航"' in response.text


def test_another_agencys_request_is_missing_without_saying_whose(
    client, make_staff, agency_a, agency_b
):
    request, _ = make_request(agency_a, None)
    client.force_login(make_staff("other", ["办理人"], [agency_b]))
    response = client.get(f"/staff/requests/{request.pk}/")
    assert response.status_code == 404
    assert request.agency.name not in response.text.replace(agency_b.name, "")


def test_a_missing_page_says_why_in_chinese_but_never_echoes_the_resolver(
    client, make_staff, agency_a
):
    client.force_login(make_staff("head", ["负责人"], [agency_a]))
    response = client.get(f"/staff/reports/{agency_a.pk}/1999/")
    assert response.status_code == 404 and "没有这个年度的报告" in response.text
    resolver = client.get("/不存在的页面/")
    assert resolver.status_code == 404 and "tried" not in resolver.text


def test_a_server_error_is_explained_in_chinese_with_the_way_back(client, officer, monkeypatch):
    def broken(request):
        raise RuntimeError("boom")

    monkeypatch.setattr("disclosure_portal.staff_home.panels", broken)
    client.raise_request_exception = False
    response = client.get("/staff/")
    assert response.status_code == 500
    text = response.text
    assert '<html lang="zh-CN">' in text and "服务器暂时无法处理您的请求" in text
    assert "/static/css/portal.css" in text  # the portal's design
    assert 'href="/">返回门户首页' in text and 'href="/staff/">工作人员工作台' in text


def test_the_server_error_page_asks_nothing_of_the_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        response = views.server_error(RequestFactory().get("/"))
    assert response.status_code == 500 and "政务公开门户" in response.text


def test_an_expired_form_is_explained_in_chinese(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/admin/login/", {"username": "someone", "password": "x"})
    assert response.status_code == 403
    assert "页面已过期" in response.text and "CSRF verification failed" not in response.text
