"""Timeliness of proactive disclosure (条例第二十六条, docs/legal-rules.md §7).

Information is published within 20 working days of being produced or changed
(成文日期), unless a law sets another limit (“另有规定的，从其规定”): a directory may set
its own limit in days or working days (`Directory.publication_limit`, inherited down the
tree), e.g. 部门预决算 20 days after 批复 (预算法第十四条) or 行政执法公示 7 working days.
An item stores the working days it took from 成文日期 to 发布日期 and how many days it
was late by its directory's limit, set at publication and again on correction (a
correction that says when the information changed, `Item.changed_on`, is timed from that
change to the correction); staff lists filter late items with one comparison. Working
days come from the shared calendar, `workcalendar.workdays`.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from workcalendar.workdays import count_workdays

PUBLICATION_LIMIT = 20  # 条例第二十六条: 自该政府信息形成或者变更之日起20个工作日内


def workdays_taken(written_on, published_at):
    """Working days after 成文日期 up to and including the (local) publication day."""
    if written_on is None or published_at is None:
        return None
    return count_workdays(written_on, timezone.localdate(published_at)).days


@dataclass(frozen=True)
class Limit:
    days: int = PUBLICATION_LIMIT
    workdays: bool = True
    basis: str = "条例第二十六条"

    @property
    def unit(self):
        return "个工作日" if self.workdays else "日"

    def __str__(self):
        return f"{self.days}{self.unit}（{self.basis}）"


DEFAULT_LIMIT = Limit()


def limits_by_directory():
    """{directory id: Limit}: each directory's own limit, else its nearest ancestor's.

    Cached with the directory tree (catalog/navigation.py): a directory's save renews it.
    """
    from .navigation import _cached

    return _cached("publication-limits", _load_limits)


def _load_limits():
    from .models import Directory

    limits = {}
    rows = Directory.objects.order_by("tree_id", "lft").values_list(
        "pk", "parent_id", "publication_limit", "limit_in_workdays", "limit_basis"
    )
    for pk, parent_id, days, workdays, basis in rows:  # parents come first in tree order
        if days is not None:
            limits[pk] = Limit(days, workdays, basis or "本目录规定")
        else:
            limits[pk] = limits.get(parent_id, DEFAULT_LIMIT)
    return limits


def limit_for(directory_id):
    return limits_by_directory().get(directory_id, DEFAULT_LIMIT)


def lateness(start, published_at, limit):
    """Days past `limit` from `start` (成文日期 or 变更日期) to the local publication day."""
    if start is None or published_at is None:
        return None
    end = timezone.localdate(published_at)
    taken = count_workdays(start, end).days if limit.workdays else (end - start).days
    return max(0, taken - limit.days)


def time_item(item, limit=None):
    """Set `workdays_to_publish` and `days_late` of an item being published or corrected."""
    limit = limit or limit_for(item.directory_id)
    start, end = item.written_on, item.published_at
    if (
        item.changed_on
        and item.corrected_at
        and item.changed_on >= (item.written_on or item.changed_on)
    ):
        start, end = item.changed_on, item.corrected_at  # a correction from its own change
    item.workdays_to_publish = workdays_taken(start, end)
    item.days_late = lateness(start, end, limit)


def describe(days_late, limit=None):
    """The staff list's wording: 按期 / 逾期N个工作日 / — (not published)."""
    if days_late is None:
        return "—"
    unit = (limit or DEFAULT_LIMIT).unit
    return f"逾期{days_late}{unit}" if days_late else "按期"


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
    limits = limits_by_directory()
    items = Item.objects.filter(
        written_on__lt=day, published_at__gte=start, workdays_to_publish__isnull=False
    ).only(
        "pk", "directory_id", "written_on", "published_at", "corrected_at", "changed_on",
        "workdays_to_publish", "days_late",
    )  # fmt: skip
    for item in items.iterator(chunk_size=2000):
        before = (item.workdays_to_publish, item.days_late)
        time_item(item, limits.get(item.directory_id, DEFAULT_LIMIT))
        if (item.workdays_to_publish, item.days_late) != before:
            changed.append(item)
    Item.objects.bulk_update(changed, ["workdays_to_publish", "days_late"], batch_size=500)
    return len(changed)
