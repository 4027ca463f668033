"""Keyset ("seek") pagination on (published_at, id): every page costs the same at any depth.

`OFFSET n` reads n rows before the page (docs/scale.md: 1.35 s at offset 199,800);
seeking from the last row seen reads only the page.
"""

from dataclasses import dataclass

from django.db.models import Q

from .filters import encode_cursor

PAGE_SIZE = 20


@dataclass
class Page:
    items: list
    next_cursor: str | None
    previous_cursor: str | None
    # More rows followed the page in the walk's direction (a full page, and then some).
    full: bool = False


def _seek(queryset, cursor, later, key):
    """Rows strictly later (or earlier) than the cursor in (key, id) order."""
    moment, pk = cursor
    if later:
        # The redundant bound lets the index range start at the cursor.
        return queryset.filter(**{f"{key}__gte": moment}).filter(
            Q(**{f"{key}__gt": moment}) | Q(**{key: moment, "pk__gt": pk})
        )
    return queryset.filter(**{f"{key}__lte": moment}).filter(
        Q(**{f"{key}__lt": moment}) | Q(**{key: moment, "pk__lt": pk})
    )


def _walks_later(newest_first, before):
    """Whether a walk from the cursor goes to later dates (after: onwards; before: back)."""
    return not newest_first if before is None else newest_first


def window_end(queryset, *, newest_first=True, after=None, before=None, size=2000):
    """The first row past the next `size` rows of the walk from the cursor, as a cursor
    (published_at, pk); None if the list ends sooner. An index-only read of the dates.
    """
    later = _walks_later(newest_first, before)
    cursor = after if before is None else before
    if cursor is not None:
        queryset = _seek(queryset, cursor, later=later, key="published_at")
    order = ["published_at", "pk"] if later else ["-published_at", "-pk"]
    return queryset.order_by(*order).values_list("published_at", "pk")[size : size + 1].first()


def short_of(queryset, end, *, newest_first=True, before=None):
    """The rows of `queryset` that a walk reaches before `end` (see `window_end`)."""
    return _seek(queryset, end, later=not _walks_later(newest_first, before), key="published_at")


def paginate(
    queryset, *, newest_first=True, after=None, before=None, size=PAGE_SIZE, key="published_at"
):
    """One page of `queryset` in date order, after or before a cursor (see `PageForm`).

    `key` names the date to order by: `published_at`, or an annotation equal to it
    that no index provides (see `catalog.search.date_key`).
    """
    order = [f"-{key}", "-pk"] if newest_first else [key, "pk"]
    reverse = [key, "pk"] if newest_first else [f"-{key}", "-pk"]
    if before is not None:
        # Walk backwards from the cursor, then put the rows back in display order.
        rows = list(
            _seek(queryset, before, later=newest_first, key=key).order_by(*reverse)[: size + 1]
        )
        has_more_before = len(rows) > size
        items = list(reversed(rows[:size]))
        return Page(
            items,
            next_cursor=encode_cursor(items[-1]) if items else None,
            previous_cursor=encode_cursor(items[0]) if items and has_more_before else None,
            full=has_more_before,
        )
    if after is not None:
        queryset = _seek(queryset, after, later=not newest_first, key=key)
    rows = list(queryset.order_by(*order)[: size + 1])
    items = rows[:size]
    return Page(
        items,
        next_cursor=encode_cursor(items[-1]) if len(rows) > size else None,
        previous_cursor=encode_cursor(items[0]) if after is not None and items else None,
        full=len(rows) > size,
    )
