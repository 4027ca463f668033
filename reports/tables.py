"""The figures of sections 二, 三 and 四 of the annual report (docs/annual-report-2021.md).

Plain functions from the stored dates (received, closed, filed, decided, written, repealed) to
plain dicts, so a past year's report computes the same whenever it is asked for. Each section is
one aggregate query (GROUP BY with conditional counts), whatever the number of rows; "an agency
and everything under it" is the agency's mptt range (tree_id, lft, rght), not a list of ids.

`compute(scope, entered)` returns a `ReportData`; `reports.layout` turns it into the official
table grids that the HTML include and the XLSX writer both render, and `reports.checks` checks it.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q

from catalog.models import Item
from organisation.models import Agency
from requests_app.models import Case, Request
from requests_app.outcomes import Outcome

# --- keys ----------------------------------------------------------------------------------

APPLICANT_COLUMNS = [
    Request.ApplicantKind.PERSON,
    Request.ApplicantKind.BUSINESS,
    Request.ApplicantKind.RESEARCH,
    Request.ApplicantKind.PUBLIC_INTEREST,
    Request.ApplicantKind.LEGAL_SERVICE,
    Request.ApplicantKind.OTHER,
]
TOTAL = "total"
COLUMNS = [str(kind) for kind in APPLICANT_COLUMNS] + [TOTAL]

NEW, CARRIED_IN, CARRIED_OUT = "new", "carried_in", "carried_out"
OUTCOMES = [str(outcome) for outcome in Outcome]  # the 21 leaf rows, in the form's order
ROWS = [NEW, CARRIED_IN, *OUTCOMES, TOTAL, CARRIED_OUT]  # the 25 rows with numbers

CASE_KINDS = [str(kind) for kind in Case.Kind]  # 行政复议, 直接起诉, 复议后起诉
UPHELD, CORRECTED, OTHER = (
    str(Case.Result.UPHELD),
    str(Case.Result.CORRECTED),
    str(Case.Result.OTHER),
)
RESULTS = [UPHELD, CORRECTED, OTHER]  # a decided case's result
PENDING = "pending"  # 尚未审结 on 31 December
CASE_COLUMNS = [UPHELD, CORRECTED, OTHER, PENDING, TOTAL]

GENRES = [str(Item.Genre.REGULATION), str(Item.Genre.NORMATIVE)]
ISSUED, REPEALED, VALID = "issued", "repealed", "valid"
ENTERED_COUNTS = ["licences", "penalties", "coercions"]
FEES = "fees"


@dataclass(frozen=True)
class Scope:
    """One agency and one year; with_subordinates sums over the agency's whole subtree."""

    agency: Agency
    year: int
    with_subordinates: bool = False

    @property
    def first_day(self):
        return datetime.date(self.year, 1, 1)

    @property
    def last_day(self):
        return datetime.date(self.year, 12, 31)

    def agencies(self, path="agency"):
        """A Q selecting the rows whose `path` (an Agency foreign key) is in scope."""
        if not self.with_subordinates:
            return Q(**{f"{path}_id": self.agency.pk})
        a = self.agency
        return Q(
            **{
                f"{path}__tree_id": a.tree_id,
                f"{path}__lft__gte": a.lft,
                f"{path}__rght__lte": a.rght,
            }
        )

    def label(self):
        return f"{self.agency.name}（含下级机关）" if self.with_subordinates else self.agency.name


@dataclass
class ReportData:
    """The numbers of one report. Plain dicts of ints (the fee a Decimal), JSON-friendly."""

    agency_name: str
    agency_code: str
    year: int
    with_subordinates: bool
    section2: dict = field(default_factory=dict)
    section3: dict = field(default_factory=dict)
    section4: dict = field(default_factory=dict)
    # Section 四 also counts cases filed before the year and decided in it (a report's setting,
    # stated on the report; snapshots published before it existed read False).
    cases_filed_earlier: bool = False

    def to_json(self):
        section2 = dict(self.section2)
        section2[FEES] = str(section2[FEES])
        return {
            "agency_name": self.agency_name,
            "agency_code": self.agency_code,
            "year": self.year,
            "with_subordinates": self.with_subordinates,
            "section2": section2,
            "section3": self.section3,
            "section4": self.section4,
            "cases_filed_earlier": self.cases_filed_earlier,
        }

    @classmethod
    def from_json(cls, data):
        data = dict(data)
        data["section2"] = {**data["section2"], FEES: Decimal(data["section2"][FEES])}
        return cls(**data)


def compute(scope, entered=None, cases_filed_earlier=False):
    """All three tables of `scope`; `entered` holds the staff figures (AnnualReport.entered),
    `cases_filed_earlier` the report's choice for section 四 (`section4`)."""
    return ReportData(
        agency_name=scope.agency.name,
        agency_code=scope.agency.credit_code,
        year=scope.year,
        with_subordinates=scope.with_subordinates,
        section2=section2(scope, entered),
        section3=section3(scope),
        section4=section4(scope, cases_filed_earlier),
        cases_filed_earlier=cases_filed_earlier,
    )


# --- section 二 -------------------------------------------------------------------------------


def _in_catalog_at_year_end(scope):
    """Published items, and items withdrawn only after the year: the catalog as of 31 December."""
    next_year = _start_of(scope.year + 1)
    return Q(status=Item.Status.PUBLISHED) | Q(
        status=Item.Status.WITHDRAWN, withdrawn_at__gte=next_year
    )


def _start_of(year):
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime(year, 1, 1))


