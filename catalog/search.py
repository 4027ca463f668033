"""Search over the public catalog: the query side of `catalog.tokens`.

PostgreSQL matches the GIN-indexed tsvector with a phrase query of character pairs;
SQLite (development) checks that each pair is among the stored lexemes with LIKE
(a single character: that a lexeme starts with it), which ignores adjacency: good enough for a laptop, and the same tokens.
"""

from datetime import timedelta

from django.db import connection
from django.db.models import Case, DateTimeField, ExpressionWrapper, F, Q, Value, When

from .fields import TsRank
from .tokens import query_terms, term_tokens, tsquery

# Ranking reads every hit's vector; for a common term that is most of the catalog.
# Results are sorted by date unless relevance is asked for, and then only the newest
# RANK_WINDOW hits are ranked (notes/scale.md: ranking all hits is what makes FTS slow).
RANK_WINDOW = 2000


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


def ranked(queryset, terms):
    """The newest RANK_WINDOW matches, best first (then newest)."""
    queryset, key = date_key(queryset)
    newest = queryset.order_by(f"-{key}", "-id").values("pk")[:RANK_WINDOW]
    window = queryset.model.objects.filter(pk__in=newest)
    if connection.vendor == "postgresql":
        window = window.annotate(rank=TsRank(F("search_vector"), Value(tsquery(terms))))
        return window.order_by("-rank", "-published_at", "-id")
    # SQLite: items whose title contains the first term come first.
    title_hit = Case(When(title__contains=terms[0], then=Value(1)), default=Value(0))
    return window.annotate(rank=title_hit).order_by("-rank", "-published_at", "-id")


__all__ = ["matching", "query_terms", "ranked"]
