"""Timeliness of proactive disclosure (条例第二十六条, docs/legal-rules.md §7).

Information is published within 20 working days of being produced or changed
(成文日期). An item stores the working days it took from 成文日期 to 发布日期, set
at publication (and again on correction, since 成文日期 may be corrected), so
staff lists can filter late items with one indexed comparison; the days are
counted by the shared calendar, `workcalendar.workdays`.
"""

import datetime

from django.utils import timezone

from workcalendar.workdays import count_workdays

PUBLICATION_LIMIT = 20  # 条例第二十六条: 自该政府信息形成或者变更之日起20个工作日内


def workdays_taken(written_on, published_at):
    """Working days after 成文日期 up to and including the (local) publication day."""
    if written_on is None or published_at is None:
        return None
    return count_workdays(written_on, timezone.localdate(published_at)).days


def days_late(workdays):
    """How many working days past the 20-day limit (0 when on time, None when unknown)."""
    if workdays is None:
        return None
    return max(0, workdays - PUBLICATION_LIMIT)


def describe(workdays):
    """The staff list's wording: 按期 / 逾期N个工作日 / — (not published)."""
    late = days_late(workdays)
    if late is None:
        return "—"
    return f"逾期{late}个工作日" if late else "按期"


def recount_changed_days(days, **kwargs):
    """Connected to `workcalendar.signals.calendar_changed`."""
    for day in sorted(days):
        recount_spanning(day)


def recount_spanning(day):
    """Recount the working days of items written before `day` and published on or after it.

    Called when staff enter or remove a holiday arrangement: an item published before
    the year's arrangement was known was counted on the estimated calendar.
    """
    from .models import Item

    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    changed = []
    items = Item.objects.filter(
        written_on__lt=day, published_at__gte=start, workdays_to_publish__isnull=False
    ).only("pk", "written_on", "published_at", "workdays_to_publish")
    for item in items.iterator(chunk_size=2000):
        workdays = workdays_taken(item.written_on, item.published_at)
        if workdays != item.workdays_to_publish:
            item.workdays_to_publish = workdays
            changed.append(item)
    Item.objects.bulk_update(changed, ["workdays_to_publish"], batch_size=500)
    return len(changed)
