"""索引号: {统一社会信用代码}/{YYYY}-{NNNNN}, unique, never changed, gap-free per agency and year."""

import datetime
import threading

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from catalog import numbering
from catalog.models import IndexCounter, Item
from organisation.models import Agency
from organisation.roles import INFORMATION_OFFICER, REVIEWER

from .items import CORRECTION_REVIEW, cleared, new_item

CODE = "11341523MB1234567X"


@pytest.mark.parametrize(
    ("year", "serial", "expected"),
    [
        (2025, 1, f"{CODE}/2025-00001"),
        (2026, 12345, f"{CODE}/2026-12345"),
        (2026, 123456, f"{CODE}/2026-123456"),
    ],
)
def test_format_index_number(year, serial, expected):
    assert numbering.format_index_number(CODE, year, serial) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (f"{CODE}/2025-00001", (CODE, 2025, 1)),
        (f"{CODE}/2025-1", None),
        ("003/2025-00001", None),
        (f"{CODE}/202501-00001", (CODE, 2025, 1)),  # the month pattern
        ("MB1234567/2025-00001", ("MB1234567", 2025, 1)),  # the 20-character national form
        ("", None),
    ],
)
def test_parse_index_number(value, expected):
    assert numbering.parse_index_number(value) == expected


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("credit", f"{CODE}/2025-00007"),
        ("org", "MB1234567/2025-00007"),  # 组织机构代码 = characters 9–17 of the credit code
        ("month", f"{CODE}/202503-00007"),
    ],
)
def test_the_pattern_is_a_setting(settings, pattern, expected):
    settings.INDEX_NUMBER_PATTERN = pattern
    assert numbering.format_index_number(CODE, 2025, 7, month=3) == expected
    assert len(numbering.format_index_number(CODE, 2025, 7, pattern="org")) == 20


@pytest.mark.django_db
def test_publication_uses_the_configured_pattern(settings, agency_a, staff):
    settings.INDEX_NUMBER_PATTERN = "org"
    item = publish(new_item(agency_a), *staff)
    org = agency_a.credit_code[8:17]
    assert item.index_number == f"{org}/{item.published_at.year}-00001"
    assert numbering.parse_index_number(item.index_number) == (org, item.published_at.year, 1)


@pytest.fixture
def staff(make_staff, agency_a, agency_b):
    return (
        make_staff("drafter", [INFORMATION_OFFICER], [agency_a, agency_b]),
        make_staff("reviewer", [REVIEWER], [agency_a, agency_b]),
    )


def publish(item, drafter, reviewer):
    item.submit(drafter)
    cleared(item, reviewer).publish(reviewer)
    item.refresh_from_db()
    return item


@pytest.mark.django_db
def test_serials_count_per_agency_and_restart_each_year(agency_a, agency_b, staff, monkeypatch):
    drafter, reviewer = staff
    a1 = publish(new_item(agency_a, drafter), *staff)
    a2 = publish(new_item(agency_a, drafter), *staff)
    b1 = publish(new_item(agency_b, drafter), *staff)
    year = a1.published_at.year
    assert [a1.index_serial, a2.index_serial, b1.index_serial] == [1, 2, 1]
    assert a2.index_number == f"{agency_a.credit_code}/{year}-00002"
    assert b1.index_number == f"{agency_b.credit_code}/{year}-00001"

    next_year = timezone.make_aware(datetime.datetime(year + 1, 1, 1, 0, 5))
    monkeypatch.setattr(timezone, "now", lambda: next_year)
    a3 = publish(new_item(agency_a, drafter), *staff)
    assert a3.index_number == f"{agency_a.credit_code}/{year + 1}-00001"


@pytest.mark.django_db
def test_year_is_the_local_year_of_publication(agency_a, staff, monkeypatch):
    # 2025-12-31 17:00 UTC is already 2026-01-01 in Beijing.
    moment = datetime.datetime(2025, 12, 31, 17, 0, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    item = publish(new_item(agency_a, staff[0]), *staff)
    assert item.index_year == 2026


@pytest.mark.django_db
def test_index_number_never_changes(agency_a, staff):
    drafter, reviewer = staff
    item = publish(new_item(agency_a, drafter), *staff)
    number = item.index_number
    item.title = "更正后的标题"
    item.correct(reviewer, "标题有误", review=CORRECTION_REVIEW)
    item.withdraw(reviewer, "过时")
    item.refresh_from_db()
    assert item.index_number == number
    with pytest.raises(ValueError):
        numbering.assign_index_number(item, timezone.now())


@pytest.mark.django_db
def test_rolled_back_publication_leaves_no_gap(agency_a, staff):
    drafter, reviewer = staff
    first = new_item(agency_a, drafter)
    first.submit(drafter)

    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        cleared(first, reviewer).publish(reviewer)
        raise Boom
    first.refresh_from_db()
    assert first.index_number is None
    second = publish(new_item(agency_a, drafter), *staff)
    assert second.index_serial == 1


@pytest.mark.django_db
def test_imported_numbers_are_never_handed_out_again(agency_a, staff):
    with transaction.atomic():
        numbering.reserve_existing(agency_a.pk, timezone.localdate().year, 7)
    item = publish(new_item(agency_a, staff[0]), *staff)
    assert item.index_serial == 8


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_publication_gives_unique_gap_free_serials(agency_a, agency_b, staff):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    drafter, reviewer = staff
    per_agency = 8
    items = []
    for agency in (agency_a, agency_b):
        for _ in range(per_agency):
            item = new_item(agency, drafter)
            item.submit(drafter)
            items.append(item.pk)

    start = threading.Barrier(len(items))
    errors = []

    def publish_one(pk):
        try:
            item = Item.objects.get(pk=pk)
            start.wait(timeout=10)
            cleared(item, reviewer).publish(reviewer)
        except Exception as error:  # noqa: BLE001 -- reported by the main thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=publish_one, args=(pk,)) for pk in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    for agency in (agency_a, agency_b):
        serials = sorted(Item.objects.filter(agency=agency).values_list("index_serial", flat=True))
        assert serials == list(range(1, per_agency + 1))
        assert IndexCounter.objects.get(agency=agency).last_serial == per_agency
    numbers = Item.objects.values_list("index_number", flat=True)
    assert len(set(numbers)) == len(items)
    assert Agency.objects.count() >= 2
