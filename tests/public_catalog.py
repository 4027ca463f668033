"""Public items made directly with the ORM, as the workflow would leave them.

The staff workflow (publish(), withdraw()) calls `public_content_changed` on commit;
these helpers call it directly so that search tokens and counters are current.
"""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from catalog import numbering
from catalog.models import Directory, Item
from catalog.publicity import public_content_changed

_serial = iter(range(1, 10**6))


def directory(name):
    return Directory.objects.get(name=name)


def make_item(
    agency,
    title="关于做好政府信息公开工作的通知",
    *,
    directory_name="其他文件",
    status=Item.Status.PUBLISHED,
    published_at=None,
    index=True,
    **fields,
):
    serial = next(_serial)
    published = status in Item.PUBLIC_STATUSES
    if published and published_at is None:
        published_at = timezone.now() - timedelta(minutes=serial)
    year = published_at.year if published_at else None
    if published:
        # Take the serial from the real counter, so that items seeded by the workflow or
        # the demo data (same agency and year) never collide with these.
        with transaction.atomic():
            serial = numbering.next_serial(agency.pk, year)
    item = Item.objects.create(
        agency=agency,
        directory=directory(directory_name),
        title=title,
        written_on=fields.pop("written_on", date(2025, 3, 1)),
        status=status,
        published_at=published_at,
        index_number=f"{agency.credit_code}/{year}-{serial:05d}" if published else None,
        index_year=year if published else None,
        index_serial=serial if published else None,
        **fields,
    )
    if index:
        public_content_changed(item)
    return item
