"""Agencies and the calendar left the catalog app without losing a row or a permission.

The move is state-only (the tables keep their names); the content types are relabelled, so
permissions given to users and groups follow the models. Proven on a database filled by
`seed_demo`: migrate back to before the move, check the old labels, and forward again.
"""

import pytest
from django.contrib.auth.models import Permission, User
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection

from organisation.models import Agency
from workcalendar.models import CalendarDay

TABLES = ["catalog_agency", "catalog_agency_staff", "catalog_calendarday", "catalog_item"]


def row_counts():
    with connection.cursor() as cursor:
        counts = {}
        for table in TABLES + ["requests_app_request", "reports_annualreport"]:
            cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 -- fixed names
            counts[table] = cursor.fetchone()[0]
        return counts


@pytest.mark.django_db(transaction=True)
def test_moving_the_models_keeps_rows_and_permissions(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    CalendarDay.objects.create(date="2026-10-09", kind=CalendarDay.Kind.HOLIDAY, name="国庆节")
    officer = User.objects.get(username="czj_banli")
    officer.user_permissions.add(Permission.objects.get(codename="manage_all_agencies"))
    before = row_counts()
    assert before["catalog_agency"] > 0 and before["catalog_calendarday"] == 1

    call_command("migrate", "organisation", "zero", verbosity=0)
    call_command("migrate", "workcalendar", "zero", verbosity=0)
    assert ContentType.objects.filter(app_label="catalog", model="agency").exists()
    assert ContentType.objects.filter(app_label="catalog", model="calendarday").exists()
    assert row_counts() == before

    call_command("migrate", verbosity=0)
    assert row_counts() == before
    assert not ContentType.objects.filter(app_label="catalog", model__in=["agency", "calendarday"])
    officer = User.objects.get(username="czj_banli")
    assert officer.has_perm("organisation.manage_all_agencies")
    office = User.objects.get(username="gongkaiban")
    assert office.has_perm("organisation.oversee_subordinates")
    assert office.has_perm("workcalendar.change_calendarday")
    assert Agency.objects.get(name="舒城县财政局").staff.filter(username="czj_banli").exists()


@pytest.mark.django_db
def test_no_model_change_lacks_its_migration():
    # makemigrations --check exits non-zero when a model differs from its migrations.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
