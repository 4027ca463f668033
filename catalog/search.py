"""Search over the public catalog: the query side of `catalog.tokens`.

PostgreSQL matches the GIN-indexed tsvector with a phrase query of character pairs;
SQLite (development) checks that each pair is among the stored lexemes with LIKE
(a single character: that a lexeme starts with it), which ignores adjacency: good enough for a laptop, and the same tokens.
"""

from datetime import UTC, timedelta

from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Case,
    DateTimeField,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    Q,
    Value,
    When,
)

from .caching import meaning_key
from .fields import TsRank
from .tokens import loose_tsquery, query_terms, term_tokens, tsquery

# Ranking reads every hit's vector; for a common term that is most of the catalog.
# Results are sorted by date unless relevance is asked for, and then only the newest
# RANK_WINDOW hits are ranked (docs/scale.md: ranking all hits is what makes FTS slow).
RANK_WINDOW = 2000
# How many rows of the list (without the keyword) a date-ordered search page looks
# through before it asks the search index for every hit: ~15 ms at 1,000,000 items.
DATE_WINDOW = 2000
# How many of the loosely matching rows next to the cursor a date-ordered page checks
# for the phrase before it asks for every hit sorted (see `_near_candidates`).
CANDIDATES = 200
# How long a search's hits are remembered at most (see `remembered`).
REMEMBER_SECONDS = 600


def matching(queryset, terms):
    """`queryset` narrowed to items whose public text contains every term."""
    if not terms:
        return queryset
    if connection.vendor == "postgresql":
        return queryset.filter(search_vector__matches=tsquery(terms))
    condition = Q()
    for term in terms:
        if len(term) == 1:  # a prefix, as on PostgreSQL: lexemes starting with it
            condition &= Q(search_vector__contains=f"'{term}")
            continue
        for token in term_tokens(term):
            condition &= Q(search_vector__contains=f"'{token}':")
    return queryset.filter(condition)


def date_key(queryset):
    """`queryset` with a sort date that steers PostgreSQL to the GIN index, and its name.

    Ordered by the plain `published_at`, the planner may walk the date index and test
    every row until a page is full: instant for a common term, but a rare one (a
    文号) whose hits are all years back read most of a million rows (8 s measured).
    `published_at + 0` is the same date without an index, so the hits come from the
    GIN index and only they are sorted: a bounded cost for every term.
    """
    if connection.vendor != "postgresql":
        return queryset, "published_at"
    moment = ExpressionWrapper(F("published_at") + Value(timedelta(0)), DateTimeField())
    return queryset.annotate(search_date=moment), "search_date"


def date_page(
    unkeyed, keyed, *, many, newest_first=True, after=None, before=None, size=None, terms=None
):
    """One page of `keyed` (the list with the keyword) in date order.

    A common term (政务公开: 80% of the items; 预算: 4%) has hits all along the date
    order, but the search index hands over every one of them to be sorted: 2.9 s for
    政务公开 at 1,000,000 items. So when the term has `many` hits, the page is first
    looked for among the next DATE_WINDOW rows of the list, bounded by the date of the
    row past them (read from the date index in `unkeyed`, the list without the keyword):
    PostgreSQL then walks the date index and stops at a full page (政务公开: 0.3 ms), or
    intersects that date range with the search index (预算: 10 ms). If the window holds
    no full page, the hits near the cursor are few, or far: the rows near the cursor that
    hold the `terms`' bigrams are checked for the phrase (`_near_candidates`), and only if
    that cannot settle the page does the index find every hit to be sorted (`date_key`).
    """
    from .keyset import PAGE_SIZE, _walks_later, paginate, short_of, window_end

    order = {"newest_first": newest_first, "after": after, "before": before}
    rows = {"size": size or PAGE_SIZE}  # the API's pages are larger than the site's
    if many and connection.vendor == "postgresql":
        end = window_end(unkeyed, size=DATE_WINDOW, **order)
        if end is None:  # the rest of the list is shorter than the window: walk all of it
            return paginate(keyed, **order, **rows)
        short = short_of(keyed, end, newest_first=newest_first, before=before)
        # The same bound on the search index's month column: the index then hands over
        # only the window's hits, not every hit (预算: 8.7 → 2.0 ms; 2022年: 26 → 1.2 ms).
        bound = "lte" if _walks_later(newest_first, before) else "gte"
        short = short.annotate(month=MonthOf("published_at")).filter(
            **{f"month__{bound}": month_of(end[0])}
        )
        page = paginate(short, **order, **rows)
        if page.full:
            return page
        # Not for a few hits (at most COUNT_CAP): sorting them all is cheap, one query less.
        if terms:
            page = _near_candidates(unkeyed, terms, order, rows["size"])
            if page is not None:
                return page
    dated, key = date_key(keyed)
    return paginate(dated, key=key, **order, **rows)


class MonthOf(Func):
    """The month of a date as one number (year × 12 + month, in UTC): the first column of
    the search index (migration catalog 0023), written exactly as the index writes it."""

    template = (
        "((EXTRACT(YEAR FROM (%(expressions)s AT TIME ZONE 'UTC')) * 12"
        " + EXTRACT(MONTH FROM (%(expressions)s AT TIME ZONE 'UTC')))::integer)"
    )
    output_field = IntegerField()


