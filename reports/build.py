"""One report, put together: the stored `AnnualReport` (or a blank one), its scope, the computed
figures, the official table grids and the five check results. Views, the export command and
the publishing step all start here, so they cannot disagree about what a report says.

Also the snapshot format of a published `ReportRevision` (`make_snapshot`, `data_from_snapshot`).
"""

from dataclasses import dataclass

from django.db.models import Count, Sum

from . import checks, layout
from . import tables as t
from .layout import format_fee
from .models import AnnualReport, ReportRevision

SNAPSHOT_FORMAT = 1


@dataclass
class BuiltReport:
    report: AnnualReport  # unsaved when nobody has entered anything yet
    scope: t.Scope
    data: t.ReportData
    tables: list  # layout.Table, in the order of the form
    results: list  # checks.CheckResult, in the spec's order
    warnings: list = None  # reports.warnings.Warning: what evaluators check, not blocking

    @property
    def passed(self):
        return all(result.passed for result in self.results)

    @property
    def blocking(self):
        return checks.blocking(self.results)


def get_report(agency, year, with_subordinates=False):
    """The stored report, or a new unsaved one (viewing a report never writes)."""
    report = AnnualReport.objects.filter(
        agency=agency, year=year, with_subordinates=with_subordinates
    ).first()
    return report or AnnualReport(agency=agency, year=year, with_subordinates=with_subordinates)


def last_years_revision(scope):
    """The latest published revision of last year's report of the same scope, or None."""
    return (
        ReportRevision.objects.filter(
            report__agency=scope.agency,
            report__year=scope.year - 1,
            report__with_subordinates=scope.with_subordinates,
        )
        .order_by("-number")
        .first()
    )


def previous_carried_out(scope, revision):
    """四 of the year before, by column, and where it comes from (for check 4).

    `revision`: `last_years_revision(scope)`. Its figures when there is one (they are frozen,
    so a later edit to an old request shows up here), else the portal's records.
    """
    if revision is not None:
        data = data_from_snapshot(revision.snapshot)
        source = f"{scope.year - 1}年度已发布报告（第{revision.number}版）"
        return data.section3[t.CARRIED_OUT], source
    previous = t.Scope(scope.agency, scope.year - 1, scope.with_subordinates)
    return t.section3(previous)[t.CARRIED_OUT], f"按本门户记录计算的{scope.year - 1}年度"


def build_report(agency, year, with_subordinates=False, report=None):
    report = report or get_report(agency, year, with_subordinates)
    scope = t.Scope(agency, year, with_subordinates)
    data = t.compute(scope, report.entered, report.cases_filed_earlier)
    revision = last_years_revision(scope)
    carried_out, source = previous_carried_out(scope, revision)
    texts = {
        "一、总体情况": report.overview,
        "五、存在的主要问题及改进情况": report.problems,
        "六、其他需要报告的事项": report.other_matters,
    }
    results = checks.run_checks(data, carried_out, source, report.overrides(), texts)
    from .warnings import warnings

    found = warnings(report, data, scope, revision.snapshot if revision else None)
    return BuiltReport(report, scope, data, layout.tables(data), results, found)


def entered_in_subtree(scope):
    """The staff-entered figures of the own reports of every agency in `scope`'s subtree, summed
    (a hint for the report with subordinates, whose own figures staff enter separately)."""
    sums = AnnualReport.objects.filter(
        scope.agencies(), year=scope.year, with_subordinates=False
    ).aggregate(
        reports=Count("pk"),
        **{name: Sum(name) for name in [*t.ENTERED_COUNTS, t.FEES]},
    )
    sums = {name: value or 0 for name, value in sums.items()}
    sums["fees_display"] = format_fee(sums[t.FEES])
    return sums


def make_snapshot(built, text):
    """What a published revision freezes: the figures, the prose (`text`: overview, problems,
    other_matters) and the check results with any override."""
    return {
        "format": SNAPSHOT_FORMAT,
        "data": built.data.to_json(),
        "text": dict(text),
        "checks": [
            {
                "key": r.key,
                "passed": r.passed,
                "explanation": r.explanation,
                "override": r.override.reason if r.override else "",
            }
            for r in built.results
        ],
    }


def data_from_snapshot(snapshot):
    return t.ReportData.from_json(snapshot["data"])
