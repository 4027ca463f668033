"""/statistics/: how each agency answers requests and publishes on time (opendata/statistics.py).

Anonymous pages, cached per public version like the catalog's (catalog/caching.py); request
figures are therefore at most the cache timeout (10 minutes) behind. The CSV holds the same
figures as the page.
"""

import csv
import io

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header, urlencode

from catalog import navigation
from catalog.caching import public_page
from catalog.filters import FIRST_YEAR
from reports import tables as t
from reports.layout import CASE_COLUMN_LABELS, CASE_KIND_LABELS
from spreadsheets.xlsx import cell_value

from . import statistics


class StatisticsForm(forms.Form):
    year = forms.IntegerField(required=False, error_messages={"invalid": "年份应为四位数字"})
    scope = forms.ChoiceField(
        required=False,
        choices=[("all", "含下级机关"), ("self", "本机关")],
        error_messages={"invalid_choice": "范围应为 all（含下级机关）或 self（本机关）"},
    )

    def clean_year(self):
        year = self.cleaned_data["year"] or timezone.localdate().year
        if not FIRST_YEAR <= year <= timezone.localdate().year:
            raise forms.ValidationError(f"年份应在 {FIRST_YEAR} 年到今年之间")
        return year


def _agency(code):
    agency = navigation.public_agency(code)
    if agency is None:
        raise Http404("没有找到该机关")
    return agency


def _has_subordinates(agency):
    return agency.rght - agency.lft > 1


def _options(request, agency):
    form = StatisticsForm(request.GET)
    if not form.is_valid():
        return None, form
    subtree = _has_subordinates(agency) and form.cleaned_data["scope"] != "self"
    return (form.cleaned_data["year"], subtree), form


def index(request):
    """/statistics/: the portal's top agency with everything under it."""
    top = next(iter(navigation.public_agencies().values()), None)
    if top is None:
        raise Http404("还没有机关")
    return redirect("opendata:statistics_agency", code=top.credit_code)


def page_url(agency, year, subtree, name="opendata:statistics_agency"):
    query = {"year": year, "scope": "all" if subtree else "self"}
    return reverse(name, args=[agency.credit_code]) + "?" + urlencode(query)


@public_page
def agency_statistics(request, code):
    agency = _agency(code)
    options, form = _options(request, agency)
    breadcrumbs = [(agency.name, agency.get_absolute_url()), ("公开统计", None)]
    if options is None:
        context = {"agency": agency, "form": form, "breadcrumbs": breadcrumbs}
        return render(request, "opendata/statistics.html", context, status=400)
    year, subtree = options
    stats = statistics.compute(agency, year, subtree)
    this_year = timezone.localdate().year
    context = {
        "agency": agency,
        "form": form,
        "stats": stats,
        "year": year,
        "subtree": subtree,
        "has_subordinates": _has_subordinates(agency),
        "charts": statistics.chart_set(stats),
        "case_columns": [CASE_COLUMN_LABELS[column] for column in t.CASE_COLUMNS],
        "cases": [
            (CASE_KIND_LABELS.get(kind, kind), [counts[c] for c in t.CASE_COLUMNS])
            for kind, counts in stats.cases.items()
        ],
        "directories": [
            (name, total, good, round(good * 100 / total, 1) if total else 0)
            for name, total, good in stats.directories
        ],
        "subordinates": [
            (child, page_url(child, year, True), *figures)
            for child, *figures in statistics.by_subordinate(agency, year)
        ]
        if subtree
        else [],
        "years": [
            (each, page_url(agency, each, subtree)) for each in range(this_year, this_year - 6, -1)
        ],
        "scope_urls": {"all": page_url(agency, year, True), "self": page_url(agency, year, False)},
        "csv_url": page_url(agency, year, subtree, "opendata:statistics_csv"),
        "reports_url": reverse("reports:public_agency", args=[agency.credit_code]),
        "api_url": reverse("opendata:docs"),
        "breadcrumbs": breadcrumbs,
    }
    return render(request, "opendata/statistics.html", context)


def agency_statistics_csv(request, code):
    agency = _agency(code)
    options, form = _options(request, agency)
    if options is None:
        message = "；".join(str(error) for errors in form.errors.values() for error in errors)
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    year, subtree = options
    stats = statistics.compute(agency, year, subtree)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["机关", "范围", "年份", "表", "项目", "数值"])
    scope = "含下级机关" if subtree else "本机关"
    for table, label, value in statistics.csv_rows(stats):
        writer.writerow([cell_value(v) for v in (agency.name, scope, year, table, label, value)])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    name = f"{agency.name}{year}年公开统计（{scope}）.csv"
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response
