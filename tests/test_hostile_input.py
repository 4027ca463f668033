"""Random and hostile input (hypothesis) at every public form, the GET filters and the import
commands: never a server error, always a clear Chinese message, nothing half written.

Example counts come from the "portal" profile (tests/conftest.py; HYPOTHESIS_EXAMPLES to
run more locally). The database is not reset between examples of one test, so each example
compares row counts before and after itself.
"""

import datetime
import io
import re

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given
from hypothesis import strategies as st

from catalog.models import Item, ItemEvent
from organisation.models import Agency
from requests_app.ledger import COLUMNS as LEDGER_COLUMNS
from requests_app.models import Case, Request, RequestAttachment, RequestEvent
from tests.applying import PERSON, form_url, fresh_form
from tests.conftest import make_credit_code

CHINESE = re.compile(r"[\u4e00-\u9fff]")

# Values that have broken web forms before, and plain random text.
NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\r\n\t",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "=1+1",
    "\u202e\u200b\ufeff",
    "𠀀𪚥",
    "%s%n%x",
    "../../etc/passwd",
    "9" * 400,
    "-1",
    "0",
    "2025-02-30",
    "１２３",
    "null",
]
TEXT = st.one_of(st.sampled_from(NASTY), st.text(max_size=300))


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    settings.REQUESTS_APPLY_RATE = "100000/h"
    settings.REQUESTS_FORM_RATE = "100000/h"
    settings.REQUESTS_TRACK_RATE = "100000/h"


def counts():
    return (
        Request.objects.count(),
        RequestEvent.objects.count(),
        RequestAttachment.objects.count(),
        Item.objects.count(),
        ItemEvent.objects.count(),
        Agency.objects.count(),
        Case.objects.count(),
    )


def error_messages(page):
    """The messages of the apply form's error summary (or of a form's error list)."""
    found = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', page, re.S)
    summary = re.search(r'id="error-summary".*?<ul>(.*?)</ul>', page, re.S)
    if summary:
        found.append(summary.group(1))
    items = [
        re.sub(r"<[^>]+>", "", li)
        for block in found
        for li in re.findall(r"<li>(.*?)</li>", block, re.S)
    ]
    items += re.findall(r'<p class="error"[^>]*>(.*?)</p>', page, re.S)  # the workbench's fields
    return [item.strip() for item in items if item.strip()]


def assert_chinese_errors(page):
    messages = error_messages(page)
    assert messages, "refused without saying why"
    for message in messages:
        assert CHINESE.search(message), f"not a Chinese message: {message!r}"


# --- the public forms ------------------------------------------------------------------------

APPLY_FIELDS = [*PERSON, "organisation_type", "contact_person", "needs_assistance"]


@given(changes=st.dictionaries(st.sampled_from(APPLY_FIELDS), TEXT, min_size=1, max_size=5))
def test_the_apply_form_takes_anything(client, agency_a, changes):
    before = counts()
    data = {**PERSON, **fresh_form(client, agency_a), **changes}
    response = client.post(form_url(agency_a), data)
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert counts() == before
        assert_chinese_errors(response.content.decode())
    else:  # a whole request: the row, its log entry, and what was typed
        assert counts()[:2] == (before[0] + 1, before[1] + 1)
        request = Request.objects.latest("pk")
        assert request.description == data["description"].strip()


@given(key=TEXT, answer=TEXT)
def test_the_captcha_takes_anything(client, agency_a, monkeypatch, key, answer):
    # An unknown challenge looks like one used up by a first click; don't wait for that click.
    monkeypatch.setattr("requests_app.submission.WAIT_SECONDS", 0)
    before = counts()
    data = {**PERSON, **fresh_form(client, agency_a), "captcha_0": key, "captcha_1": answer}
    response = client.post(form_url(agency_a), data)
    assert response.status_code == 400 and counts() == before
    assert_chinese_errors(response.content.decode())


@given(number=TEXT, code=TEXT)
def test_the_tracking_form_takes_anything(client, agency_a, number, code):
    response = client.post("/track/", {"number": number, "code": code})
    assert response.status_code == 400
    page = response.content.decode()
    assert "申请编号或查询码不正确" in page or error_messages(page)
    for message in error_messages(page):
        assert CHINESE.search(message), message


@given(token=TEXT)
def test_a_tampered_form_token_is_explained(client, agency_a, token):
    before = counts()
    data = {**PERSON, **fresh_form(client, agency_a), "form_token": token}
    response = client.post(form_url(agency_a), data)
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert counts() == before


