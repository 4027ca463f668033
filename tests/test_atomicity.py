"""Whole or nothing: an import killed half-way or hit by a database error writes nothing, a
request or a publication that fails at its last write leaves no trace, and nothing public or
on the record is ever hard-deleted through the staff or public paths.

Database errors are real ones: a trigger (SQLite or PostgreSQL) that refuses one row, so
the failure comes from the database in the middle of the work, not from a mocked method.
"""

import contextlib
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection
from django.test import Client

from catalog.item_import import import_items
from catalog.models import IndexCounter, Item, ItemEvent
from organisation.agency_import import import_agencies
from organisation.models import Agency
from requests_app.case_import import import_cases
from requests_app.ledger import COLUMNS as LEDGER_COLUMNS
from requests_app.ledger import import_ledger
from requests_app.models import Case, Request, RequestAttachment, RequestEvent
from tests.access import PDF, build_world
from tests.applying import submit
from tests.conftest import make_credit_code
from tests.requesting import freeze_today


@contextlib.contextmanager
def failing_trigger(table, condition):
    """The database refuses to insert into `table` a row for which `condition` (SQL over
    NEW) holds, as a full disk, a constraint or a lost connection would."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The condition goes in the body: a trigger's WHEN cannot hold a subquery.
            cursor.execute(
                "CREATE FUNCTION injected_failure() RETURNS trigger AS $$ BEGIN "
                f"IF {condition} THEN RAISE EXCEPTION 'injected failure'; END IF; "
                "RETURN NEW; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                f"CREATE TRIGGER injected_failure BEFORE INSERT ON {table} FOR EACH ROW "
                "EXECUTE FUNCTION injected_failure()"
            )
        else:
            cursor.execute(
                f"CREATE TRIGGER injected_failure BEFORE INSERT ON {table} WHEN {condition} "
                "BEGIN SELECT RAISE(ABORT, 'injected failure'); END"
            )
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER injected_failure ON {table}")
                cursor.execute("DROP FUNCTION injected_failure()")
            else:
                cursor.execute("DROP TRIGGER injected_failure")


class Killed(BaseException):
    """What an interrupted import (Ctrl-C, SIGTERM) raises half-way through."""


def kill_when(words):
    """A progress callback that is interrupted at the message containing `words`."""

    def progress(message, *args):
        if words in str(message):
            raise Killed

    return progress


def snapshot():
    return {
        model.__name__: model.objects.count()
        for model in (Agency, Item, ItemEvent, IndexCounter, Request, RequestEvent, Case)
    }


# --- imports -------------------------------------------------------------------------------

AGENCY_HEADER = ["机关名称", "统一社会信用代码", "上级机关", "机关类型"]


def agency_rows(count):
    county = make_credit_code(880000)
    rows = [["庐江县人民政府", county, "", "人民政府"]]
    rows += [
        [f"庐江县第{n}局", make_credit_code(880000 + n), county, "政府部门"]
        for n in range(1, count)
    ]
    return [AGENCY_HEADER, *rows]


def test_an_agency_import_killed_half_way_writes_nothing(db, make_xlsx):
    path = make_xlsx(agency_rows(30))
    before = snapshot()
    # A database error is reported as a clash with another import (in Chinese); either way: nothing.
    with pytest.raises(Killed):  # the agencies are written; the tree is laid out next
        import_agencies(path, progress=kill_when("整理机关树"))
    assert snapshot() == before
    import_agencies(path)  # and the same file imports whole afterwards
    assert Agency.objects.count() == before["Agency"] + 30


def test_an_agency_import_hit_by_a_database_error_writes_nothing(db, make_xlsx):
    path = make_xlsx(agency_rows(30))
    before = snapshot()
    with (
        failing_trigger("catalog_agency", "NEW.name = '庐江县第20局'"),
        pytest.raises((DatabaseError, CommandError)),
    ):
        call_command("import_agencies", str(path), stdout=io.StringIO())
    assert snapshot() == before


ITEM_HEADER = ["发布机构", "名称", "目录", "成文日期", "发布日期"]
BUDGET = "法定主动公开内容/财政预决算/部门预算"


def item_rows(agency, count):
    return [ITEM_HEADER] + [
        [
            agency.credit_code,
            f"第{n}号信息",
            BUDGET,
            datetime.date(2024, 2, 1),
            datetime.date(2024, 2, 20),
        ]
        for n in range(1, count + 1)
    ]


def test_an_item_import_hit_by_a_database_error_writes_nothing(agency_a, make_xlsx):
    path = make_xlsx(item_rows(agency_a, 12))
    before = snapshot()
    # The items are written; the log row of the 9th fails.
    item_9 = "(SELECT id FROM catalog_item WHERE title = '第9号信息')"
    with (
        failing_trigger("catalog_itemevent", f"NEW.item_id = {item_9}"),
        pytest.raises((DatabaseError, CommandError)),
    ):
        call_command("import_items", str(path), stdout=io.StringIO())
    assert snapshot() == before


def test_an_item_import_killed_half_way_writes_nothing(agency_a, make_xlsx):
    path = make_xlsx(item_rows(agency_a, 12))
    before = snapshot()
    with pytest.raises(Killed):  # after the first batch of items is written
        import_items(path, Agency.objects.all(), progress=kill_when("已导入"))
    assert snapshot() == before


def ledger_rows(agency, count):
    def row(n):
        values = {
            "受理机关": agency.credit_code,
            "申请编号": f"财-2025-{n:03d}",
            "申请方式": "信函",
            "收到日期": datetime.date(2025, 3, 3),
            "申请人类型": "自然人",
            "申请人姓名或名称": f"申请人{n}",
            "所需信息描述": "2024年预算执行情况",
            "答复日期": datetime.date(2025, 3, 20),
            "办理结果": "予以公开",
        }
        return [values.get(column) for column in LEDGER_COLUMNS]

    return [LEDGER_COLUMNS] + [row(n) for n in range(1, count + 1)]


def test_a_ledger_import_hit_by_a_database_error_writes_nothing(agency_a, make_xlsx, monkeypatch):
    freeze_today(monkeypatch, "2025-06-30")
    path = make_xlsx(ledger_rows(agency_a, 10))
    before = snapshot()
    seventh = "(SELECT id FROM requests_app_request WHERE applicant_name = '申请人7')"
    with (
        failing_trigger("requests_app_answer", f"NEW.request_id = {seventh}"),
        pytest.raises(DatabaseError),
    ):
        call_command("import_requests", str(path), stdout=io.StringIO())
    assert snapshot() == before


def test_a_ledger_import_killed_half_way_writes_nothing(agency_a, make_xlsx, monkeypatch):
    freeze_today(monkeypatch, "2025-06-30")
    monkeypatch.setattr("requests_app.ledger.write", _then_kill(3))
    path = make_xlsx(ledger_rows(agency_a, 10))
    before = snapshot()
    with pytest.raises(Killed):
        import_ledger(path)
    assert snapshot() == before


def _then_kill(call):
    from requests_app import ledger

    write, calls = ledger.write, []

    def wrapped(*args):
        calls.append(args)
        if len(calls) == call:
            raise Killed
        return write(*args)

    return wrapped


def test_a_case_import_hit_by_a_database_error_writes_nothing(agency_a, make_xlsx, monkeypatch):
    freeze_today(monkeypatch, "2025-06-30")
    header = ["被申请机关", "案件类型", "立案日期"]
    path = make_xlsx(
        [header]
        + [[agency_a.credit_code, "直接起诉", f"2025-04-{day:02d}"] for day in range(1, 11)]
    )
    before = snapshot()
    with (
        failing_trigger("requests_app_case", "NEW.filed_on = '2025-04-06'"),
        pytest.raises(DatabaseError),
    ):
        import_cases(path)
    assert snapshot() == before


# --- requests and publications ---------------------------------------------------------------


def test_a_request_whose_last_attachment_fails_leaves_nothing(agency_a, tmp_path):
    client = Client(raise_request_exception=False)
    files = [
        SimpleUploadedFile("身份证.pdf", PDF, content_type="application/pdf"),
        SimpleUploadedFile("委托书.pdf", PDF, content_type="application/pdf"),
    ]
    before = snapshot()
    with failing_trigger("requests_app_requestattachment", "NEW.name = '委托书.pdf'"):
        response = submit(client, agency_a, files=files)
    assert response.status_code == 500
    assert snapshot() == before and RequestAttachment.objects.count() == 0
    stored = [path for path in (tmp_path / "private").rglob("*") if path.is_file()]
    assert stored == [], "the applicant's files of a request that does not exist stay on disk"


def test_an_answer_that_fails_to_log_is_not_given(make_agency, make_staff):
    world = build_world(make_agency, make_staff)
    client = Client(raise_request_exception=False)
    client.force_login(world.users["staff_a"])
    world.request.save_answer_draft(world.users["staff_a"], outcome="granted")
    before = snapshot()
    with failing_trigger("requests_app_requestevent", "NEW.kind = 'answered'"):
        response = client.post(f"/staff/requests/{world.request.pk}/do/issue/")
    assert response.status_code == 500
    request = Request.objects.get(pk=world.request.pk)
    assert request.status == Request.Status.IN_PROGRESS and request.outcome in ("", None)
    assert not hasattr(request, "answer_record") or request.answer_record is None
    assert snapshot() == before


def test_a_publication_that_fails_to_log_takes_no_number(make_agency, make_staff):
    world = build_world(make_agency, make_staff)
    client = Client(raise_request_exception=False)
    client.force_login(world.users["staff_a"])
    counters = list(IndexCounter.objects.values_list("agency_id", "year", "last_serial"))
    with failing_trigger("catalog_itemevent", "NEW.action = 'published'"):
        response = client.post(f"/admin/catalog/item/{world.pending.pk}/workflow/publish/")
    assert response.status_code == 500
    item = Item.objects.get(pk=world.pending.pk)
    assert item.status == Item.Status.PENDING and item.index_number is None
    assert list(IndexCounter.objects.values_list("agency_id", "year", "last_serial")) == counters
    assert (
        client.post(f"/admin/catalog/item/{world.pending.pk}/workflow/publish/").status_code == 302
    )
    item.refresh_from_db()
    assert item.index_serial == world.published.index_serial + 1  # no gap


# --- nothing is hard-deleted -------------------------------------------------------------------


@pytest.fixture
def world(make_agency, make_staff):
    w = build_world(make_agency, make_staff)
    w.withdrawn = w.pending
    w.withdrawn.publish(w.users["staff_a"])
    w.withdrawn.withdraw(w.users["staff_a"], "已废止")
    return w


def test_no_one_may_delete_what_is_public_or_on_the_record(world, rf):
    """Every admin class's has_delete_permission, asked as every staff user, for every kind of
    record: published and withdrawn items, requests, cases of others, agencies with data."""
    from django.contrib import admin

    # (An agency with data is protected by the database instead: see below.)
    records = [world.published, world.withdrawn, world.request, world.fee_request]
    for user in world.users.values():
        request = rf.get("/admin/")
        request.user = user
        for obj in records:
            model_admin = admin.site._registry[type(obj)]
            assert not model_admin.has_delete_permission(request, obj), (
                f"{user.username} may delete {type(obj).__name__} {obj}"
            )


def test_the_admins_bulk_delete_refuses_published_items_without_an_error(world):
    client = Client()
    client.force_login(world.users["admin"])
    response = client.post(
        "/admin/catalog/item/",
        {
            "action": "delete_selected",
            "_selected_action": [world.published.pk, world.draft.pk],
            "post": "yes",
        },
    )
    assert response.status_code in (200, 302, 403)
    assert Item.objects.filter(pk=world.published.pk).exists()


def test_items_and_requests_refuse_to_be_deleted_even_in_code(world):
    from catalog.workflow import PublishedItemCannotBeDeleted

    for item in (world.published, world.withdrawn):
        with pytest.raises(PublishedItemCannotBeDeleted):
            item.delete()
    assert Item.objects.filter(pk__in=[world.published.pk, world.withdrawn.pk]).count() == 2


def test_deleting_an_agency_with_data_is_refused(world):
    client = Client()
    client.force_login(world.users["admin"])
    response = client.post(
        f"/admin/organisation/agency/{world.agency_a.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code in (200, 403)  # the admin's "protected objects" page
    assert Agency.objects.filter(pk=world.agency_a.pk).exists()
    assert Item.objects.filter(agency=world.agency_a).count() == 3
