"""The ledger pages of the staff workbench: upload → preview → confirm, and the download."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from requests_app.ledger import COLUMNS
from requests_app.models import Case, Request, RequestEvent
from tests.requesting import freeze_today, make_request

pytestmark = pytest.mark.django_db

IMPORT_URL = "/staff/requests/ledger/import/"
CONFIRM_URL = "/staff/requests/ledger/import/confirm/"
EXPORT_URL = "/staff/requests/ledger/export/"
CASES_URL = "/staff/requests/cases/import/"
CASES_CONFIRM_URL = "/staff/requests/cases/import/confirm/"


@pytest.fixture(autouse=True)
def today(monkeypatch):
    return freeze_today(monkeypatch, "2025-06-30")


@pytest.fixture
def handler_a(make_staff, agency_a, client):
    user = make_staff("handler-a", roles=["办理人"], agencies=[agency_a])
    client.force_login(user)
    return user


def ledger_row(agency, **overrides):
    row = dict.fromkeys(COLUMNS, None)
    row.update({
        "受理机关": agency.credit_code,
        "申请编号": "财-2025-001",
        "申请方式": "信函",
        "收到日期": datetime.date(2025, 3, 3),
        "申请人类型": "自然人",
        "申请人姓名或名称": "李四",
        "所需信息描述": "2024年预算执行情况",
    })  # fmt: skip
    row.update(overrides)
    return [row[c] for c in COLUMNS]


def upload(client, url, path):
    with open(path, "rb") as file:
        return client.post(url, {"file": file})


def confirm(client, url, preview):
    return client.post(url, {"digest": preview.context["digest"]})


def test_good_ledger_is_previewed_then_imported_on_confirm(client, handler_a, agency_a, make_xlsx):
    path = make_xlsx([
        COLUMNS,
        ledger_row(agency_a),
        ledger_row(agency_a, 申请编号="财-2025-002", 答复日期="2025-03-20", 办理结果="予以公开"),
    ])  # fmt: skip
    preview = upload(client, IMPORT_URL, path)
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "新建 <strong>2</strong> 件" in page and "第3行" in page and "确认导入" in page
    assert Request.objects.count() == 0  # the preview writes nothing
    response = confirm(client, CONFIRM_URL, preview)
    assert response.status_code == 302
    assert set(Request.objects.values_list("number", flat=True)) == {"财-2025-001", "财-2025-002"}
    assert Request.objects.get(number="财-2025-002").outcome == "granted"
    # The session no longer holds the file: a second confirm imports nothing again.
    again = client.post(CONFIRM_URL, {"digest": preview.context["digest"]}, follow=True)
    assert "预览已失效" in again.content.decode()
    # The same file again: all unchanged, nothing to confirm.
    second = upload(client, IMPORT_URL, path)
    assert "无变化 <strong>2</strong> 件" in second.content.decode()
    assert "确认导入" not in second.content.decode()


def test_bad_ledger_lists_every_problem_and_writes_nothing(client, handler_a, agency_a, make_xlsx):
    path = make_xlsx([
        COLUMNS,
        ledger_row(agency_a),
        ledger_row(agency_a, 申请编号="2", 申请方式="飞鸽", 收到日期="2025-13-01"),
        ledger_row(agency_a, 申请编号="3", 答复日期="2025-03-20", 申请人姓名或名称=""),
    ])  # fmt: skip
    response = upload(client, IMPORT_URL, path)
    assert response.status_code == 400
    problems = {(p.row, p.column) for p in response.context["plan"].problems}
    assert problems == {(3, "申请方式"), (3, "收到日期"), (4, "申请人姓名或名称"), (4, "办理结果")}
    page = response.content.decode()
    assert "4 个问题" in page and "「飞鸽」无效" in page and "确认导入" not in page
    assert Request.objects.count() == 0
    # Nothing waits in the session: a forged confirmation does nothing.
    client.post(CONFIRM_URL, {"digest": "x"})
    assert Request.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "所提交的是空文件"),  # Django refuses an empty upload before our check
        (b"just some text", "不是 Excel（.xlsx）格式"),
        (b"PK\x03\x04broken zip", "无法读取"),
        (b"\xd0\xcf\x11\xe0old", "旧版 Excel（.xls）"),
    ],
)
def test_unreadable_files_get_a_chinese_error_not_a_500(client, handler_a, content, message):
    file = io.BytesIO(content)
    file.name = "台账.xlsx"
    response = client.post(IMPORT_URL, {"file": file})
    assert response.status_code == 400
    text = response.content.decode()
    assert message in text
    assert Request.objects.count() == 0


def test_staff_of_b_cannot_import_into_or_export_a(
    client, make_staff, agency_a, agency_b, make_xlsx
):
    client.force_login(make_staff("handler-b", roles=["办理人"], agencies=[agency_b]))
    response = upload(client, IMPORT_URL, make_xlsx([COLUMNS, ledger_row(agency_a)]))
    assert response.status_code == 400
    assert "不是您负责的机关" in response.content.decode()
    assert Request.objects.count() == 0
    make_request(agency_a)
    response = client.get(EXPORT_URL, {"agency": agency_a.pk})
    assert response.status_code == 400
    assert "请选择您负责的机关" in response.content.decode()
    offered = list(response.context["form"].fields["agency"].queryset)
    assert offered == [agency_b]  # A is not even offered


def test_export_then_import_round_trip_changes_nothing(
    client, handler_a, agency_a, agency_b, monkeypatch
):
    freeze_today(monkeypatch, "2025-03-10")
    granted, _ = make_request(agency_a, received_on="2025-03-03", description="=1+1 的依据")
    consulted, _ = make_request(agency_a, received_on="2025-03-04")
    consulted.start_consultation(None, kind="agency", addressee="县审计局", matter="审计报告")
    make_request(agency_b)
    make_request(agency_a, received_on="2024-12-02")  # another year
    freeze_today(monkeypatch, "2025-03-20")
    granted.answer(None, outcome="granted")
    response = client.get(EXPORT_URL, {"agency": agency_a.pk, "year": 2025})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    rows = list(load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(values_only=True))
    assert list(rows[0]) == [*COLUMNS, "答复期限", "办理状态"]
    assert len(rows) == 3  # agency A, 2025 only
    states = {row[1]: row[-1] for row in rows[1:]}
    assert all(str(row[-2]).startswith("2025-") for row in rows[1:])  # 答复期限
    assert states[granted.number] == "已办结" and states[consulted.number] == "办理中"
    events = RequestEvent.objects.count()
    file = io.BytesIO(content)
    file.name = "台账.xlsx"
    preview = client.post(IMPORT_URL, {"file": file})
    assert preview.status_code == 200
    assert preview.context["plan"].unchanged == 2
    assert preview.context["plan"].created == preview.context["plan"].updated == 0
    assert RequestEvent.objects.count() == events


def test_cases_import_previews_then_imports(client, handler_a, agency_a, agency_b, make_xlsx):
    header = ["被申请机关", "案件类型", "立案日期", "结果", "结案日期", "关联申请编号"]
    good = make_xlsx(
        [header, [agency_a.credit_code, "行政复议", "2025-04-01", "维持", "2025-05-20", ""]]
    )
    preview = upload(client, CASES_URL, good)
    assert preview.status_code == 200 and "行政复议" in preview.content.decode()
    assert Case.objects.count() == 0
    confirm(client, CASES_CONFIRM_URL, preview)
    assert Case.objects.get().result == "upheld"
    bad = make_xlsx([header, [agency_b.credit_code, "行政复议", "2025-04-01", "", "", ""],
                     [agency_a.credit_code, "上访", "", "", "", ""]], name="bad.xlsx")  # fmt: skip
    response = upload(client, CASES_URL, bad)
    assert response.status_code == 400
    problems = {(p.row, p.column) for p in response.context["plan"].problems}
    assert problems == {(2, "被申请机关"), (3, "案件类型"), (3, "立案日期")}
    assert Case.objects.count() == 1


@pytest.mark.parametrize(
    ("method", "url"),
    [("get", IMPORT_URL), ("post", CONFIRM_URL), ("get", EXPORT_URL), ("get", CASES_URL),
     ("post", CASES_CONFIRM_URL)],
)  # fmt: skip
def test_anonymous_users_are_sent_to_login(client, method, url):
    response = getattr(client, method)(url)
    assert response.status_code == 302 and "/login" in response["Location"]


def test_only_users_who_may_add_requests_may_import(client, make_staff, agency_a):
    """负责人 and 公开办 see and export the ledger but do not import into it."""
    client.force_login(make_staff("head", roles=["负责人"], agencies=[agency_a]))
    assert client.get(IMPORT_URL).status_code == 403
    assert client.post(CONFIRM_URL).status_code == 403
    assert client.get(CASES_URL).status_code == 403
    assert client.get(EXPORT_URL).status_code == 200
    assert "导入台账" not in client.get("/staff/requests/").content.decode()


def test_workbench_nav_links_to_the_ledger_pages(client, handler_a):
    """The staff navigation's 台账 (on every staff page) opens the ledger pages, which link
    to each other."""
    page = client.get("/staff/requests/").content.decode()
    assert EXPORT_URL in page
    ledger = client.get(EXPORT_URL).content.decode()
    assert IMPORT_URL in ledger and CASES_URL in ledger and EXPORT_URL in ledger
