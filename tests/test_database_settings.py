import pytest
from django.db import connection

from disclosure_portal.settings import without_jit


def test_jit_is_switched_off_for_postgresql_only_and_keeps_other_options():
    database = {"ENGINE": "django.db.backends.postgresql", "OPTIONS": {"options": "-c x=1"}}
    assert without_jit(database)["OPTIONS"]["options"] == "-c x=1 -c jit=off"
    assert "OPTIONS" not in without_jit({"ENGINE": "django.db.backends.sqlite3"})


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL setting")
@pytest.mark.django_db
def test_postgresql_connections_run_without_jit():
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