CATALOG_PARAMS = ["q", "agency", "directory", "year", "genre", "validity", "sort", "after",
                  "before", "page", "code"]  # fmt: skip


@given(params=st.dictionaries(st.sampled_from(CATALOG_PARAMS), TEXT, max_size=4))
def test_catalog_and_search_filters_take_anything(client, agency_a, params):
    for url in ("/catalog/", "/search/", "/apply/", "/agencies/switch/", "/admin/login/"):
        response = client.get(url, params)
        assert response.status_code in (200, 302, 400), url
        if response.status_code == 400:
            assert CHINESE.search(response.content.decode())


WORKLIST_PARAMS = ["q", "agency", "status", "channel", "applicant_kind", "year", "view", "page"]


@given(params=st.dictionaries(st.sampled_from(WORKLIST_PARAMS), TEXT, max_size=4))
def test_the_workbench_filters_take_anything(client, agency_a, make_staff, params):
    if not client.session.get("_auth_user_id"):
        client.force_login(make_staff("banli", roles=["办理人"], agencies=[agency_a]))
    for url in ("/staff/requests/", "/staff/requests/ledger/export/"):
        response = client.get(url, params)
        assert response.status_code in (200, 400), url


# --- the import commands -------------------------------------------------------------------

# XLSX cells: whatever Excel can hold (openpyxl refuses control characters in text).
CELL_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=120)
CELL = st.one_of(
    st.none(),
    CELL_TEXT,
    st.sampled_from(["=1/0", '=HYPERLINK("http://x")', "<b>x</b>", "9" * 300, " ", "2025-13-45"]),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False),
    st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2100, 1, 1)),
    st.booleans(),
)


def hostile_rows(good_row):
    """Rows that start from a good one with any of its cells replaced by hostile values."""
    width = len(good_row)
    row = st.lists(st.one_of(st.none(), CELL), min_size=width, max_size=width).map(
        lambda cells: [
            good if cell is None else cell for good, cell in zip(good_row, cells, strict=True)
        ]
    )
    return st.lists(st.one_of(st.just(list(good_row)), row), min_size=1, max_size=4)


