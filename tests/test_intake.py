"""Duplicates at intake: similar earlier requests flagged to staff (条例第三十六条第（六）项), and
published items suggested to the applicant before submitting (never blocking)."""

import pytest

from tests.items import published_item
from tests.requesting import freeze_today, make_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def today(monkeypatch):
    return freeze_today(monkeypatch, "2025-03-20")


@pytest.fixture
def handler_a(make_staff, agency_a):
    return make_staff("banli_a", roles=["办理人"], agencies=[agency_a])


def test_similar_earlier_request_of_the_same_applicant_is_flagged(
    client, agency_a, agency_b, handler_a, today
):
    first, _ = make_request(agency_a, received_on="2025-03-03")
    make_request(agency_b, received_on="2025-03-04")  # another agency: not flagged
    other, _ = make_request(
        agency_a, received_on="2025-03-05", id_number="", applicant_name="李四", phone="139"
    )
    # Same name and phone, no ID number, slightly different words.
    again, _ = make_request(
        agency_a,
        received_on="2025-03-10",
        id_number="",
        description="2024年城关镇道路改造工程招标文件、中标结果",
    )
    different, _ = make_request(
        agency_a, received_on="2025-03-11", description="本局2023年部门决算"
    )
    client.force_login(handler_a)
    page = client.get(f"/staff/requests/{again.pk}/").content.decode()
    assert "可能的重复申请" in page and first.number in page and other.number not in page
    assert "可能的重复申请" not in client.get(f"/staff/requests/{different.pk}/").content.decode()
    assert "可能的重复申请" not in client.get(f"/staff/requests/{first.pk}/").content.decode()


def test_published_items_are_suggested_before_submitting(
    client, make_staff, agency_a, today, django_capture_on_commit_callbacks
):
    drafter = make_staff("xxy", roles=["信息员"], agencies=[agency_a])
    reviewer = make_staff("shr", roles=["审核人"], agencies=[agency_a])
    with django_capture_on_commit_callbacks(execute=True):  # search tokens written on commit
        published_item(agency_a, drafter, reviewer, title="城关镇道路改造工程中标结果公示")
        published_item(agency_a, drafter, reviewer, title="舒城县财政局2025年部门预算公开")
    response = client.get(
        "/apply/suggest/",
        {"q": "2024年城关镇道路改造工程的招标文件和中标结果", "agency": agency_a.credit_code},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "城关镇道路改造工程中标结果公示" in page
    assert "部门预算" not in page
    assert client.get("/apply/suggest/", {"q": "<script>alert(1)</script>"}).status_code == 200
    assert client.get("/apply/suggest/").content.decode().strip() == ""
    form = client.get(f"/apply/{agency_a.credit_code}/").content.decode()
    assert 'id="published-suggestions"' in form
