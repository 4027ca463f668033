"""申请编号: one series for the whole portal, so a number names one request.

Before, each agency counted its own "2026-00007", and the 公开办's list showed two requests
with that number; an applicant quoting it on the phone named neither. Now every request gets
"YS2026-000007" (YS: 依申请) from one counter per year, whatever the agency. Requests numbered
the old way were renumbered by migration 0003 and keep their old number as `original_number`
(原申请编号): tracking finds them by either. A ledger row's own number is kept when no other
request holds it; else the request is numbered here and the row's number becomes its 原申请编号.
"""

import unicodedata

from django.db import transaction

PREFIX = "YS"


def format_number(year, serial):
    return f"{PREFIX}{year}-{serial:06d}"


def normalise(number):
    """A number as typed or read out: full-width characters folded, spaces gone, upper case."""
    return "".join(unicodedata.normalize("NFKC", str(number)).split()).upper()


def next_request_number(year):
    """The next free 申请编号 of the portal for `year`, e.g. "YS2025-000012".

    Must run inside the transaction that saves the request: the counter row stays locked
    until it commits, so concurrent submissions on PostgreSQL never get the same number.
    Numbers a ledger import took are skipped.
    """
    from .models import Request, RequestCounter

    assert transaction.get_connection().in_atomic_block, "call inside transaction.atomic()"
    RequestCounter.objects.bulk_create([RequestCounter(year=year)], ignore_conflicts=True)
    counter = RequestCounter.objects.select_for_update().get(year=year)
    while True:
        counter.last += 1
        number = format_number(year, counter.last)
        if not Request.objects.filter(number=number).exists():
            break
    counter.save(update_fields=["last"])
    return number
