"""Search over the public catalog: the query side of `catalog.tokens`.

PostgreSQL matches the GIN-indexed tsvector with a phrase query of character pairs;
SQLite (development) checks that each pair is among the stored lexemes with LIKE
(a single character: that a lexeme starts with it), which ignores adjacency: good enough for a laptop, and the same tokens.
"""

from datetime import timedelta

from django.core.cache import cache
from django.db import connection
from django.db.models import Case, DateTimeField, ExpressionWrapper, F, Q, Value, When

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
    from .keyset import PAGE_SIZE, paginate, short_of, window_end

    order = {"newest_first": newest_first, "after": after, "before": before}
    rows = {"size": size or PAGE_SIZE}  # the API's pages are larger than the site's
    if many and connection.vendor == "postgresql":
        end = window_end(unkeyed, size=DATE_WINDOW, **order)
        if end is None:  # the rest of the list is shorter than the window: walk all of it
            return paginate(keyed, **order, **rows)
        short = short_of(keyed, end, newest_first=newest_first, before=before)
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


def _near_candidates(unkeyed, terms, order, size):
    """The page from the CANDIDATES rows next to the cursor that hold the terms' bigrams
    anywhere (`loose_tsquery`), checked for the phrase; None if that cannot be told.

    Sorting every hit by date re-reads each hit's vector to check that the bigrams are
    adjacent, most of the cost of a hit: for a term whose many hits are all old (2022年:
    every item of that year, none in the newest window) 1.2–3.5 s at 1,000,000 items. The
    loose query needs no such check, so its rows near the cursor come cheaply (a fifth of
    the time); the phrase is then checked on those few only, never through the index. The page is exact when it is full, or when fewer than
    CANDIDATES loose rows were left (then every hit past the cursor was among them).
    """
    from .keyset import _seek, _walks_later, paginate

    loose = loose_tsquery(terms)
    if loose is None:
        return None
    later = _walks_later(order["newest_first"], order["before"])
    cursor = order["after"] if order["before"] is None else order["before"]
    dated, key = date_key(unkeyed.filter(search_vector__matches=loose))
    if cursor is not None:
        dated = _seek(dated, cursor, later=later, key=key)
    walk = [key, "pk"] if later else [f"-{key}", "-pk"]
    near = list(dated.order_by(*walk).values_list("pk", flat=True)[:CANDIDATES])
    # `unkeyed` shaped as the caller wants the page (deferred fields, prefetches).
    page = paginate(
        unkeyed.filter(pk__in=near, search_vector__checks=tsquery(terms)), **order, size=size
    )
    if page.full or len(near) < CANDIDATES:
        return page
    return None


def ranked(queryset, terms, many=False):
    """The newest RANK_WINDOW matches, best first (then newest).

    With `many` hits the newest come from the date index (a common term's
    RANK_WINDOW newest hits are near the top of it), else from the search index.
    """
    queryset, key = (queryset, "published_at") if many else date_key(queryset)
    newest = queryset.order_by(f"-{key}", "-id").values("pk")[:RANK_WINDOW]
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