def month_of(moment):
    moment = moment.astimezone(UTC)
    return moment.year * 12 + moment.month


def _loose_walk(unkeyed, loose, *, limit, cursor=None, later=False):
    """The ids of the first `limit` rows of `unkeyed` from the cursor on (in date order)
    that match the `loose` query: the search index asked for one month at a time.

    Sorting every hit by date reads every hit's row: for a term whose many hits are all
    old (2022年: every item of that year, none of the newest) that is 189,000 rows. The
    search index holds each row's month, so asking it month by month from the cursor's
    month reads only the rows of the months the walk stops in; an empty month costs the
    index ~0.5 ms. The loose query needs no check that bigrams are adjacent (`loose_tsquery`).
    """
    from .keyset import _seek

    forwards, backwards = ["published_at", "pk"], ["-published_at", "-pk"]
    dates = unkeyed.values_list("published_at", flat=True)
    last = dates.order_by(*(backwards if later else forwards)).first()
    if last is None:
        return []
    first = cursor[0] if cursor else dates.order_by(*(forwards if later else backwards)).first()
    dated, key = date_key(unkeyed.filter(search_vector__matches=loose))
    if cursor is not None:
        dated = _seek(dated, cursor, later=later, key=key)
    walk = [key, "pk"] if later else [f"-{key}", "-pk"]
    dated = dated.annotate(month=MonthOf("published_at")).order_by(*walk)
    step = 1 if later else -1
    found = []
    for month in range(month_of(first), month_of(last) + step, step):
        found += dated.filter(month=month).values_list("pk", flat=True)[: limit - len(found)]
        if len(found) >= limit:
            break
    return found


def _near_candidates(unkeyed, terms, order, size):
    """The page from the CANDIDATES rows next to the cursor that hold the terms' bigrams
    anywhere (`_loose_walk`), checked for the phrase; None if that cannot be told.

    Sorting every hit by date re-reads each hit's vector to check that the bigrams are
    adjacent, and reads every hit's row: for 2022年 at 1,000,000 items 1.2–3.5 s, then
    ~200 ms. The phrase is checked here on the few rows the walk found. The page is exact
    when it is full, or when fewer than CANDIDATES rows were left (every hit past the
    cursor was then among them).
    """
    from .keyset import _walks_later, paginate

    loose = loose_tsquery(terms)
    if loose is None:
        return None
    later = _walks_later(order["newest_first"], order["before"])
    cursor = order["after"] if order["before"] is None else order["before"]
    near = _loose_walk(unkeyed, loose, limit=CANDIDATES, cursor=cursor, later=later)
    # `unkeyed` shaped as the caller wants the page (deferred fields, prefetches).
    page = paginate(
        unkeyed.filter(pk__in=near, search_vector__checks=tsquery(terms)), **order, size=size
    )
    if page.full or len(near) < CANDIDATES:
        return page
    return None


def ranked(queryset, terms, many=False, unkeyed=None):
    """The newest RANK_WINDOW matches, best first (then newest).

    With `many` hits on PostgreSQL, the newest rows of `unkeyed` (the list without the
    keyword) holding the terms' bigrams come from the month walk (`_loose_walk`) and only
    those matching the phrase are ranked: reading the date index until RANK_WINDOW hits
    took 3.9 s for a term whose hits are all old. A one-character term walks the date
    index (its hits are everywhere); few hits come from the search index, all sorted.
    """
    loose = loose_tsquery(terms) if connection.vendor == "postgresql" else None
    if many and loose and unkeyed is not None:
        window = queryset.filter(pk__in=_loose_walk(unkeyed, loose, limit=RANK_WINDOW))
    else:
        dated, key = (queryset, "published_at") if many else date_key(queryset)
        newest = dated.order_by(f"-{key}", "-id").values("pk")[:RANK_WINDOW]
        window = queryset.model.objects.filter(pk__in=newest)
    if connection.vendor == "postgresql":
        window = window.annotate(rank=TsRank(F("search_vector"), Value(tsquery(terms))))
        return window.order_by("-rank", "-published_at", "-id")
    # SQLite: items whose title contains the first term come first.
    title_hit = Case(When(title__contains=terms[0], then=Value(1)), default=Value(0))
    return window.annotate(rank=title_hit).order_by("-rank", "-published_at", "-id")


def remembered(meaning, find, queryset):
    """`find()`'s (count, items, paging) for the search `meaning` (its terms, filters,
    sort and cursor), remembered as item ids until public content changes.

    The terms people search for are few (a year, 政务公开, 预算) and asked for again and
    again between two publications, and finding the hits is most of a search page: up
    to ~250 ms for a term whose hits are all old. The key holds the public version, so
    a publication or withdrawal shows at once, and only what the search means, not the
    URL's other parameters. Items are read again by id from `queryset` (public ones).
    """
    key = meaning_key("search", meaning)
    kept = cache.get(key)
    if kept is not None:
        found, ids, paging = kept
        rows = queryset.in_bulk(ids)
        if len(rows) == len(ids):
            return found, [rows[pk] for pk in ids], paging
    found, items, paging = find()
    cache.set(key, (found, [item.pk for item in items], paging), REMEMBER_SECONDS)
    return found, items, paging


__all__ = ["date_page", "matching", "query_terms", "ranked", "remembered"]
