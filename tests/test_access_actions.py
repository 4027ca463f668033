"""Who may do what: every state-changing POST of the staff interface and the public forms,
sent by each kind of user (tests/access.py), changes the data only for those allowed.

Each action says how to send it and how to tell that it happened. The same table proves
CSRF protection: sent by an allowed user without the CSRF token, nothing happens.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from catalog.models import Directory, Item
from organisation.models import Agency
from reports.models import AnnualReport
from requests_app.models import AnswerDraft, Case, Request
from tests.access import PDF, ROLES, SECRET_ID, SECRET_NAME, SECRET_PHONE, build_world
from tests.applying import PERSON, fresh_form, submit
from tests.items import CORRECTION_FIELDS
from workcalendar.models import CalendarDay


@dataclass
class Action:
    send: Callable  # (world, client) -> response
    happened: Callable  # (world) -> bool
    allowed: tuple  # roles for which it happens


def post(url_template, **data):
    """A POST of `data` to the URL; "{w.…}" in the URL or a value is filled from the world."""
    return lambda w, client: client.post(
        url_template.format(w=w), {key: value.format(w=w) for key, value in data.items()}
    )


def status_of(obj):
    return type(obj).objects.values_list("status", flat=True).get(pk=obj.pk)


def _agency_change(w, client):
    data = w.agency_form.copy()
    data["phone"] = "0564-1234567"
    return client.post(f"/admin/organisation/agency/{w.agency_a.pk}/change/", data)


def _correct_item(w, client):
    data = w.item_form.copy()
    data["title"] = "已更正的标题"
    data["correction_note"] = "更正标题中的错字"
    data.update(CORRECTION_FIELDS)
    return client.post(f"/admin/catalog/item/{w.published.pk}/change/", data)


def _import_ledger(w, client):
    """Upload a ledger with one request of agency A, then confirm the preview."""
    import hashlib

    from requests_app.ledger import COLUMNS
    from spreadsheets.xlsx import workbook_bytes, write_table

    values = {
        "受理机关": w.agency_a.credit_code,
        "申请编号": "导入-2025-001",
        "申请方式": "信函",
        "收到日期": "2025-03-03",
        "申请人类型": "自然人",
        "申请人姓名或名称": "台账申请人",
        "所需信息描述": "2024年预算执行情况",
    }
    content = workbook_bytes(write_table(COLUMNS, [[values.get(c) for c in COLUMNS]]))
    upload = SimpleUploadedFile("台账.xlsx", content)
    client.post("/staff/requests/ledger/import/", {"file": upload})
    digest = hashlib.sha256(content).hexdigest()
    return client.post("/staff/requests/ledger/import/confirm/", {"digest": digest})


def _attachment(w, client):
    upload = SimpleUploadedFile("补充材料.pdf", PDF, content_type="application/pdf")
    return client.post(f"/staff/requests/{w.request.pk}/attachments/", {"file": upload})


def _register(w, client):
    data = {
        **PERSON,
        "applicant_kind": "person",
        "agency": w.agency_a.pk,
        "channel": "in_person",
        "received_on": "2025-03-05",
        "applicant_name": "登记人",
    }
    return client.post("/staff/requests/new/", data)


def _apply(w, client):
    # The public form from this client's own session (its captcha and form token).
    return submit(client, w.agency_a, applicant_name="网上申请人")


STAFF_A_AND_ADMIN = ("staff_a", "admin")

ACTIONS = {
    # --- the workbench: agency A's handler, and the 系统管理员 -----------------------------
    "draft an answer": Action(
        post("/staff/requests/{w.request.pk}/do/draft/", outcome="granted"),
        lambda w: AnswerDraft.objects.filter(request=w.request).exists(),
        STAFF_A_AND_ADMIN,
    ),
    "extend a request": Action(
        post("/staff/requests/{w.request.pk}/do/extension/", reason="需要调取档案"),
        lambda w: w.request.events.filter(kind="extension_requested").exists(),
        STAFF_A_AND_ADMIN,
    ),
    "reset the query code": Action(
        post("/staff/requests/{w.request.pk}/reset-code/"),
        lambda w: Request.objects.get(pk=w.request.pk).query_code_hash != w.request.query_code_hash,
        STAFF_A_AND_ADMIN,
    ),
    "attach a file to a request": Action(
        _attachment, lambda w: w.request.attachments.count() == 2, STAFF_A_AND_ADMIN
    ),
    "register a request for agency A": Action(
        _register,
        lambda w: Request.objects.filter(applicant_name="登记人").exists(),
        STAFF_A_AND_ADMIN,
    ),
    "import a ledger of agency A's requests": Action(
        _import_ledger,
        lambda w: Request.objects.filter(applicant_name="台账申请人").exists(),
        STAFF_A_AND_ADMIN,
    ),
    # --- items: agency A's 信息员 and 审核人 --------------------------------------------------
    "submit a draft": Action(
        post("/admin/catalog/item/{w.draft.pk}/workflow/submit/"),
        lambda w: status_of(w.draft) == Item.Status.PENDING,
        STAFF_A_AND_ADMIN,
    ),
    "publish a pending item": Action(
        post("/admin/catalog/item/{w.pending.pk}/workflow/publish/"),
        lambda w: status_of(w.pending) == Item.Status.PUBLISHED,
        STAFF_A_AND_ADMIN,
    ),
    "return a pending item": Action(
        post("/admin/catalog/item/{w.pending.pk}/workflow/return/", reason="请补充文号"),
        lambda w: status_of(w.pending) == Item.Status.RETURNED,
        STAFF_A_AND_ADMIN,
    ),
    "withdraw a published item": Action(
        post("/admin/catalog/item/{w.published.pk}/workflow/withdraw/", reason="已废止"),
        lambda w: status_of(w.published) == Item.Status.WITHDRAWN,
        STAFF_A_AND_ADMIN,
    ),
    "correct a published item": Action(
        _correct_item,
        lambda w: Item.objects.get(pk=w.published.pk).title == "已更正的标题",
        STAFF_A_AND_ADMIN,
    ),
    "delete a draft": Action(
        post("/admin/catalog/item/{w.draft.pk}/delete/", post="yes"),
        lambda w: not Item.objects.filter(pk=w.draft.pk).exists(),
        ("admin",),  # never published, so nothing public is lost; others withdraw or edit
    ),
    "delete a published item": Action(
        post("/admin/catalog/item/{w.published.pk}/delete/", post="yes"),
        lambda w: not Item.objects.filter(pk=w.published.pk).exists(),
        (),
    ),
    # --- the county's tables: 公开办 and 系统管理员 ---------------------------------------------
    "change agency A's contact data": Action(
        _agency_change,
        lambda w: Agency.objects.get(pk=w.agency_a.pk).phone == "0564-1234567",
        ("office", "admin"),
    ),
    "enter a holiday": Action(
        post(
            "/admin/workcalendar/calendarday/add/", date="2032-01-01", kind="holiday", name="元旦"
        ),
        lambda w: CalendarDay.objects.filter(date="2032-01-01").exists(),
        ("office", "admin"),
    ),
    "add a directory": Action(
        post("/admin/catalog/directory/add/", name="新目录"),
        lambda w: Directory.objects.filter(name="新目录").exists(),
        ("office", "admin"),
    ),
    "record a case for agency A": Action(
        post(
            "/admin/requests_app/case/add/",
            agency="{w.agency_a.pk}",
            kind="review",
            filed_on="2025-05-06",
        ),
        lambda w: Case.objects.filter(filed_on="2025-05-06").exists(),
        STAFF_A_AND_ADMIN,
    ),
    "create a staff account": Action(
        post(
            "/admin/auth/user/add/",
            username="newcomer",
            usable_password="true",
            password1="a-long-pass-phrase-9",
            password2="a-long-pass-phrase-9",
            is_staff="on",
        ),
        lambda w: User.objects.filter(username="newcomer").exists(),
        ("admin",),
    ),
    # --- annual reports: agency A's 负责人, the 公开办 above, the 系统管理员 --------------------
    "enter agency A's annual report figures": Action(
        post(
            "/staff/reports/{w.agency_a.pk}/2024/",
            licences="17",
            penalties="0",
            coercions="0",
            fees="0",
        ),  # fmt: skip
        lambda w: AnnualReport.objects.filter(agency=w.agency_a, licences=17).exists(),
        ("staff_a", "office", "admin"),
    ),
    # --- the public form: anybody ------------------------------------------------------------
    "file a request online": Action(
        _apply,
        lambda w: Request.objects.filter(applicant_name="网上申请人").exists(),
        ROLES,
    ),
}


@pytest.fixture
def world(make_agency, make_staff):
    w = build_world(make_agency, make_staff)
    admin = Client()
    admin.force_login(w.users["admin"])
    w.agency_form = admin_form_data(admin, f"/admin/organisation/agency/{w.agency_a.pk}/change/")
    w.item_form = admin_form_data(admin, f"/admin/catalog/item/{w.published.pk}/change/")
    return w


def admin_form_data(client, url):
    """What a browser sends back from an admin change form left as it is."""
    response = client.get(url)
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = [str(v) for v in value] if isinstance(value, (list, tuple)) else str(value)
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        # Existing rows as they are (a file stays unless cleared); no empty extra form.
        data[management.add_prefix("TOTAL_FORMS")] = management["INITIAL_FORMS"].value()
        for row in inline.formset.initial_forms:
            for name in row.fields:
                value = row[name].value()
                if value is None or value is False or hasattr(value, "storage"):
                    continue
                data[row.add_prefix(name)] = str(getattr(value, "pk", value))
    return data


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ACTIONS)
def test_only_the_allowed_change_anything(world, name, role, caplog):
    caplog.set_level(logging.DEBUG)
    action = ACTIONS[name]
    response = action.send(world, world.client(role))
    for secret in (SECRET_NAME, SECRET_PHONE, SECRET_ID):
        assert all(
            secret not in record.getMessage()
            for record in caplog.records
            if record.name != "django.db.backends"
        )
    assert response.status_code < 500
    assert action.happened(world) == (role in action.allowed), (
        f"{name} by {role}: HTTP {response.status_code}"
    )


# A form that is not the portal's own (another site's page posting to it) carries no CSRF
# token: even for users allowed to act, nothing happens.
@pytest.mark.parametrize(
    "name",
    [
        name
        for name, action in ACTIONS.items()
        if action.allowed and name != "file a request online"
    ],
)
def test_staff_posts_need_the_csrf_token(world, name):
    action = ACTIONS[name]
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users[action.allowed[0]])
    response = action.send(world, client)
    assert response.status_code == 403
    assert not action.happened(world)


def test_public_posts_need_the_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    data = {**PERSON, **fresh_form(client, world.agency_a)}  # token of the form, no CSRF token
    response = client.post(f"/apply/{world.agency_a.credit_code}/", data)
    assert response.status_code == 403 and Request.objects.filter(channel="online").count() == 0
    tracking = client.post("/track/", {"number": world.fee_request.number, "code": world.code})
    assert tracking.status_code == 403
    assert client.post("/track/end/").status_code == 403
