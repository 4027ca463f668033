"""The read-only open-data API (/api/v1/, opendata/): the public catalog only, filtered and
searched like the public pages, keyset pages, conditional GET, CORS and the rate limit, and
an OpenAPI document from which a client lists an agency's items page by page."""

import datetime
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openapi_core import OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse
from openapi_core.exceptions import OpenAPIError

from catalog.models import Attachment, Item
from tests.public_catalog import make_item

pytestmark = pytest.mark.django_db


def get_json(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    assert "json" in response["Content-Type"]
    return response.json()


def test_the_items_list_shows_only_the_public_rule_s_items(client, agency_a):
    published = make_item(agency_a, "关于公开财政预算的通知")
    withdrawn = make_item(agency_a, "关于撤回的通知", status=Item.Status.WITHDRAWN)
    for status in (Item.Status.DRAFT, Item.Status.PENDING, Item.Status.RETURNED):
        make_item(agency_a, f"未公开的{status}", status=status)
    data = get_json(client, "/api/v1/items/")
    assert {row["id"] for row in data["results"]} == {published.pk, withdrawn.pk}
    row = next(row for row in data["results"] if row["id"] == withdrawn.pk)
    assert row["withdrawn"] is True
    assert row["agency"] == {"credit_code": agency_a.credit_code, "name": agency_a.name}
    assert row["url"].endswith(f"/items/{withdrawn.pk}/")


def test_an_item_has_its_metadata_and_its_cleaned_body(client, agency_a):
    item = make_item(
        agency_a,
        "关于印发预算管理办法的通知",
        document_number="舒财〔2025〕3号",
        genre=Item.Genre.NORMATIVE,
        validity=Item.Validity.VALID,
        effective_on=datetime.date(2025, 4, 1),
        body="<p>正文内容</p>",
    )
    Item.objects.filter(pk=item.pk).update(body='<p>正文内容</p><script>alert("x")</script>')
    data = get_json(client, f"/api/v1/items/{item.pk}/")
    assert data["title"] == "关于印发预算管理办法的通知"
    assert data["index_number"] == item.index_number
    assert data["document_number"] == "舒财〔2025〕3号"
    assert data["genre"] == {"code": "normative", "label": "行政规范性文件"}
    assert data["validity"] == {"code": "valid", "label": "有效"}
    assert data["effective_on"] == "2025-04-01"
    assert [step["name"] for step in data["directory"]][-1] == "其他文件"
    assert data["body_html"] == "<p>正文内容</p>"  # cleaned again, never trusted


@pytest.mark.parametrize("status", [Item.Status.DRAFT, Item.Status.PENDING])
def test_an_unpublished_item_is_a_chinese_404(client, agency_a, status):
    item = make_item(agency_a, "草稿", status=status)
    response = client.get(f"/api/v1/items/{item.pk}/")
    assert response.status_code == 404
    assert "没有找到" in response.json()["detail"]


def test_a_withdrawn_item_keeps_its_entry_without_its_body(client, agency_a):
    item = make_item(agency_a, "已撤回", status=Item.Status.WITHDRAWN, body="<p>错误内容</p>")
    data = get_json(client, f"/api/v1/items/{item.pk}/")
    assert data["withdrawn"] is True and data["body_html"] == ""


def test_filters_as_the_public_lists(client, county, agency_a, agency_b):
    mine = make_item(agency_a, "财政局的通知", genre=Item.Genre.NORMATIVE)
    theirs = make_item(agency_b, "教育局的通知")
    top = make_item(county, "县政府的通知")

    def ids(**params):
        return {row["id"] for row in get_json(client, "/api/v1/items/", **params)["results"]}

    assert ids(agency=agency_a.credit_code) == {mine.pk}
    assert ids(agency=county.credit_code) == {top.pk}
    assert ids(agency=county.credit_code, subtree="true") == {mine.pk, theirs.pk, top.pk}
    assert ids(genre="normative") == {mine.pk}
    assert ids(year=str(timezone.localdate().year)) == {mine.pk, theirs.pk, top.pk}
    assert ids(q="教育局") == {theirs.pk}
    future = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()  # a local date
    assert ids(updated_since=future) == set()
    assert ids(updated_since=timezone.localdate().isoformat()) == {mine.pk, theirs.pk, top.pk}


@pytest.mark.parametrize(
    "params",
    [
        {"agency": "不存在的机关"},
        {"agency": "不存在的机关", "subtree": "1"},
        {"genre": "<script>"},
        {"year": "99999"},
        {"after": "abc"},
        {"limit": "1000"},
        {"updated_since": "昨天"},
        {"q": "字" * 200},
    ],
)
def test_bad_parameters_are_a_chinese_400(client, agency_a, params):
    response = client.get("/api/v1/items/", params)
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "查询参数无效" and body["errors"]
    # Echoed input is JSON, never HTML: a browser will not run it.
    assert response["Content-Type"] == "application/json"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_keyset_pages_walk_everything_once_even_while_items_are_published(client, agency_a):
    made = {make_item(agency_a, f"第{n}号通知").pk for n in range(7)}
    seen, url = [], "/api/v1/items/?limit=3"
    while url:
        data = get_json(client, url)
        seen += [row["id"] for row in data["results"]]
        if len(seen) == 3:
            # Newer than everything: before the walk's position, so not in it.
            make_item(agency_a, "翻页期间新发布的通知", published_at=timezone.now())
        url = data["next"]
    assert sorted(seen) == sorted(made)


def test_conditional_get_and_cors(client, agency_a):
    make_item(agency_a)
    first = client.get("/api/v1/items/", HTTP_ORIGIN="https://example.org")
    assert first["Access-Control-Allow-Origin"] == "*"
    etag = first["ETag"]
    again = client.get("/api/v1/items/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again["ETag"] == etag
    make_item(agency_a, "新发布的通知")  # public content changed: a new ETag
    changed = client.get("/api/v1/items/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    preflight = client.options("/api/v1/items/", HTTP_ORIGIN="https://example.org")
    assert preflight.status_code == 204
    assert "If-None-Match" in preflight["Access-Control-Allow-Headers"]
    assert client.post("/api/v1/items/").status_code == 405


def test_an_item_answers_if_modified_since(client, agency_a):
    item = make_item(agency_a)
    first = client.get(f"/api/v1/items/{item.pk}/")
    modified = first["Last-Modified"]
    assert (
        client.get(f"/api/v1/items/{item.pk}/", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    )


def test_the_rate_limit_answers_429_in_chinese(client, settings, agency_a):
    settings.OPENDATA_RATE = "3/m"
    codes = [client.get("/api/v1/directories/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    last = client.get("/api/v1/directories/")
    assert "请求过于频繁" in last.json()["detail"] and last["Retry-After"]


def test_agencies_and_directories(client, county, agency_a):
    agencies = get_json(client, "/api/v1/agencies/")
    by_code = {row["credit_code"]: row for row in agencies}
    assert by_code[agency_a.credit_code]["parent"] == county.credit_code
    assert by_code[county.credit_code]["phone"] == "0564-8622000"
    one = get_json(client, f"/api/v1/agencies/{agency_a.credit_code}/")
    assert one["name"] == agency_a.name
    assert client.get("/api/v1/agencies/nope/").status_code == 404
    directories = get_json(client, "/api/v1/directories/")
    assert any(row["name"] == "其他文件" for row in directories)


def test_the_api_page_and_the_openapi_document(client):
    page = client.get("/api/v1/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/api/v1/openapi.json" in html
    assert "swagger-ui-bundle.js" in html and "cdn" not in html.lower()
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "no inline script (CSP)"
    schema = get_json(client, "/api/v1/openapi.json")
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/items/" in schema["paths"]


class OpenAPIClient:
    """A client driven only by the OpenAPI document: an operation is found by its summary, its
    query parameters must be the document's, and every request and answer is checked against
    the document by openapi-core (parameters, types, formats, the response schema) before its
    `results` are used; pages are followed through `next` until it is null."""

    def __init__(self, http, schema):
        self.http = http
        self.spec = OpenAPI.from_dict(schema)
        self.operations = {
            operation["summary"]: (path, operation)
            for path, methods in schema["paths"].items()
            for operation in methods.values()
        }

    def _get(self, url, params=None):
        response = self.http.get(url, params or {})
        request = DjangoOpenAPIRequest(response.wsgi_request)
        self.spec.validate_request(request)  # raises on a parameter the document does not have
        assert response.status_code == 200, response.content
        return self.spec.unmarshal_response(request, DjangoOpenAPIResponse(response))

    def walk(self, summary, **params):
        path, operation = self.operations[summary]
        known = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
        assert set(params) <= known, f"not in the OpenAPI document: {set(params) - known}"
        result = self._get(path, params)
        while True:
            assert not result.errors, result.errors
            yield from result.data["results"]
            if not result.data["next"]:
                return
            result = self._get(result.data["next"])


def test_a_client_generated_from_the_openapi_document_lists_an_agency_s_items(
    client, agency_a, agency_b
):
    made = {make_item(agency_a, f"财政信息{n}").pk for n in range(7)}
    make_item(agency_b, "别的机关")
    schema = json.loads(client.get("/api/v1/openapi.json").content)
    api = OpenAPIClient(client, schema)
    rows = list(api.walk("政府信息列表", agency=agency_a.credit_code, limit=2))  # 4 pages
    newest_first = Item.objects.filter(pk__in=made).order_by("-published_at", "-pk")
    # Every item of the agency once, in order, and nothing else.
    assert [row["id"] for row in rows] == [item.pk for item in newest_first]
    assert {row["agency"]["credit_code"] for row in rows} == {agency_a.credit_code}
    properties = schema["components"]["schemas"]["Item"]["properties"]
    assert {"index_number", "document_number", "genre", "validity", "directory"} <= set(properties)


def test_the_generated_client_refuses_what_the_document_does_not_describe(client, agency_a):
    make_item(agency_a)
    api = OpenAPIClient(client, json.loads(client.get("/api/v1/openapi.json").content))
    with pytest.raises(AssertionError, match="not in the OpenAPI document"):
        list(api.walk("政府信息列表", agency_id=agency_a.pk))
    with pytest.raises(OpenAPIError):  # limit is an integer in the document
        api._get("/api/v1/items/", {"limit": "fifty"})


def test_a_list_page_costs_a_fixed_number_of_queries(
    client, agency_a, django_assert_max_num_queries
):
    for n in range(30):
        make_item(agency_a, f"第{n}号通知")
    get_json(client, "/api/v1/agencies/")  # warm the navigation caches
    with django_assert_max_num_queries(4):
        get_json(client, "/api/v1/items/", agency=agency_a.credit_code, nocache="1")


def test_a_list_shows_each_item_s_attachments_as_its_detail_does(client, agency_a):
    """The list loads every row's attachments in one query (opendata.views.attachments)."""
    pdf = b"%PDF-1.4\n%%EOF\n"
    with_files = make_item(agency_a, "附有两个文件的通知")
    for position, name in ((2, "乙表.pdf"), (1, "甲表.pdf")):
        upload = SimpleUploadedFile(name, pdf, content_type="application/pdf")
        Attachment(item=with_files, file=upload, position=position).save()
    without = make_item(agency_a, "没有附件的通知")
    withdrawn = make_item(agency_a, "撤回的通知", status=Item.Status.WITHDRAWN)
    Attachment(item=withdrawn, file=SimpleUploadedFile("丙表.pdf", pdf)).save()
    rows = {row["id"]: row for row in get_json(client, "/api/v1/items/")["results"]}
    files = rows[with_files.pk]["attachments"]
    assert [each["name"] for each in files] == ["甲表.pdf", "乙表.pdf"]  # in their order
    assert files == get_json(client, f"/api/v1/items/{with_files.pk}/")["attachments"]
    assert rows[without.pk]["attachments"] == []
    assert rows[withdrawn.pk]["attachments"] == []  # a withdrawn item keeps only its entry
