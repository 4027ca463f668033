"""Annual reports in the staff workbench, under /staff/reports/.

Who sees what: the agencies of `Agency.objects.for_staff(user)`, nothing else (404). Who may
open the pages: the roles with `reports.view_annualreport` (公开办, 负责人, 系统管理员); who may
edit figures and prose and accept a failing check: `reports.change_annualreport` (the same
roles, see organisation/roles.py). Only a user who oversees subordinates (公开办, 系统管理员) sees the
sums over an agency's subtree, since the subtree holds agencies others may not see.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from organisation.access import has_oversight, staff_agencies, staff_view
from spreadsheets.xlsx import xlsx_response

from . import drafts
from .build import build_report, entered_in_subtree, get_report
from .forms import OverrideForm, ReportForm, YearForm, report_years
from .layout import SECTION_TITLES
from .models import AnnualReport
from .workbook import filename, report_workbook

PAGE_SIZE = 50
VIEW, CHANGE = "reports.view_annualreport", "reports.change_annualreport"


def agency_and_year(request, pk, year, subordinates):
    """The agency and year of a staff report URL, or 404: an agency the user may not see, a
    year without reports, or a subtree sum the user may not see (also used by publish_views)."""
    agency = get_object_or_404(staff_agencies(request), pk=pk)
    if year not in report_years():
        raise Http404("没有这个年度的报告")
    if subordinates and not (has_oversight(request.user) and not agency.is_leaf_node()):
        raise Http404("不能查看该机关及其下级机关的合计")
    return agency, year


def report_url(agency, year, subordinates, suffix=""):
    name = "reports:detail_all" if subordinates else "reports:detail"
    return reverse(name, args=[agency.pk, year]) + suffix


@staff_view(VIEW)
def report_list(request):
    form = YearForm(request.GET or None)
    if request.GET and not form.is_valid():
        return render(request, "reports/list.html", {"form": form}, status=400)
    year = form.chosen_year()
    agencies = staff_agencies(request).order_by("tree_id", "lft")
    page = Paginator(agencies, PAGE_SIZE).get_page(request.GET.get("page"))
    stored = {
        (row["agency"], row["with_subordinates"]): row
        for row in AnnualReport.objects.filter(agency__in=list(page.object_list), year=year)
        .values("agency", "with_subordinates", "updated_at")
        .annotate(revision_count=Count("revisions"), published=Max("revisions__published_at"))
    }
    rows = [
        (agency, stored.get((agency.pk, False)), stored.get((agency.pk, True)))
        for agency in page.object_list
    ]
    return render(
        request,
        "reports/list.html",
        {
            "form": form,
            "year": year,
            # `query` would be the site search's term: the pager's own name, as the worklist's.
            "page_query": urlencode({"year": year}),
            "page": page,
            "rows": rows,
            "sums": has_oversight(request.user),
        },
    )


def _text(report, form=None):
    """The prose the preview shows: what the form holds, else what is stored."""
    if form is not None and form.is_bound:
        data = form.data
        return {k: data.get(k, "") for k in ("overview", "problems", "other_matters")}
    return {
        "overview": report.overview,
        "problems": report.problems,
        "other_matters": report.other_matters,
    }


def render_detail(request, agency, year, subordinates, form=None, override_form=None, status=200):
    """The staff report page, with the bound form that failed (if any) and its status code
    (also used by publish_views)."""
    report = get_report(agency, year, subordinates)
    built = build_report(agency, year, subordinates, report=report)
    can_edit = request.user.has_perm(CHANGE)
    # Drafts read a year of the catalog (about a second for a whole province): only when the
    # text is still empty, or when asked for.
    wants_draft = can_edit and (
        "draft" in request.GET or not (report.overview and report.other_matters)
    )
    draft = {}
    if wants_draft:
        draft = {
            "overview": drafts.overview(built.scope, built.data),
            "other_matters": drafts.other_matters(built.scope),
        }
    if can_edit and form is None:
        initial = {k: getattr(report, k) or draft.get(k, "") for k in ("overview", "other_matters")}
        form = ReportForm(instance=report, initial=initial)
    context = {
        "agency": agency,
        "year": year,
        "subordinates": subordinates,
        "report": report,
        "built": built,
        "tables": built.tables,
        "titles": SECTION_TITLES,
        "text": _text(report, form),
        "draft": draft,
        "form": form if can_edit else None,
        "subtree_entered": entered_in_subtree(built.scope) if subordinates and can_edit else None,
        "override_form": override_form or (OverrideForm() if can_edit else None),
        "can_sum": has_oversight(request.user) and not agency.is_leaf_node(),
        "years": report_years(),
        "revision": report.latest_revision(),
        "own_url": report_url(agency, year, False),
        "all_url": report_url(agency, year, True),
        "here": report_url(agency, year, subordinates),
    }
    return render(request, "reports/detail.html", context, status=status)


@staff_view(VIEW)
def report_detail(request, pk, year, subordinates=False):
    agency, year = agency_and_year(request, pk, year, subordinates)
    if request.method != "POST":
        return render_detail(request, agency, year, subordinates)
    if not request.user.has_perm(CHANGE):
        return render_detail(request, agency, year, subordinates, status=403)
    form = ReportForm(request.POST, instance=get_report(agency, year, subordinates))
    if not form.is_valid():
        return render_detail(request, agency, year, subordinates, form=form, status=400)
    AnnualReport.save_edits(
        agency=agency,
        year=year,
        with_subordinates=subordinates,
        user=request.user,
        **{name: form.cleaned_data[name] for name in AnnualReport.EDITABLE},
    )
    messages.success(request, "已保存。")
    return redirect(report_url(agency, year, subordinates))


@require_POST
@staff_view(CHANGE)
def override_check(request, pk, year, subordinates=False):
    agency, year = agency_and_year(request, pk, year, subordinates)
    report = get_report(agency, year, subordinates)
    built = build_report(agency, year, subordinates, report=report)
    form = OverrideForm(request.POST, results=built.results)
    if not form.is_valid():
        return render_detail(request, agency, year, subordinates, override_form=form, status=400)
    report.accept_failure(request.user, form.cleaned_data["key"], form.cleaned_data["reason"])
    messages.success(request, "已记录：该项校验未通过，但已确认并说明理由。")
    return redirect(report_url(agency, year, subordinates))


@staff_view(VIEW)
def report_xlsx(request, pk, year, subordinates=False):
    agency, year = agency_and_year(request, pk, year, subordinates)
    built = build_report(agency, year, subordinates)
    return xlsx_response(report_workbook(built), filename(built))
