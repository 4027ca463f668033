"""Published annual reports in the API: the numbers of the newest revision, as on the page."""

import pytest

from reports import tables as t
from tests.annual_report import EXPECTED_3, build_2025
from tests.requesting import freeze_today
from tests.test_report_public import publish

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(monkeypatch):
    return freeze_today(monkeypatch, "2026-01-20")


@pytest.fixture
def office(make_staff, county):
    return make_staff("gongkaiban", roles=["公开办", "负责人"], agencies=[county])


def test_a_published_report_s_tables_as_numbers(
    client, agency_a, office, django_capture_on_commit_callbacks
):
    build_2025(agency_a)
    publish(agency_a, office, django_capture_on_commit_callbacks, licences=7)
    listing = client.get("/api/v1/reports/", {"agency": agency_a.credit_code}).json()
    [summary] = listing["results"]
    assert summary["year"] == 2025 and summary["with_subordinates"] is False
    data = client.get(summary["api_url"]).json()
    assert data["revision"] == 1 and data["withdrawn"] is False
    for row, numbers in EXPECTED_3.items():
        assert [data["section3"][row][column] for column in t.COLUMNS] == numbers
    assert data["section2"]["licences"] == 7
    assert data["labels"]["section3_rows"]["new"] == "一、本年新收政府信息公开申请数量"
    assert data["xlsx_url"].endswith(f"/reports/{agency_a.credit_code}/2025/xlsx/")


def test_an_unpublished_report_is_not_in_the_api(client, agency_a):
    assert client.get("/api/v1/reports/").json()["results"] == []
    assert client.get(f"/api/v1/reports/{agency_a.credit_code}/2025/").status_code == 404
    assert client.get("/api/v1/reports/", {"year": "abc"}).status_code == 400
