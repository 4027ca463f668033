"""Search over the public catalog: the query side of `catalog.tokens`.

PostgreSQL matches the GIN-indexed tsvector with a phrase query of character pairs;
SQLite (development) checks that each pair is among the stored lexemes with LIKE,
which ignores adjacency: good enough for a laptop, and the same tokens.
"""

from django.db import connection
from django.db.models import Case, F, Q, Value, When

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
        for token in term_tokens(term):
            condition &= Q(search_vector__contains=f"'{token}':")
    return queryset.filter(condition)


def ranked(queryset, terms):
    """The newest RANK_WINDOW matches, best first (then newest)."""
    newest = queryset.order_by("-published_at", "-id").values("pk")[:RANK_WINDOW]
    window = queryset.model.objects.filter(pk__in=newest)
    if connection.vendor == "postgresql":
        window = window.annotate(rank=TsRank(F("search_vector"), Value(tsquery(terms))))
        return window.order_by("-rank", "-published_at", "-id")
    # SQLite: items whose title contains the first term come first.
    title_hit = Case(When(title__contains=terms[0], then=Value(1)), default=Value(0))
    return window.annotate(rank=title_hit).order_by("-rank", "-published_at", "-id")


__all__ = ["matching", "query_terms", "ranked"]
