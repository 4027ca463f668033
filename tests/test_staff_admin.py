"""The 系统管理员 sets up staff (agencies and roles) on one page; nobody else touches users."""

import pytest
from django.contrib.auth.models import Group, User

from organisation.roles import (
    DISCLOSURE_OFFICE,
    HANDLER,
    INFORMATION_OFFICER,
    REVIEWER,
    SYSTEM_ADMIN,
)

pytestmark = pytest.mark.django_db

USERS_URL = "/admin/auth/user/"
ADD_URL = "/admin/auth/user/add/"


@pytest.fixture
def sysadmin(make_staff):
    """A 系统管理员 by role, not a superuser."""
    return make_staff("sysadmin", [SYSTEM_ADMIN])


def change_form_data(user, **overrides):
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": "",
        "email": "",
        "is_active": "on",
        "is_staff": "on",
        "groups": [g.pk for g in user.groups.all()],
        "agencies": [a.pk for a in user.agencies.all()],
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2025-01-02",
        "date_joined_1": "08:00:00",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_new_staff_member_gets_agencies_and_roles_in_one_step(client, sysadmin, agency_a, agency_b):
    client.force_login(sysadmin)
    form = client.get(ADD_URL)
    assert "所属机关" in form.text and agency_a.name in form.text
    reviewer = Group.objects.get(name=REVIEWER)
    response = client.post(
        ADD_URL,
        {
            "username": "czj_new",
            "usable_password": "true",
            "password1": "a-Strong-pass-2025",
            "password2": "a-Strong-pass-2025",
            "first_name": "财政局新审核人",
            "email": "new@example.gov.cn",
            "is_staff": "on",
            "agencies": [agency_a.pk],
            "groups": [reviewer.pk],
            "_save": "保存",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(username="czj_new")
    assert user.is_staff and not user.is_superuser
    assert list(user.agencies.all()) == [agency_a]
    assert list(user.groups.all()) == [reviewer]


def test_change_form_shows_and_changes_a_users_agencies(
    client, sysadmin, make_staff, agency_a, agency_b
):
    user = make_staff("officer", [INFORMATION_OFFICER], [agency_a])
    client.force_login(sysadmin)
    url = f"{USERS_URL}{user.pk}/change/"
    page = client.get(url)
    assert page.context["adminform"].form.initial["agencies"] == [agency_a.pk]
    handler = Group.objects.get(name=HANDLER)
    response = client.post(
        url, change_form_data(user, agencies=[agency_b.pk], groups=[handler.pk], _save="保存")
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert list(user.agencies.all()) == [agency_b]
    assert list(user.groups.all()) == [handler]
    assert user not in agency_a.staff.all()


def test_a_system_admin_who_is_not_superuser_cannot_grant_superuser(client, sysadmin, make_staff):
    user = make_staff("officer", [INFORMATION_OFFICER])
    client.force_login(sysadmin)
    client.post(
        f"{USERS_URL}{user.pk}/change/",
        change_form_data(user, is_superuser="on", _save="保存"),
    )
    user.refresh_from_db()
    assert not user.is_superuser


@pytest.mark.parametrize("roles", [[DISCLOSURE_OFFICE], [REVIEWER], [HANDLER]])
def test_other_staff_cannot_see_or_edit_users(client, make_staff, agency_a, roles):
    victim = make_staff("victim", [INFORMATION_OFFICER], [agency_a])
    staff = make_staff("staff", roles, [agency_a])
    # Even a hand-given model permission does not open the users admin to a 公开办.
    staff.user_permissions.add(
        *Group.objects.get(name=SYSTEM_ADMIN).permissions.filter(content_type__app_label="auth")
    )
    client.force_login(staff)
    assert client.get(USERS_URL).status_code == 403
    assert client.get(ADD_URL).status_code == 403
    assert client.get(f"{USERS_URL}{victim.pk}/change/").status_code == 403
    response = client.post(
        f"{USERS_URL}{victim.pk}/change/", change_form_data(victim, is_superuser="on")
    )
    assert response.status_code == 403
    assert client.get("/admin/auth/group/").status_code == 403
    assert "/admin/auth/user/" not in client.get("/admin/models/").text  # the admin's index
    assert "/admin/auth/user/" not in client.get("/staff/").text  # the 工作台
    victim.refresh_from_db()
    assert not victim.is_superuser


def test_user_list_shows_agencies_and_roles_without_a_query_per_user(
    client, sysadmin, make_staff, agency_a, agency_b, django_assert_max_num_queries
):
    for n in range(3):
        make_staff(f"a{n}", [INFORMATION_OFFICER], [agency_a])
    client.force_login(sysadmin)
    with django_assert_max_num_queries(20) as few:
        page = client.get(USERS_URL)
    assert agency_a.name in page.text and INFORMATION_OFFICER in page.text
    for n in range(3, 13):
        make_staff(f"a{n}", [REVIEWER], [agency_a, agency_b])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(USERS_URL)


# --- the agency tree: only a 系统管理员 reshapes it (issue 17, finding 5) -----------------------


def move(client, cut, pasted_on, position="last-child"):
    return client.post(
        "/admin/organisation/agency/",
        {"cmd": "move_node", "cut_item": cut.pk, "pasted_on": pasted_on.pk, "position": position},
    )


def test_a_disclosure_office_cannot_drag_an_agency_elsewhere(
    client, make_staff, county, agency_a, agency_b
):
    """Before: the 公开办, whose `parent` field is read-only, moved A under B by drag and drop."""
    client.force_login(make_staff("office", [DISCLOSURE_OFFICE], agencies=[county]))
    assert move(client, agency_a, agency_b).status_code == 403
    agency_a.refresh_from_db()
    assert agency_a.parent_id == county.pk
    listing = client.get("/admin/organisation/agency/")
    assert listing.status_code == 200 and "drag-handle" not in listing.text


def test_a_system_admin_moves_agencies_by_drag_and_drop(
    client, sysadmin, county, agency_a, agency_b
):
    client.force_login(sysadmin)
    assert "drag-handle" in client.get("/admin/organisation/agency/").text
    response = move(client, agency_a, agency_b)
    assert response.status_code == 200 and response.content == b"OK, moved."
    agency_a.refresh_from_db()
    assert agency_a.parent_id == agency_b.pk
