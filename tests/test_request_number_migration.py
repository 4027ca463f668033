"""Migration 0003 renumbers existing requests into the portal-wide series and keeps their old
per-agency numbers as 原申请编号, which tracking still accepts."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("requests_app", "0002_agency_moved")]
AFTER = [("requests_app", "0003_portal_wide_request_numbers")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_old_numbers_become_original_numbers_and_still_track(make_agency, county):
    from requests_app.models import Request as Current

    old_apps = migrate(BEFORE)
    Request = old_apps.get_model("requests_app", "Request")
    Agency = old_apps.get_model("organisation", "Agency")
    a, b = (Agency.objects.get(pk=make_agency(name).pk) for name in ("甲局", "乙局"))
    common = {"applicant_name": "张三", "description": "某信息", "status": "in_progress"}
    rows = [
        (a, "2025-00001", datetime.date(2025, 3, 4)),
        (b, "2025-00001", datetime.date(2025, 3, 3)),  # the same number, another agency
        (a, "2024-00001", datetime.date(2024, 5, 6)),
    ]
    made = [
        Request.objects.create(agency=agency, number=n, received_on=day, **common)
        for agency, n, day in rows
    ]
    migrate(AFTER)

    numbers = dict(Current.objects.values_list("pk", "number"))
    assert [numbers[r.pk] for r in made] == ["YS2025-000002", "YS2025-000001", "YS2024-000001"]
    originals = dict(Current.objects.values_list("pk", "original_number"))
    assert [originals[r.pk] for r in made] == ["2025-00001", "2025-00001", "2024-00001"]
    # The current model reads the current schema (later migrations add columns): migrate on.
    executor = MigrationExecutor(connection)
    migrate(executor.loader.graph.leaf_nodes("requests_app"))
    mine = Current.objects.get(pk=made[0].pk)
    code = mine.set_query_code()
    mine.save()
    assert Current.objects.get_by_number_and_code("2025-00001", code) == mine
    from requests_app.models import RequestCounter

    assert dict(RequestCounter.objects.values_list("year", "last")) == {2025: 2, 2024: 1}
