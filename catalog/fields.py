"""A search-token column that is a real tsvector on PostgreSQL and plain text on SQLite."""

from django.db import models
from django.db.models import Func, Lookup


class TsVectorField(models.TextField):
    """Holds a tsvector literal (see `catalog.tokens.document_vector`).

    On PostgreSQL the column is `tsvector` (GIN-indexed by the migration) and a
    string literal assigned to it is parsed by tsvector's input function; elsewhere
    it is text, searched with LIKE.
    """

    def db_type(self, connection):
        if connection.vendor == "postgresql":
            return "tsvector"
        return super().db_type(connection)


@TsVectorField.register_lookup
class Matches(Lookup):
    """`search_vector__matches=<tsquery literal>`: `@@` against a literal tsquery (PostgreSQL)."""

    lookup_name = "matches"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} @@ ({rhs})::tsquery", [*lhs_params, *rhs_params]


@TsVectorField.register_lookup
class Checks(Matches):
    """`search_vector__checks=<tsquery literal>`: the same test, written so that no index
    answers it. For a few rows found by other means (their ids): through the index,
    PostgreSQL would re-check every hit of a phrase to keep those few (catalog/search.py)."""

    lookup_name = "checks"

    def as_sql(self, compiler, connection):
        sql, params = super().as_sql(compiler, connection)
        lhs, _ = self.process_lhs(compiler, connection)
        return f"({lhs} || ''::tsvector)" + sql[len(lhs) :], params


class TsRank(Func):
    """ts_rank(vector, tsquery literal) on PostgreSQL."""

    function = "ts_rank"
    template = "%(function)s(%(expressions)s::tsquery)"
    output_field = models.FloatField()
