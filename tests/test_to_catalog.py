"""依申请公开转主动公开 (条例第四十四条, requests_app/to_catalog.py): an answered request's disclosed
information becomes a draft catalog item that goes through the same checks; the 公开办 sees the
information three or more applicants asked for in a year."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from catalog.models import Directory, Item
from organisation.roles import DISCLOSURE_OFFICE, HANDLER, INFORMATION_OFFICER, REVIEWER
from requests_app.outcomes import Outcome
from tests.access import PDF
from tests.requesting import freeze_today, make_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(make_staff, agency_a):
    return make_staff("a_staff", [HANDLER, INFORMATION_OFFICER, REVIEWER], [agency_a])


@pytest.fixture
def answered(agency_a, staff, monkeypatch):
    freeze_today(monkeypatch, "2025-03-20")
    request, _ = make_request(agency_a, staff, description="2024年城区道路改造项目的招标文件")
    request.add_attachment(staff, SimpleUploadedFile("招标文件.pdf", PDF))  # 办理材料
    applicants = SimpleUploadedFile("申请人身份证.pdf", PDF)
    request.add_attachment(staff, applicants, source="applicant")
    request.answer(staff, outcome=Outcome.GRANTED, content="提供招标文件一份。")
    return request


def test_staff_draft_an_item_from_an_answered_request(client, staff, answered):
    client.force_login(staff)
    detail = client.get(f"/staff/requests/{answered.pk}/").text
    assert "将所公开的信息转为主动公开" in detail
    url = f"/staff/requests/{answered.pk}/to-catalog/"
    assert "2024年城区道路改造项目的招标文件" in client.get(url).text
    directory = Directory.objects.get(name="重大建设项目")
    response = client.post(url, {"title": "城区道路改造项目招标文件", "directory": directory.pk})
    item = Item.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"/catalog/item/{item.pk}/change/")
    assert (item.status, item.mode, item.agency, item.directory) == (
        Item.Status.DRAFT,
        Item.Mode.PROACTIVE,
        answered.agency,
        directory,
    )
    assert item.source_request == answered.number and "条例第四十四条" in item.summary
    assert [a.name for a in item.attachments.all()] == ["招标文件.pdf"]  # not the applicant's files
    # The request links to its item.
    assert "城区道路改造项目招标文件" in client.get(f"/staff/requests/{answered.pk}/").text


def test_only_a_disclosed_answer_can_be_drafted(client, staff, agency_a):
    request, _ = make_request(agency_a, staff)
    request.answer(
        staff,
        outcome=Outcome.NOT_HELD,
        case="nonexistent",
        search_note="检索了本机关档案室，未找到",
    )
    client.force_login(staff)
    assert "将所公开的信息转为主动公开" not in client.get(f"/staff/requests/{request.pk}/").text
    directory = Directory.objects.get(name="其他文件")
    client.post(
        f"/staff/requests/{request.pk}/to-catalog/", {"title": "x", "directory": directory.pk}
    )
    assert not Item.objects.exists()


def test_another_agencys_staff_get_404(client, make_staff, agency_b, answered):
    other = make_staff("b_staff", [INFORMATION_OFFICER], [agency_b])
    client.force_login(other)
    assert client.get(f"/staff/requests/{answered.pk}/to-catalog/").status_code == 404


def test_the_office_sees_information_asked_for_by_three_applicants(
    client, make_staff, county, agency_a
):
    office = make_staff("office", [DISCLOSURE_OFFICE], [county])
    for name in ("甲", "乙", "丙"):
        make_request(agency_a, applicant_name=name, description="2024年 城区道路改造项目招标文件。")
    make_request(agency_a, applicant_name="丁", description="别的信息")
    client.force_login(office)
    response = client.get("/staff/requests/to-catalog/candidates/?year=2025")
    assert response.status_code == 200
    [found] = response.context["found"]
    assert len(found.applicants) == 3
    assert client.get("/staff/requests/to-catalog/candidates/?year=abc").status_code == 400