def run_import(command, header, rows, tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    for row in [header, *rows]:
        workbook.active.append(row)
    path = tmp_path / "hostile.xlsx"
    workbook.save(path)
    before = counts()
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(command, str(path), stdout=out, stderr=err)
    except CommandError as error:
        assert counts() == before, "a refused import wrote something"
        assert CHINESE.search(str(error)), str(error)
        for line in err.getvalue().splitlines():
            assert CHINESE.search(line), line
        return False
    return True


AGENCY_HEADER = ["机关名称", "统一社会信用代码", "上级机关", "机关类型", "联系电话", "电子邮箱",
                 "邮政编码"]  # fmt: skip


@given(data=st.data())
def test_import_agencies_takes_any_cells(db, tmp_path, data):
    good = ["庐江县财政局", make_credit_code(990001), "", "政府部门", "0565-7321001", "", "231500"]
    rows = data.draw(hostile_rows(good))
    run_import("import_agencies", AGENCY_HEADER, rows, tmp_path)


ITEM_HEADER = ["发布机构", "索引号", "名称", "目录", "文号", "成文日期", "发布日期", "体裁", "有效性",
               "正文", "公开渠道", "主题词"]  # fmt: skip


@given(data=st.data())
def test_import_items_takes_any_cells(agency_a, tmp_path, data):
    good = [agency_a.credit_code, "", "舒城县财政局2024年部门预算", "法定主动公开内容/财政预决算/部门预算",
            "", datetime.date(2024, 2, 1), datetime.date(2024, 2, 20), "其他", "", "一、部门职责",
            "政府网站", "预算"]  # fmt: skip
    rows = data.draw(hostile_rows(good))
    run_import("import_items", ITEM_HEADER, rows, tmp_path)


@given(data=st.data())
def test_import_requests_takes_any_cells(agency_a, tmp_path, data):
    values = {
        "受理机关": agency_a.credit_code,
        "申请编号": "财-2025-001",
        "申请方式": "信函",
        "收到日期": datetime.date(2025, 3, 3),
        "申请人类型": "自然人",
        "申请人姓名或名称": "李四",
        "证件号码": "340000199001011234",
        "所需信息描述": "2024年预算执行情况",
        "答复日期": datetime.date(2025, 3, 20),
        "办理结果": "予以公开",
    }
    good = [values.get(column) for column in LEDGER_COLUMNS]
    rows = data.draw(hostile_rows(good))
    run_import("import_requests", LEDGER_COLUMNS, rows, tmp_path)


CASE_HEADER = ["被申请机关", "案件类型", "立案日期", "结果", "结案日期", "关联申请编号"]


@given(data=st.data())
def test_import_cases_takes_any_cells(agency_a, tmp_path, data):
    good = [
        agency_a.credit_code,
        "行政复议",
        datetime.date(2025, 4, 1),
        "维持",
        datetime.date(2025, 5, 30),
        None,
    ]
    rows = data.draw(hostile_rows(good))
    run_import("import_cases", CASE_HEADER, rows, tmp_path)


@given(content=st.binary(max_size=2000))
def test_import_commands_refuse_a_file_that_is_not_xlsx(db, tmp_path, content):
    path = tmp_path / "not.xlsx"
    path.write_bytes(content)
    for command in ("import_agencies", "import_items", "import_requests", "import_cases"):
        with pytest.raises(CommandError) as error:
            call_command(command, str(path), stdout=io.StringIO(), stderr=io.StringIO())
        assert CHINESE.search(str(error.value)), (command, str(error.value))


@given(segment=TEXT.filter(lambda text: "/" not in text))
def test_any_agency_code_or_item_number_in_a_url_is_a_page_or_a_404(client, db, segment):
    from urllib.parse import quote

    segment = quote(segment, safe="") or "x"
    for url in (
        f"/agencies/{segment}/",
        f"/agencies/{segment}/guide/",
        f"/agencies/{segment}/rules/",
        f"/apply/{segment}/",
        f"/feeds/agencies/{segment}/",
        f"/sitemap-{segment}.xml",
        f"/track/documents/{segment}/",
    ):
        response = client.get(url)
        assert response.status_code in (302, 400, 404), url
        if response.status_code != 302:
            assert CHINESE.search(response.content.decode()), url


def test_a_nul_character_in_the_url_is_a_bad_request(client, db):
    for url in (
        "/agencies/%00/",
        "/apply/?code=%00",
        "/catalog/?q=a%00b",
        "/admin/login/?next=%00",
    ):
        response = client.get(url)
        assert response.status_code == 400, url
        assert "请求无效" in response.content.decode()


UPLOAD_PAGES = [
    "/admin/organisation/agency/import/",
    "/admin/catalog/item/import/",
    "/staff/requests/ledger/import/",
    "/staff/requests/cases/import/",
]


@given(
    content=st.one_of(st.binary(max_size=3000), st.sampled_from([b"PK\x03\x04" + b"\x00" * 200]))
)
def test_the_upload_pages_refuse_a_file_that_is_not_xlsx(client, agency_a, content):
    from django.contrib.auth.models import User
    from django.core.files.uploadedfile import SimpleUploadedFile

    if not client.session.get("_auth_user_id"):
        client.force_login(User.objects.create_superuser("root", password="correct-horse-9"))
    before = counts()
    for url in UPLOAD_PAGES:
        upload = SimpleUploadedFile("名录.xlsx", content)
        response = client.post(url, {"file": upload})
        assert response.status_code in (200, 400), url
        assert_chinese_errors(response.content.decode())
    assert counts() == before


# --- admin list filters beyond the integer range (issue 17, finding 10) ----------------------

ADMIN_LISTS = [
    "catalog/item",
    "requests_app/request",
    "requests_app/case",
    "organisation/agency",
    "catalog/directory",
    "workcalendar/calendarday",
    "auth/user",
    "auth/group",
]


@pytest.mark.parametrize("changelist", ADMIN_LISTS)
@pytest.mark.parametrize(
    "query",
    [
        "agency=99999999999999999999",
        "parent=99999999999999999999",
        "groups=99999999999999999999",
        "id=-99999999999999999999",
    ],
)
def test_admin_lists_answer_out_of_range_ids(changelist, query, make_staff, django_user_model):
    """Before: ?agency=99999999999999999999 on the item, request and case lists was a 500."""
    from django.test import Client

    client = Client(raise_request_exception=False)
    client.force_login(django_user_model.objects.create_superuser("root", password="x-9-correct"))
    response = client.get(f"/admin/{changelist}/?{query}")
    assert response.status_code in (200, 302), (changelist, query, response.status_code)
