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


def test_every_operation_answers_as_its_openapi_document_says(
    client, county, agency_a, office, django_capture_on_commit_callbacks
):
    """Each GET of the document, with its path parameters filled, answers 200 with a body that
    openapi-core finds valid against the document: what a generated client would parse."""
    from openapi_core import OpenAPI
    from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse

    from catalog.models import Item
    from reports.models import AnnualReport
    from tests.public_catalog import make_item

    build_2025(agency_a)  # items with and without 有效性, withdrawn ones, requests and cases
    item = make_item(agency_a, "关于预算的通知", body="<p>正文</p>")
    make_item(agency_a, "依申请公开的信息", mode=Item.Mode.ON_REQUEST, mode_reason="过程性信息")
    publish(agency_a, office, django_capture_on_commit_callbacks)
    report, _ = AnnualReport.objects.update_or_create(
        agency=county,
        year=2025,
        with_subordinates=True,
        defaults={"overview": "总体情况", "problems": "问题", "other_matters": "无"},
    )
    with django_capture_on_commit_callbacks(execute=True):
        report.publish(office)
    schema = client.get("/api/v1/openapi.json").json()
    spec = OpenAPI.from_dict(schema)
    values = {"id": item.pk, "year": 2025}
    checked = []
    for path, methods in schema["paths"].items():
        assert set(methods) == {"get"}, "read-only"
        code = county if path.endswith("/all/") else agency_a
        url = path.replace("{code}", code.credit_code)
        for name, value in values.items():
            url = url.replace(f"{{{name}}}", str(value))
        for params in ({}, {"agency": agency_a.credit_code}) if "{" not in path else ({},):
            response = client.get(url, params)
            assert response.status_code == 200, (url, response.content)
            request = DjangoOpenAPIRequest(response.wsgi_request)
            result = spec.unmarshal_response(request, DjangoOpenAPIResponse(response))
            assert not result.errors, (url, params, result.errors)
            checked.append(url)
    assert len(set(checked)) == len(schema["paths"]) == 8
