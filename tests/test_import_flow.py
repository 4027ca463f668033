"""The upload → preview → confirm flow (spreadsheets.imports), proved once for each of the four
import pages: only the previewed file is imported, only once, and only while its plan still holds."""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from catalog.models import Item
from organisation.models import Agency
from organisation.roles import REVIEWER, SYSTEM_ADMIN
from requests_app.case_import import AGENCY as CASE_AGENCY
from requests_app.case_import import FILED, KIND
from requests_app.ledger import REQUIRED as LEDGER_COLUMNS
from requests_app.models import Case, Request
from tests.requesting import freeze_today

from .conftest import make_credit_code

pytestmark = pytest.mark.django_db

STALE = "预览已失效（可能已在其他窗口导入或重新上传），请重新上传文件。"


# A good file of one row for the given agency, per import.


def agency_rows(agency):
    return [["机关名称", "统一社会信用代码", "机关类型"],
            ["舒城县审计局", make_credit_code(), "政府部门"]]  # fmt: skip


def item_rows(agency):
    return [["发布机构", "名称", "目录", "成文日期", "发布日期"],
            [agency.credit_code, "2024年部门预算", "法定主动公开内容/财政预决算/部门预算",
             "2024-02-01", "2024-02-20"]]  # fmt: skip


def ledger_rows(agency):
    values = {"受理机关": agency.credit_code, "申请方式": "信函", "收到日期": "2025-03-03",
              "申请人类型": "自然人", "申请人姓名或名称": "李四", "所需信息描述": "2024年预算执行情况"}  # fmt: skip
    return [LEDGER_COLUMNS, [values[column] for column in LEDGER_COLUMNS]]


def case_rows(agency):
    return [[CASE_AGENCY, KIND, FILED], [agency.credit_code, "行政复议", "2025-04-01"]]


@dataclass
class Page:
    url: str
    confirm_url: str
    session_key: str
    roles: list
    model: type
    rows: Callable


PAGES = {
    "agencies": Page("/admin/organisation/agency/import/", "/admin/organisation/agency/import/confirm/",
                     "organisation:agency-import", [SYSTEM_ADMIN], Agency, agency_rows),
    "items": Page("/admin/catalog/item/import/", "/admin/catalog/item/import/confirm/",
                  "catalog:item-import", [REVIEWER], Item, item_rows),
    "ledger": Page("/staff/requests/ledger/import/", "/staff/requests/ledger/import/confirm/",
                   "requests_app:ledger-import", ["办理人"], Request, ledger_rows),
    "cases": Page("/staff/requests/cases/import/", "/staff/requests/cases/import/confirm/",
                  "requests_app:cases-import", ["办理人"], Case, case_rows),
}  # fmt: skip


@pytest.fixture(autouse=True)
def today(monkeypatch):
    return freeze_today(monkeypatch, "2025-06-30")


@pytest.fixture(params=PAGES.values(), ids=PAGES.keys())
def page(request):
    return request.param


@pytest.fixture
def importer(page, client, make_staff, agency_a, agency_b):
    """Someone who may use the page, for two agencies."""
    user = make_staff("importer", roles=page.roles, agencies=[agency_a, agency_b])
    client.force_login(user)
    return user


def upload(client, page, path):
    return client.post(page.url, {"file": SimpleUploadedFile(path.name, path.read_bytes())})


def test_a_confirmation_without_a_preview_is_refused_and_writes_nothing(client, page, importer):
    before = page.model.objects.count()
    for data in ({}, {"digest": "x"}):
        response = client.post(page.confirm_url, data, follow=True)
        assert response.redirect_chain[-1][0] == page.url
        assert STALE in response.text
    assert page.model.objects.count() == before


def test_the_previewed_file_is_imported_once_and_then_forgotten(
    client, page, importer, agency_a, make_xlsx
):
    before = page.model.objects.count()
    preview = upload(client, page, make_xlsx(page.rows(agency_a)))
    assert preview.status_code == 200 and "确认导入" in preview.text
    assert page.session_key in client.session
    assert page.model.objects.count() == before  # the preview writes nothing

    done = client.post(page.confirm_url, {"digest": preview.context["digest"]}, follow=True)
    assert "已导入「upload.xlsx」" in done.text
    assert page.model.objects.count() == before + 1
    assert page.session_key not in client.session

    again = client.post(page.confirm_url, {"digest": preview.context["digest"]}, follow=True)
    assert STALE in again.text
    assert page.model.objects.count() == before + 1


def test_a_digest_other_than_the_previewed_files_is_refused(
    client, page, importer, agency_a, make_xlsx
):
    """Another window uploaded a different file since: only the latest preview can be confirmed."""
    before = page.model.objects.count()
    preview = upload(client, page, make_xlsx(page.rows(agency_a)))
    refused = client.post(page.confirm_url, {"digest": "0" * 64}, follow=True)
    assert STALE in refused.text
    assert page.model.objects.count() == before
    client.post(page.confirm_url, {"digest": preview.context["digest"]})
    assert page.model.objects.count() == before + 1


def test_a_plan_that_no_longer_holds_is_previewed_again_and_writes_nothing(
    client, page, importer, agency_a, make_xlsx
):
    preview = upload(client, page, make_xlsx(page.rows(agency_a)))
    # Between preview and confirmation the data change under the file.
    if page.model is Agency:
        Agency.objects.create(name="舒城县审计局", credit_code=make_credit_code())
    else:
        agency_a.staff.remove(importer)
    before = page.model.objects.count()
    response = client.post(page.confirm_url, {"digest": preview.context["digest"]})
    # The admin answers 200 for a rejected file, as for any admin form; the workbench 400.
    assert response.status_code == (400 if page.url.startswith("/staff/") else 200)
    assert response.context["plan"].problems
    assert "确认导入" not in response.text
    assert page.model.objects.count() == before


def test_a_ledger_preview_cannot_be_confirmed_as_a_case_import(
    client, make_staff, agency_a, make_xlsx
):
    """Each import keeps its previewed file under its own session key."""
    client.force_login(make_staff("handler", roles=["办理人"], agencies=[agency_a]))
    ledger, cases = PAGES["ledger"], PAGES["cases"]
    preview = upload(client, ledger, make_xlsx(ledger.rows(agency_a)))
    refused = client.post(cases.confirm_url, {"digest": preview.context["digest"]}, follow=True)
    assert STALE in refused.text
    assert not Request.objects.exists() and not Case.objects.exists()
    client.post(ledger.confirm_url, {"digest": preview.context["digest"]})
    assert Request.objects.count() == 1
