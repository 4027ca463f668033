"""Script typed into any text field, public or staff, stays text on every page that shows it:
the public site, feeds, the admin, the workbench, the letters and the applicant's pages.

A page is inert when parsing it finds no <script> running the payload, no on* attribute
carrying it and no javascript: link; and the payload must be on the page (escaped), or the
check would prove nothing. tests/test_apply_protection.py covers the applicant's own form.
"""

import datetime
import io
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from catalog.models import Attachment, Directory
from tests.access import PDF, build_world
from tests.items import cleared

MARK = "xssmark"
PAYLOAD = f"<script>{MARK}()</script><img src=x onerror={MARK}()>\"'"
SHORT = f"<img src=x onerror={MARK}()>"  # for fields of 50 characters
LINK = f'<a href="javascript:{MARK}()">链接</a>'


class ActiveContent(HTMLParser):
    """Collects whatever in a page would run the payload."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self._in_script = tag == "script"
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") and MARK in value:
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src", "action", "formaction") and value.strip().lower().startswith(
                "javascript:"
            ):
                self.problems.append(f"<{tag} {name}={value!r}>")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and MARK in data:
            self.problems.append(f"<script>{data}")


def assert_inert(html, where, shown=True):
    parser = ActiveContent()
    parser.feed(html)
    assert not parser.problems, f"{where}: {parser.problems}"
    if shown:
        assert MARK in html, f"{where} does not show the field at all"


def assert_feed_inert(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = ET.fromstring(response.content)  # noqa: S314 -- our own feed; well-formed = escaped
    texts = [element.text or "" for element in feed.iter()]
    assert any(MARK in text for text in texts), f"{url} does not show the field"
    # Readers render <description> as HTML; titles and names are plain text (RSS 2.0), which
    # well-formed XML already proves escaped.
    for element in feed.iter("description"):
        assert_inert(element.text or "", url, shown=False)


def assert_no_formulas(content, where):
    workbook = load_workbook(io.BytesIO(content))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{where}: formula in {cell.coordinate}"


@pytest.fixture
def world(make_agency, make_staff):
    return build_world(make_agency, make_staff)


# --- the catalog ---------------------------------------------------------------------------


@pytest.fixture
def hostile_catalog(world):
    """Every text field of an agency, a directory and items, entered with the payload."""
    agency = world.agency_a
    agency.name = "财政局" + PAYLOAD
    agency.address = "梅河路" + PAYLOAD
    agency.office_hours = "工作日" + PAYLOAD
    agency.phone = SHORT
    agency.fax = SHORT
    agency.save()
    directory = world.published.directory
    Directory.objects.filter(pk=directory.pk).update(
        name="预算" + PAYLOAD, description="说明" + PAYLOAD
    )
    staff = world.users["staff_a"]
    item = world.published
    for name in ("title", "summary", "document_number", "subject", "keywords"):
        setattr(item, name, f"{name}{PAYLOAD}")
    item.body = f"<p>正文</p>{PAYLOAD}{LINK}<p onclick='{MARK}()'>段落</p>"
    item.correct(staff, "更正" + PAYLOAD, review=("cleared", "依据" + PAYLOAD))
    Attachment.objects.create(
        item=item,
        name=PAYLOAD + ".pdf",
        file=SimpleUploadedFile("a.pdf", PDF),
    )
    world.draft.submit(staff)
    world.draft.return_for_revision(staff, "退回意见" + PAYLOAD)
    withdrawn = world.pending
    cleared(withdrawn, staff).publish(staff)
    withdrawn.withdraw(staff, "撤回原因" + PAYLOAD)
    return world


PUBLIC_PAGES = [
    "/",
    "/catalog/",
    "/catalog/?agency={w.agency_a.credit_code}",
    "/agencies/",
    "/agencies/{w.agency_a.credit_code}/",
    "/agencies/{w.agency_a.credit_code}/guide/",
    "/items/{w.published.pk}/",
    "/items/{w.pending.pk}/",  # withdrawn: shows its reason
    "/apply/",
    "/apply/{w.agency_a.credit_code}/",
]


def test_catalog_fields_are_inert_on_public_pages(client, hostile_catalog):
    for url in PUBLIC_PAGES:
        url = url.format(w=hostile_catalog)
        response = client.get(url)
        assert response.status_code == 200, url
        assert_inert(response.text, url)


FEEDS = [
    "/feeds/latest/",
    "/feeds/agencies/{w.agency_a.credit_code}/",
    "/feeds/directories/{w.published.directory_id}/",
]


def test_catalog_fields_are_inert_in_feeds(client, hostile_catalog):
    for url in FEEDS:
        assert_feed_inert(client, url.format(w=hostile_catalog))


ADMIN_PAGES = [
    "/admin/catalog/item/",
    "/admin/catalog/item/{w.published.pk}/change/",
    "/admin/catalog/item/{w.published.pk}/history/",
    "/admin/catalog/item/{w.pending.pk}/change/",
    "/admin/catalog/item/{w.draft.pk}/change/",  # the reviewer's comment
    "/admin/organisation/agency/",
    "/admin/organisation/agency/{w.agency_a.pk}/change/",
    "/admin/catalog/directory/",
]


def test_catalog_fields_are_inert_in_the_admin(client, hostile_catalog):
    client.force_login(hostile_catalog.users["staff_a"])
    for url in ADMIN_PAGES:
        url = url.format(w=hostile_catalog)
        response = client.get(url)
        assert response.status_code == 200, url
        assert_inert(response.text, url)


def test_the_agency_export_writes_no_formulas(client, world):
    world.agency_a.name = '=HYPERLINK("http://evil.example","点击")'
    world.agency_a.address = "@SUM(1+1)*cmd|' /C calc'!A0"
    world.agency_a.save()
    client.force_login(world.users["admin"])
    response = client.get("/admin/organisation/agency/export.xlsx")
    assert_no_formulas(response.content, "机关名录导出")


# --- requests ------------------------------------------------------------------------------


@pytest.fixture
def hostile_request(world, monkeypatch):
    """A request whose applicant and every staff step wrote the payload."""
    from requests_app.models import Request
    from tests.requesting import freeze_today, make_request

    freeze_today(monkeypatch, "2025-03-04")
    staff = world.users["staff_a"]
    request, code = make_request(
        world.agency_a,
        staff,
        received_on=datetime.date(2025, 3, 3),
        applicant_name='=HYPERLINK("http://evil.example")' + SHORT,
        contact_person="联系人" + SHORT,
        address="地址" + PAYLOAD,
        description="描述" + PAYLOAD,
        document_number="文号" + SHORT,
    )
    request.request_correction(staff, items="补正事项" + PAYLOAD)
    request.receive_correction(staff, note="收到" + PAYLOAD)
    consultation = request.start_consultation(
        staff, kind="third_party", addressee="第三方" + SHORT, matter="事项" + PAYLOAD
    )
    request.record_consultation_reply(
        staff, consultation, opinion="objection", summary="意见" + PAYLOAD
    )
    request.request_extension(staff, reason="延期理由" + PAYLOAD)
    request.decide_extension(staff, approve=True, note="批准" + PAYLOAD)
    request.add_attachment(
        staff, SimpleUploadedFile(SHORT + ".pdf", PDF, content_type="application/pdf")
    )
    request.answer(
        staff,
        outcome="partly_granted",
        reasons="理由" + PAYLOAD,
        content="内容" + PAYLOAD,
        specific_law="依据" + PAYLOAD,
    )
    request = Request.objects.get(pk=request.pk)
    return world, request, code, consultation


def test_request_fields_are_inert_in_the_workbench_and_letters(client, hostile_request):
    world, request, _code, consultation = hostile_request
    client.force_login(world.users["staff_a"])
    base = f"/staff/requests/{request.pk}"
    pages = [
        "/staff/requests/?view=closed",
        f"/staff/requests/?view=closed&q={MARK}",
        f"{base}/",
        f"{base}/documents/receipt/",
        f"{base}/documents/correction/",
        f"{base}/documents/extension/",
        f"{base}/documents/consultation/{consultation.pk}/",
        f"{base}/documents/answer/",
        f"/admin/requests_app/request/{request.pk}/change/",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_inert(response.text, url)
    listing = client.get("/admin/requests_app/request/")  # numbers and dates only
    assert_inert(listing.text, "admin request list", shown=False)


def test_request_fields_are_inert_on_the_applicants_pages(client, hostile_request):
    _world, request, code, _ = hostile_request
    assert client.post("/track/", {"number": request.number, "code": code}).status_code == 302
    for url in [
        "/track/",
        "/track/documents/receipt/",
        "/track/documents/correction/",
        "/track/documents/extension/",
        "/track/documents/answer/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_inert(response.text, url)


def test_the_ledger_export_writes_no_formulas(client, hostile_request):
    world, request, _, _ = hostile_request
    client.force_login(world.users["staff_a"])
    response = client.get(f"/staff/requests/ledger/export/?agency={world.agency_a.pk}&year=2025")
    assert response.status_code == 200
    assert_no_formulas(response.content, "台账导出")


# --- reflected: what a visitor puts in a URL ---------------------------------------------------


REFLECTED = [
    "/search/?q={p}",
    "/catalog/?q={p}",
    "/catalog/?agency={p}&directory={p}&year={p}&genre={p}",
    "/search/?q=%E9%A2%84%E7%AE%97&agency={p}&sort={p}",
    "/apply/?code={p}",
    "/agencies/{p}/",
    "/items/{p}/",
]


def test_what_a_visitor_puts_in_a_url_is_inert(client, world):
    from urllib.parse import quote

    for url in REFLECTED:
        url = url.format(p=quote(PAYLOAD))
        response = client.get(url)
        assert response.status_code < 500, url
        assert_inert(response.text, url, shown=False)


def test_what_staff_put_in_the_worklist_filter_is_inert(client, world):
    from urllib.parse import quote

    client.force_login(world.users["staff_a"])
    for params in (f"q={quote(PAYLOAD)}", f"status={quote(PAYLOAD)}&year={quote(PAYLOAD)}"):
        response = client.get(f"/staff/requests/?{params}")
        assert response.status_code < 500
        assert_inert(response.text, params, shown=False)
