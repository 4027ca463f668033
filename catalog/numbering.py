"""索引号 (docs/catalog.md §3), in the pattern the deployment chooses (`INDEX_NUMBER_PATTERN`):

- `credit` (default): `{统一社会信用代码}/{YYYY}-{NNNNN}`;
- `org`: the national 20-character form `{组织机构代码}/{YYYY}-{NNNNN}`, the 组织机构代码 being
  characters 9–17 of the 统一社会信用代码 (GB 32100-2015);
- `month`: `{统一社会信用代码}/{YYYYMM}-{NNNNN}`, the month of publication shown too.
The serial is per agency and year in every pattern, so changing the pattern never reuses one.

Assigned once, at publication, inside the publishing transaction; never
changed afterwards. Serials are gap-free per agency and year: the next serial
comes from a counter row per (agency, year) that is locked with
SELECT … FOR UPDATE, so concurrent publications of one agency queue on that
row, and a publication that rolls back rolls its serial back with it.
"""

import re

from django.conf import settings
from django.db import transaction
from django.utils import timezone

PATTERNS = ("credit", "org", "month")
INDEX_NUMBER_RE = re.compile(
    r"^(?P<code>[0-9A-Z]{18}|[0-9A-Z]{9})/(?P<year>\d{4})(?P<month>\d{2})?-(?P<serial>\d{5,})$"
)


def organisation_code(credit_code):
    """The 组织机构代码 inside a 统一社会信用代码: its characters 9 to 17 (GB 32100-2015)."""
    return credit_code[8:17]


def format_index_number(credit_code, year, serial, month=1, pattern=None):
    pattern = pattern or settings.INDEX_NUMBER_PATTERN
    if pattern == "org":
        return f"{organisation_code(credit_code)}/{year:04d}-{serial:05d}"
    if pattern == "month":
        return f"{credit_code}/{year:04d}{month:02d}-{serial:05d}"
    return f"{credit_code}/{year:04d}-{serial:05d}"


def parse_index_number(value):
    """(prefix, year, serial) of a 索引号 in one of the portal's patterns, else None.

    The prefix is the 统一社会信用代码 or, in the `org` pattern, the 组织机构代码.
    """
    match = INDEX_NUMBER_RE.match(value or "")
    if not match:
        return None
    return match["code"], int(match["year"]), int(match["serial"])


def is_prefix_of(prefix, credit_code):
    return prefix in (credit_code, organisation_code(credit_code))


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
    day = timezone.localdate(published_at)
    serial = next_serial(item.agency_id, day.year)
    item.index_year = day.year
    item.index_serial = serial
    item.index_number = format_index_number(item.agency.credit_code, day.year, serial, day.month)


def reserve_existing(agency_id, year, serial):
    """Make sure the counter will not hand out `serial` again (for imported 索引号)."""
    counter = _locked_counter(agency_id, year)
    if counter.last_serial < serial:
        counter.last_serial = serial
        counter.save(update_fields=["last_serial"])
