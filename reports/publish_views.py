"""The 发布 and 撤回 actions of the staff report page (/staff/reports/<pk>/<year>/publish/).

Thin: the form parses the note, `AnnualReport.publish()` / `.withdraw()` decide (who may, the
checks, the note) and raise a `PublishingError` whose message the page shows. Scoping is the
report page's own (`reports.views.agency_and_year`): another agency's report is a 404.
"""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from organisation.access import staff_view

from . import views
from .build import get_report
from .catalog_entry import public_url
from .publishing import PUBLISH_PERM, PublishingError


class PublishForm(forms.Form):
    note = forms.CharField(
        label="更正说明",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="首次发布不必填写；再次发布即为更正，须说明更正了什么、为什么",
        error_messages={"max_length": "更正说明不能超过500字。"},
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="撤回原因",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "请填写撤回原因。", "max_length": "撤回原因不能超过500字。"},
    )


def _failed(request, agency, year, subordinates, problems):
    for problem in problems:
        messages.error(request, problem)
    return views.render_detail(request, agency, year, subordinates, status=400)


@require_POST
@staff_view(PUBLISH_PERM)
def publish(request, pk, year, subordinates=False):
    agency, year = views.agency_and_year(request, pk, year, subordinates)
    form = PublishForm(request.POST)
    if not form.is_valid():
        return _failed(request, agency, year, subordinates, form.errors["note"])
    report = get_report(agency, year, subordinates)
    try:
        revision = report.publish(request.user, form.cleaned_data["note"])
    except PublishingError as error:
        return _failed(request, agency, year, subordinates, [str(error)])
    messages.success(request, f"已发布第{revision.number}版，公开页面：{public_url(report)}")
    return redirect(views.report_url(agency, year, subordinates))


@require_POST
@staff_view(PUBLISH_PERM)
def withdraw(request, pk, year, subordinates=False):
    agency, year = views.agency_and_year(request, pk, year, subordinates)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        return _failed(request, agency, year, subordinates, form.errors["reason"])
    report = get_report(agency, year, subordinates)
    try:
        report.withdraw(request.user, form.cleaned_data["reason"])
    except PublishingError as error:
        return _failed(request, agency, year, subordinates, [str(error)])
    messages.success(request, "已撤回。公开页面保留，并注明已撤回及原因。")
    return redirect(views.report_url(agency, year, subordinates))
