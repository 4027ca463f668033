"""Public pages of published annual reports, under /reports/<统一社会信用代码>/.

Everything here reads published revisions only (`ReportRevision`, frozen snapshots): a report
nobody has published does not exist for the public (404), and later edits to requests, items or
the report's draft change nothing here. /<year>/ shows the newest revision, /<year>/r<N>/ an
earlier one (with a note pointing to the newest); /all/ is the report summed over the agency's
subtree. Pages are cached like the catalog's (publishing bumps the public version); the XLSX
downloads are not, since the page cache keeps no Content-Disposition header.
"""

from types import SimpleNamespace

from django.core.paginator import Paginator
from django.db.models import Max
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from catalog.caching import public_page
from organisation.models import Agency
from spreadsheets.xlsx import xlsx_response

from . import charts, layout
from . import tables as t
from .build import BuiltReport, data_from_snapshot
from .catalog_entry import public_url
from .checks import CheckResult
from .models import AnnualReport, ReportRevision
from .workbook import report_workbook


def _revisions(code, year, subordinates):
    """The agency and every published revision of its report for `year`, oldest first (404 if none)."""
    agency = get_object_or_404(Agency, credit_code=code)
    revisions = list(
        ReportRevision.objects.filter(
            report__agency=agency, report__year=year, report__with_subordinates=subordinates
        )
        .select_related("report__agency", "item")
        .order_by("number")
    )
    if not revisions:
        raise Http404("该年度报告尚未发布")
    return agency, revisions


def _chosen(revisions, number):
    if number is None:
        return revisions[-1]
    for revision in revisions:
        if revision.number == number:
            return revision
    raise Http404("没有这个版本")


def frozen_report(agency, revision):
    """A `BuiltReport` of a published revision: its figures and check results as frozen, the
    agency's name as it was then; what the XLSX writer and the page render."""
    data = data_from_snapshot(revision.snapshot)
    as_published = Agency(
        pk=agency.pk, name=data.agency_name, credit_code=data.agency_code, kind=agency.kind
    )
    scope = t.Scope(as_published, data.year, data.with_subordinates)
    results = [
        CheckResult(
            check["key"],
            check["passed"],
            check["explanation"],
            SimpleNamespace(reason=check["override"]) if check["override"] else None,
        )
        for check in revision.snapshot.get("checks", [])
    ]
    return BuiltReport(revision.report, scope, data, layout.tables(data), results)


def heading(data):
    scope = "（含下级机关）" if data.with_subordinates else ""
    return f"{data.agency_name}{data.year}年政府信息公开工作年度报告{scope}"


@public_page
def report_page(request, code, year, subordinates=False, number=None):
    agency, revisions = _revisions(code, year, subordinates)
    revision, latest = _chosen(revisions, number), revisions[-1]
    built = frozen_report(agency, revision)
    item = revision.item
    context = {
        "agency": agency,
        "year": year,
        "heading": heading(built.data),
        "revision": revision,
        "latest": latest,
        "is_latest": revision is latest,
        "revisions": revisions,
        "item": item,
        "withdrawn": revision.is_withdrawn,
        "tables": built.tables,
        "titles": layout.SECTION_TITLES,
        "text": revision.snapshot.get("text", {}),
        "outcome_chart": charts.outcome_mix(built.data.section3),
        "trend_charts": charts.trend_charts(revision.snapshot.get("trend", [])),
        "url": public_url(revision.report, None if revision is latest else revision.number),
        "latest_url": public_url(revision.report),
        "breadcrumbs": [
            (agency.name, agency.get_absolute_url()),
            ("政府信息公开年报", _agency_reports_url(agency)),
            (f"{year}年度报告" + ("（含下级机关）" if subordinates else ""), None),
        ],
    }
    return render(request, "reports/public/report.html", context)


def report_xlsx(request, code, year, subordinates=False, number=None):
    agency, revisions = _revisions(code, year, subordinates)
    revision = _chosen(revisions, number)
    built = frozen_report(agency, revision)
    name = heading(built.data) + (f"（第{revision.number}版）" if number is not None else "")
    return xlsx_response(report_workbook(built), f"{name}.xlsx")


def _agency_reports_url(agency):
    return reverse("reports:public_agency", args=[agency.credit_code])


@public_page
def agency_reports(request, code):
    """政府信息公开年报 of one agency: the newest revision of each published report."""
    agency = get_object_or_404(Agency, credit_code=code)
    newest = {}
    rows = (
        ReportRevision.objects.filter(report__agency=agency)
        .select_related("report__agency", "item")
        .defer("snapshot")
        .order_by("-report__year", "report__with_subordinates", "-number")
    )
    for revision in rows:
        key = (revision.report.year, revision.report.with_subordinates)
        newest.setdefault(key, revision)
    reports = [
        {
            "revision": revision,
            "title": heading_of(revision.report),
            "url": public_url(revision.report),
            "withdrawn": revision.is_withdrawn,
        }
        for revision in newest.values()
    ]
    return render(
        request,
        "reports/public/agency.html",
        {
            "agency": agency,
            "reports": reports,
            "breadcrumbs": [(agency.name, agency.get_absolute_url()), ("政府信息公开年报", None)],
        },
    )


INDEX_PAGE_SIZE = 50


@public_page
def report_index(request):
    """/reports/: every published report, newest year first, then in the agency tree's order."""
    reports = (
        AnnualReport.objects.filter(revisions__isnull=False)
        .annotate(published=Max("revisions__published_at"), number=Max("revisions__number"))
        .select_related("agency")
        .order_by("-year", "agency__tree_id", "agency__lft", "with_subordinates")
    )
    page = Paginator(reports, INDEX_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {
            "report": report,
            "title": heading_of(report),
            "url": public_url(report),
        }
        for report in page.object_list
    ]
    query = lambda number: f"?page={number}"  # noqa: E731
    return render(
        request,
        "reports/public/index.html",
        {
            "rows": rows,
            "page": page,
            "previous_url": query(page.previous_page_number()) if page.has_previous() else None,
            "next_url": query(page.next_page_number()) if page.has_next() else None,
            "breadcrumbs": [("政府信息公开年报", None)],
        },
    )


def heading_of(report):
    scope = "（含下级机关）" if report.with_subordinates else ""
    return f"{report.agency.name}{report.year}年政府信息公开工作年度报告{scope}"
