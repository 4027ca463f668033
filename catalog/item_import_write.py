"""Writing a checked item import (item_import.py) to the database, in batches: the items as
published, numbered and timed (条例第二十六条), their channels, their log entries and the
personal data their rows accepted. It runs inside `import_items`' transaction: all or nothing."""

from collections import defaultdict

import reversion
from django.db import transaction
from django.utils import timezone

from . import numbering, screening, timeliness
from .models import Item, ItemEvent, PersonalDataAcceptance
from .publicity import public_content_changed

BATCH = 500


def write(plan, user, progress):
    """Create the plan's new items, in order of 发布日期, with their 索引号, channels, log entries
    and the acceptances of their 个人信息公开理由."""
    rows = sorted(plan.new, key=lambda row: (row.values["published_at"], row.number))
    _number(rows)
    items = []
    limits = timeliness.limits_by_directory()
    for row in rows:
        item = Item(
            agency=row.agency,
            status=Item.Status.PUBLISHED,
            created_by=user,
            **row.values,
            **row.numbered,
        )
        timeliness.time_item(item, limits.get(item.directory_id, timeliness.DEFAULT_LIMIT))
        items.append(item)
    with reversion.create_revision():
        for start in range(0, len(items), BATCH):
            created = Item.objects.bulk_create(items[start : start + BATCH])
            for item in created:
                reversion.add_to_revision(item)
            progress(f"  已导入 {start + len(created)} / {len(items)} 条")
        reversion.set_user(user)
        reversion.set_comment("批量导入")
    Through = Item.channels.through
    Through.objects.bulk_create(
        [
            Through(item_id=item.pk, channel_id=channel.pk)
            for item, row in zip(items, rows, strict=True)
            for channel in row.channels
        ],
        batch_size=BATCH,
    )
    ItemEvent.objects.bulk_create(
        [ItemEvent(item=item, action=ItemEvent.Action.IMPORTED, user=user) for item in items],
        batch_size=BATCH,
    )
    _record_acceptances(items, rows, user)
    transaction.on_commit(lambda: public_content_changed(items))


def _record_acceptances(items, rows, user):
    """The acceptances that rows' 个人信息公开理由 stand for, and their log entries."""
    acceptances, events = [], []
    for item, row in zip(items, rows, strict=True):
        values = screening.screen_findings(row.accepted)
        for value in values:
            acceptances.append(
                PersonalDataAcceptance(
                    item=item,
                    digest=value.digest,
                    kind=value.kind,
                    masked=value.masked,
                    places=value.places,
                    reason=row.privacy_reason,
                    accepted_by=user,
                )
            )
            note = f"{value.kind} {value.masked}（{value.places}）：{row.privacy_reason}"
            events.append(
                ItemEvent(item=item, action=ItemEvent.Action.PRIVACY_ACCEPTED, user=user, note=note)
            )
    PersonalDataAcceptance.objects.bulk_create(acceptances, batch_size=BATCH)
    ItemEvent.objects.bulk_create(events, batch_size=BATCH)


def _number(rows):
    """Set row.numbered: kept 索引号 (reserving our own format's serials) or new ones per year."""
    for row in rows:
        if row.index_number:
            parsed = numbering.parse_index_number(row.index_number)
            row.numbered = {"index_number": row.index_number}
            if parsed:
                _, year, serial = parsed
                numbering.reserve_existing(row.agency.pk, year, serial)
                row.numbered.update(index_year=year, index_serial=serial)
    groups = defaultdict(list)
    for row in rows:
        if not row.index_number:
            groups[(row.agency, timezone.localdate(row.values["published_at"]).year)].append(row)
    for (agency, year), group in groups.items():
        first = numbering.take_serials(agency.pk, year, len(group))
        for serial, row in enumerate(group, start=first):
            month = timezone.localdate(row.values["published_at"]).month
            row.numbered = {
                "index_number": numbering.format_index_number(
                    agency.credit_code, year, serial, month
                ),
                "index_year": year,
                "index_serial": serial,
            }