def section2(scope, entered=None):
    """规章 and 行政规范性文件 from the catalog, plus the staff-entered figures.

    本年制发: 成文日期 in the year. 本年废止: validity 废止 with its date in the year (失效, expiry
    without an act of repeal, is not 废止). 现行有效: written by 31 December and neither repealed
    nor expired on or before it. Items of the agency that published them (发布机构).
    """
    first, last = scope.first_day, scope.last_day
    invalid = [Item.Validity.REPEALED, Item.Validity.EXPIRED]
    rows = (
        Item.objects.filter(scope.agencies(), genre__in=GENRES)
        .filter(_in_catalog_at_year_end(scope))
        .values("genre")
        .annotate(
            issued=Count("pk", filter=Q(written_on__range=(first, last))),
            repealed=Count(
                "pk",
                filter=Q(validity=Item.Validity.REPEALED, invalid_on__range=(first, last)),
            ),
            valid=Count(
                "pk",
                filter=Q(written_on__lte=last)
                & ~Q(validity__in=invalid, invalid_on__lte=last, invalid_on__isnull=False),
            ),
        )
        .order_by()
    )
    result = {genre: {ISSUED: 0, REPEALED: 0, VALID: 0} for genre in GENRES}
    for row in rows:
        result[row["genre"]] = {
            ISSUED: row["issued"],
            REPEALED: row["repealed"],
            VALID: row["valid"],
        }
    entered = entered or {}
    for name in ENTERED_COUNTS:
        result[name] = int(entered.get(name) or 0)
    result[FEES] = Decimal(entered.get(FEES) or 0)
    return result


def expired_in_year(scope):
    """{genre: documents whose validity is 失效 with its date in the year}: they leave the stock
    of 现行有效 without being 废止 (reports/warnings.py)."""
    rows = (
        Item.objects.filter(scope.agencies(), genre__in=GENRES)
        .filter(_in_catalog_at_year_end(scope))
        .filter(
            validity=Item.Validity.EXPIRED,
            invalid_on__range=(scope.first_day, scope.last_day),
        )
        .values("genre")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["genre"]: row["n"] for row in rows}


# --- section 三 -------------------------------------------------------------------------------


def empty_section3():
    return {row: dict.fromkeys(COLUMNS, 0) for row in ROWS}


def section3(scope):
    """新收, 上年结转, the 21 outcomes, 总计, 结转下年度 by applicant kind (one GROUP BY).

    For year Y: 新收 = received in Y; 上年结转 = received before Y and not closed before Y;
    outcomes = closed in Y, by outcome; 结转下年度 = received by 31 December and not closed by
    then. A request without a closing date is open, whatever its status; an online request not
    yet confirmed counts by its provisional received date (条例第三十一条's default rule), since
    the office must answer it either way.
    """
    first, last = scope.first_day, scope.last_day
    new = Q(received_on__range=(first, last))
    carried_in = Q(received_on__lt=first) & (Q(closed_on__isnull=True) | Q(closed_on__gte=first))
    closed = Q(closed_on__range=(first, last))
    carried_out = Q(received_on__lte=last) & (Q(closed_on__isnull=True) | Q(closed_on__gt=last))
    # Every request one of the four counts can see. A request closed before it was received
    # (a data error) still counts where its dates put it, so check 3 shows it.
    rows = (
        Request.objects.filter(scope.agencies())
        .filter(new | carried_in | closed)
        .values("applicant_kind", "outcome")
        .annotate(
            new=Count("pk", filter=new),
            carried_in=Count("pk", filter=carried_in),
            closed=Count("pk", filter=closed),
            carried_out=Count("pk", filter=carried_out),
        )
        .order_by()
    )
    table = empty_section3()
    for row in rows:
        kind = row["applicant_kind"]
        if kind not in table[NEW]:
            kind = str(Request.ApplicantKind.OTHER)  # an unknown kind is still counted once
        table[NEW][kind] += row["new"]
        table[CARRIED_IN][kind] += row["carried_in"]
        table[CARRIED_OUT][kind] += row["carried_out"]
        if row["outcome"] in table:
            # A request closed without an outcome is counted nowhere here: check 3 shows it.
            table[row["outcome"]][kind] += row["closed"]
    return add_totals(table)


def add_totals(table):
    """Fill the 总计 column (each row) and the （七）总计 row (each column) of section 三."""
    for column in COLUMNS[:-1]:
        table[TOTAL][column] = sum(table[outcome][column] for outcome in OUTCOMES)
    for row in ROWS:
        table[row][TOTAL] = sum(table[row][column] for column in COLUMNS[:-1])
    return table


# --- section 四 -------------------------------------------------------------------------------


def section4(scope, filed_earlier=False):
    """Cases filed in the year, by kind, with their result as of 31 December (one GROUP BY).

    A case decided after 31 December is 尚未审结 in this year's report. With `filed_earlier`
    (the report's setting, docs/annual-report-2021.md §4) the cases filed in an earlier year and
    decided in this one count too, with their result: each result is then reported once, in the
    year it came, where the default reports it nowhere after the year of filing.
    """
    first, last = scope.first_day, scope.last_day
    decided = Q(decided_on__isnull=False, decided_on__lte=last)
    counted = Q(filed_on__range=(first, last))
    if filed_earlier:
        counted |= Q(filed_on__lt=first, decided_on__range=(first, last))
    rows = (
        Case.objects.filter(scope.agencies())
        .filter(counted)
        .values("kind")
        .annotate(
            **{result: Count("pk", filter=decided & Q(result=result)) for result in RESULTS},
            total=Count("pk"),
        )
        .order_by()
    )
    result = {kind: dict.fromkeys(CASE_COLUMNS, 0) for kind in CASE_KINDS}
    for row in rows:
        if row["kind"] not in result:
            continue
        counts = result[row["kind"]]
        for column in (*RESULTS, TOTAL):
            counts[column] = row[column]
        counts[PENDING] = row[TOTAL] - sum(row[result] for result in RESULTS)
    return result
