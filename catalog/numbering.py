"""索引号: `{统一社会信用代码}/{YYYY}-{NNNNN}` (docs/catalog.md).

Assigned once, at publication, inside the publishing transaction; never
changed afterwards. Serials are gap-free per agency and year: the next serial
comes from a counter row per (agency, year) that is locked with
SELECT … FOR UPDATE, so concurrent publications of one agency queue on that
row, and a publication that rolls back rolls its serial back with it.
"""

import re

from django.db import transaction
from django.utils import timezone

INDEX_NUMBER_RE = re.compile(r"^(?P<code>[0-9A-Z]{18})/(?P<year>\d{4})-(?P<serial>\d{5,})$")


def format_index_number(credit_code, year, serial):
    return f"{credit_code}/{year:04d}-{serial:05d}"


def parse_index_number(value):
    """(credit_code, year, serial) of a 索引号 in the portal's format, else None."""
    match = INDEX_NUMBER_RE.match(value or "")
    if not match:
        return None
    return match["code"], int(match["year"]), int(match["serial"])


def _locked_counter(agency_id, year):
    from .models import IndexCounter

    # Create the row if it is missing without failing when another transaction
    # creates it at the same moment (ON CONFLICT DO NOTHING), then lock it.
    IndexCounter.objects.bulk_create(
        [IndexCounter(agency_id=agency_id, year=year, last_serial=0)], ignore_conflicts=True
    )
    return IndexCounter.objects.select_for_update().get(agency_id=agency_id, year=year)


def take_serials(agency_id, year, count):
    """Take `count` consecutive serials of `agency_id` in `year`; returns the first.

    Call inside the transaction that writes the items (bulk loads take a block at once).
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("serials must be taken inside the publishing transaction")
    counter = _locked_counter(agency_id, year)
    first = counter.last_serial + 1
    counter.last_serial += count
    counter.save(update_fields=["last_serial"])
    return first


def next_serial(agency_id, year):
    """Take the next serial of `agency_id` in `year`; call inside the publishing transaction."""
    return take_serials(agency_id, year, 1)


def assign_index_number(item, published_at):
    """Give `item` its 索引号 for the year of `published_at` (local time). Does not save."""
    if item.index_number:
        raise ValueError("索引号一经生成不得更改")
    year = timezone.localdate(published_at).year
    serial = next_serial(item.agency_id, year)
    item.index_year = year
    item.index_serial = serial
    item.index_number = format_index_number(item.agency.credit_code, year, serial)


def reserve_existing(agency_id, year, serial):
    """Make sure the counter will not hand out `serial` again (for imported 索引号)."""
    counter = _locked_counter(agency_id, year)
    if counter.last_serial < serial:
        counter.last_serial = serial
        counter.save(update_fields=["last_serial"])
