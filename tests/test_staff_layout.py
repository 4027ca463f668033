"""One staff layout: the portal's staff pages and the admin share the staff header (the staff
navigation by role, the user's name and agencies, logout), without the citizen search box or
the agency switcher; the admin reads as Chinese written for it, not translated word by word.
"""

import json
import re

import pytest
from django.contrib.auth.models import User
from django.utils import translation

from organisation.roles import DISCLOSURE_OFFICE, HANDLER, HEAD_OF_OFFICE, INFORMATION_OFFICER
from tests.items import new_item
from tests.requesting import make_request

pytestmark = pytest.mark.django_db
STAFF_NAV = 'aria-label="工作导航"'
CITIZEN_SEARCH = 'id="site-search-q"'
AGENCY_SWITCHER = 'id="switcher-code"'


@pytest.fixture
def office(make_staff, county):
    user = make_staff("office", [DISCLOSURE_OFFICE, HEAD_OF_OFFICE], [county])
    user.first_name = "县政务公开办"
    user.save()
    return user


def nav_labels(response):
    return [label for label, _url, _here in response.context["staff_nav"].sections]


def test_staff_pages_wear_the_staff_header_without_the_citizen_search(
    client, office, county, agency_a
):
    request, _ = make_request(agency_a, office)
    client.force_login(office)
    pages = [
        "/staff/",
        "/staff/requests/",
        f"/staff/requests/{request.pk}/",
        f"/staff/requests/{request.pk}/documents/receipt/",
        "/staff/requests/ledger/export/",
        "/staff/reports/?year=2024",
        f"/staff/reports/{agency_a.pk}/2024/",
        "/staff/reports/unpublished/",
        "/admin/models/",
        "/admin/catalog/item/",
        "/admin/organisation/agency/",
        "/admin/password_change/",
    ]
    for url in pages:
        page = client.get(url)
        assert page.status_code == 200, url
        text = page.text
        assert STAFF_NAV in text, url
        assert "县政务公开办" in text and county.name in text, url  # who, and for which agencies
        assert 'action="/admin/logout/"' in text, url
        assert CITIZEN_SEARCH not in text and AGENCY_SWITCHER not in text, url


def test_the_report_pages_query_no_longer_fills_a_search_box(client, office):
    """The report list's pager keeps `query` ("year=2024"); the public header used to show it
    in the site search box."""
    client.force_login(office)
    page = client.get("/staff/reports/", {"year": 2024})
    assert page.context["query"] == "year=2024"
    assert 'value="year=2024"' not in page.text


def test_public_pages_keep_the_public_header(client, office):
    client.force_login(office)  # a member of staff browsing the public site sees what citizens see
    page = client.get("/")
    assert CITIZEN_SEARCH in page.text and AGENCY_SWITCHER in page.text
    assert STAFF_NAV not in page.text


@pytest.mark.parametrize(
    "roles, sections",
    [
        ([INFORMATION_OFFICER], ["工作台", "政府信息", "机关与用户"]),
        ([HANDLER], ["工作台", "依申请公开", "台账", "机关与用户"]),
        ([HEAD_OF_OFFICE], ["工作台", "依申请公开", "年度报告", "台账", "机关与用户"]),
        (
            [DISCLOSURE_OFFICE],
            ["工作台", "政府信息", "依申请公开", "年度报告", "台账", "机关与用户"],
        ),
    ],
)
def test_the_navigation_shows_the_sections_of_the_role(
    client, make_staff, agency_a, roles, sections
):
    client.force_login(make_staff("someone", roles, [agency_a]))
    assert nav_labels(client.get("/staff/")) == sections
    for label, url, _here in client.get("/staff/").context["staff_nav"].sections:
        assert client.get(url).status_code == 200, label  # no section leads to a 403


@pytest.mark.parametrize(
    "url, section, current",
    [
        ("/staff/", "工作台", "page"),
        ("/staff/requests/", "依申请公开", "page"),
        ("/staff/requests/new/", "依申请公开", "true"),
        ("/staff/requests/ledger/import/", "台账", "true"),
        ("/admin/requests_app/case/", "台账", "true"),
        ("/staff/reports/unpublished/", "年度报告", "true"),
        ("/admin/catalog/item/add/", "政府信息", "true"),
        ("/admin/auth/user/", "机关与用户", "true"),
    ],
)
def test_the_page_is_marked_in_its_section(client, url, section, current):
    client.force_login(User.objects.create_superuser("root", password="correct-horse-9"))
    page = client.get(url)
    assert page.status_code == 200
    marked = [(label, here) for label, _url, here in page.context["staff_nav"].sections if here]
    assert marked == [(section, current)]
    assert f'aria-current="{current}">{section}</a>' in page.text


def test_logging_out_from_the_staff_header(client, office):
    client.force_login(office)
    page = client.get("/staff/requests/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    assert client.post("/admin/logout/", {"csrfmiddlewaretoken": token}).status_code == 200
    assert client.get("/staff/")["Location"].startswith("/admin/login/")


def test_the_login_page_wears_the_header_without_navigation(client):
    page = client.get("/admin/login/")
    assert "工作平台" in page.text and STAFF_NAV not in page.text


def test_the_admin_has_no_sidebar_of_its_own(client, office):
    client.force_login(office)
    page = client.get("/admin/catalog/item/")
    assert 'id="nav-sidebar"' not in page.text


def test_admin_list_filters_are_titled_in_chinese(client, make_staff, agency_a, agency_b):
    """Django's Chinese titles each filter "以 状态" (By 状态); django-mptt's tree filters too."""
    client.force_login(make_staff("reviewer", ["审核人"], [agency_a, agency_b]))
    new_item(agency_a)
    page = client.get("/admin/catalog/item/").text
    assert "以 " not in page
    for title in ("状态", "发布机构", "目录", "发布时效", "发布年份", "体裁"):
        assert f"<summary>{title}</summary>" in page, title


def test_admin_headings_and_landmarks_read_as_chinese(client, make_staff, agency_a):
    client.force_login(make_staff("reviewer", ["审核人"], [agency_a]))
    changelist = client.get("/admin/catalog/item/").text
    assert "<h1>政府信息</h1>" in changelist  # not "选择 政府信息 来修改"
    assert 'aria-label="当前位置"' in changelist and "条形导航" not in changelist
    assert '<h2 id="changelist-filter-header">筛选</h2>' in changelist
    assert "<h1>新增政府信息</h1>" in client.get("/admin/catalog/item/add/").text
    # The catalogue wins over Django's own (settings.LOCALE_PATHS) and is compiled.
    with translation.override("zh-hans"):
        assert translation.gettext("Select %s to change") == "%s"
        assert translation.gettext("Home") == "工作台"


def test_the_user_form_names_its_role_picker_in_chinese(client):
    """The two-box picker takes its boxes' names from the widget: "可选的角色", not "可用 组"."""
    client.force_login(User.objects.create_superuser("root", password="correct-horse-9"))
    page = client.get("/admin/auth/user/add/").text
    assert 'data-field-name="角色"' in page and 'data-field-name="机关"' in page


def test_the_admin_scripts_speak_chinese(client):
    """The picker's instructions come from the JavaScript catalogue, which lacked them."""
    client.force_login(User.objects.create_superuser("root", password="correct-horse-9"))
    catalogue = client.get("/admin/jsi18n/").text  # JSON: non-ASCII text escaped
    assert json.dumps("在下面选中%s，再点击向右的箭头加入右侧。") in catalogue
    assert json.dumps("可选的%s") in catalogue
