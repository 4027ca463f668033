"""Staff only ever see the agencies they belong to (and, for 公开办, the subtree below)."""

import pytest
from django.urls import reverse

from organisation.models import Agency
from organisation.roles import DISCLOSURE_OFFICE, INFORMATION_OFFICER, SYSTEM_ADMIN

pytestmark = pytest.mark.django_db


def test_staff_member_sees_only_own_agency(make_staff, agency_a, agency_b):
    user = make_staff("a_officer", [INFORMATION_OFFICER], [agency_a])
    assert list(Agency.objects.for_staff(user)) == [agency_a]


def test_disclosure_office_sees_its_subtree(make_staff, county, agency_a, agency_b, make_agency):
    other_county = make_agency("庐江县人民政府", kind=Agency.Kind.GOVERNMENT)
    user = make_staff("office", [DISCLOSURE_OFFICE], [county])
    visible = set(Agency.objects.for_staff(user))
    assert visible == {county, agency_a, agency_b}
    assert other_county not in visible


def test_disclosure_office_of_a_department_does_not_see_siblings(make_staff, agency_a, agency_b):
    user = make_staff("office_a", [DISCLOSURE_OFFICE], [agency_a])
    assert set(Agency.objects.for_staff(user)) == {agency_a}


def test_system_admin_sees_every_agency(make_staff, county, agency_a, agency_b):
    user = make_staff("sysadmin", [SYSTEM_ADMIN])
    assert Agency.objects.for_staff(user).count() == 3


def test_user_without_agency_sees_nothing(make_staff, agency_a):
    user = make_staff("nobody", [INFORMATION_OFFICER])
    assert not Agency.objects.for_staff(user).exists()


def test_admin_changelist_lists_only_own_agencies(client, make_staff, agency_a, agency_b):
    user = make_staff("office_a", [DISCLOSURE_OFFICE], [agency_a])
    client.force_login(user)
    response = client.get(reverse("admin:organisation_agency_changelist"))
    assert response.status_code == 200
    assert agency_a.name in response.text
    assert agency_b.name not in response.text


def test_admin_cannot_open_or_change_another_agency(client, make_staff, agency_a, agency_b):
    user = make_staff("office_a", [DISCLOSURE_OFFICE], [agency_a])
    client.force_login(user)
    url = reverse("admin:organisation_agency_change", args=[agency_b.pk])
    assert client.get(url).status_code == 302  # admin redirects a missing object to the index
    response = client.post(url, {"phone": "110", "address": "x"})
    agency_b.refresh_from_db()
    assert agency_b.phone != "110"
    assert response.status_code == 302


def test_disclosure_office_updates_own_contact_data_but_not_the_tree(
    client, make_staff, agency_a, county
):
    user = make_staff("office_a", [DISCLOSURE_OFFICE], [agency_a])
    client.force_login(user)
    url = reverse("admin:organisation_agency_change", args=[agency_a.pk])
    response = client.post(
        url,
        {
            "address": "梅河路1号",
            "office_hours": "工作日",
            "phone": "0564-8600000",
            "fax": "",
            "email": "gk@example.gov.cn",
            "postcode": "231300",
            "name": "篡改的名称",
            "_save": "保存",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    agency_a.refresh_from_db()
    assert agency_a.phone == "0564-8600000"
    assert agency_a.name == "舒城县财政局"


def test_only_system_admin_adds_agencies(client, make_staff, agency_a):
    office = make_staff("office_a", [DISCLOSURE_OFFICE], [agency_a])
    client.force_login(office)
    assert client.get(reverse("admin:organisation_agency_add")).status_code == 403
    admin = make_staff("sysadmin", [SYSTEM_ADMIN])
    client.force_login(admin)
    assert client.get(reverse("admin:organisation_agency_add")).status_code == 200


def test_agency_form_rejects_bad_credit_code(client, make_staff, county):
    admin = make_staff("sysadmin", [SYSTEM_ADMIN])
    client.force_login(admin)
    response = client.post(
        reverse("admin:organisation_agency_add"),
        {
            "name": "舒城县统计局",
            "credit_code": "11341523000000001X",
            "kind": "department",
            "parent": county.pk,
            "_save": "保存",
        },
    )
    assert response.status_code == 200
    assert "统一社会信用代码校验位错误" in response.text
    assert not Agency.objects.filter(name="舒城县统计局").exists()
