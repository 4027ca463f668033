"""The ledger in the staff workbench (docs/spreadsheets.md §2–§3): upload an XLSX file, preview
its problems or its changes, confirm; and download an agency's ledger. The same domain functions
as the import_requests / import_cases / export_requests commands, limited to the user's agencies."""

from django import forms
from django.shortcuts import render
from django.views.decorators.http import require_POST

from organisation.access import staff_agencies
from organisation.models import Agency
from spreadsheets.imports import SpreadsheetImport
from spreadsheets.xlsx import xlsx_response

from .case_import import import_cases, plan_cases
from .ledger import export_workbook, import_ledger, plan_ledger
from .models import Case, Request
from .views import staff_view

PREVIEW_ROWS = 500


class StaffImport(SpreadsheetImport):
    """An import page of the staff workbench, limited to the user's agencies."""

    kind = ""  # which columns the shared templates describe and preview
    title = ""
    confirm_url = ""
    form_template = "requests_app/ledger_import.html"
    preview_template = "requests_app/ledger_preview.html"

    def allowed(self, request):
        return set(staff_agencies(request).values_list("pk", flat=True))

    def preview_rows(self, plan):
        """(row number or None, 新建/更新, values, changes) for each row the import would write;
        the changes of an update are (column, stored value, value in the file)."""
        raise NotImplementedError

    def render(self, request, template, context, ok):
        config = {"title": self.title, "url": self.upload_url, "confirm_url": self.confirm_url}
        return super().render(
            request, template, {"kind": self.kind, "config": config, **context}, ok
        )

    def preview_context(self, request, plan):
        if not plan.ok:
            return {}
        writes = self.preview_rows(plan)
        ids = {values["agency_id"] for _number, _change, values, _changes in writes}
        names = dict(Agency.objects.filter(pk__in=ids).values_list("pk", "name"))
        return {
            "rows": [
                (number, change, values, names.get(values["agency_id"], ""), changes)
                for number, change, values, changes in writes[:PREVIEW_ROWS]
            ],
            "more": len(writes) > PREVIEW_ROWS,
            "preview_rows": PREVIEW_ROWS,
        }

    def success_message(self, plan, file_name):
        return (
            f"已导入「{file_name}」：新建 {plan.created} 件，更新 {plan.updated} 件，"
            f"{plan.unchanged} 件无变化。"
        )


def _change(obj):
    return "新建" if obj is None else "更新"


class LedgerImport(StaffImport):
    kind = "ledger"
    title = "导入依申请公开台账"
    session_key = "requests_app:ledger-import"
    upload_url = "requests_app:ledger_import"
    confirm_url = "requests_app:ledger_import_confirm"
    done_url = "requests_app:worklist"

    def plan(self, request, file):
        return plan_ledger(file, self.allowed(request))

    def apply(self, request, file):
        return import_ledger(file, user=request.user, allowed=self.allowed(request))

    def preview_rows(self, plan):
        return [
            (number, _change(obj), values, changes) for number, obj, values, changes in plan.rows
        ]


class CaseImport(StaffImport):
    kind = "cases"
    title = "导入行政复议、行政诉讼案件"
    session_key = "requests_app:cases-import"
    upload_url = "requests_app:cases_import"
    confirm_url = "requests_app:cases_import_confirm"
    done_url = "requests_app:cases_import"

    def plan(self, request, file):
        return plan_cases(file, self.allowed(request))

    def apply(self, request, file):
        return import_cases(file, allowed=self.allowed(request))

    def preview_rows(self, plan):
        return [
            (None, _change(obj), {**values, "kind": Case.Kind(values["kind"]).label,
                                  "result": Case.Result(values["result"]).label if values["result"] else ""},
             changes)
            for obj, values, changes in plan.writes
        ]  # fmt: skip


LEDGER_IMPORT = LedgerImport()
CASE_IMPORT = CaseImport()


@staff_view("requests_app.add_request")
def ledger_import(request):
    return LEDGER_IMPORT.upload(request)


@require_POST
@staff_view("requests_app.add_request")
def ledger_import_confirm(request):
    return LEDGER_IMPORT.confirm(request)


@staff_view("requests_app.add_case")
def cases_import(request):
    return CASE_IMPORT.upload(request)


@require_POST
@staff_view("requests_app.add_case")
def cases_import_confirm(request):
    return CASE_IMPORT.confirm(request)


class ExportForm(forms.Form):
    agency = forms.ModelChoiceField(
        label="受理机关", queryset=None, empty_label=None,
        error_messages={"invalid_choice": "请选择您负责的机关。", "required": "请选择机关。"},
    )  # fmt: skip
    year = forms.IntegerField(
        label="年度（收到日期）", required=False, min_value=2008, max_value=2100,
        help_text="留空则导出全部年度。",
        error_messages={"invalid": "请填写四位数年份，如 2025。"},
    )  # fmt: skip

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies.order_by("tree_id", "lft")


@staff_view("requests_app.view_request")
def ledger_export(request):
    """The chosen agency's ledger as XLSX, with 答复期限 and 办理状态 (as export_requests)."""
    form = ExportForm(request.GET or None, agencies=staff_agencies(request))
    if request.GET and form.is_valid():
        agency, year = form.cleaned_data["agency"], form.cleaned_data["year"]
        requests = (
            Request.objects.for_staff(request.user)
            .filter(agency=agency)
            .with_clock()
            .order_by("received_on", "id")
        )
        if year:
            requests = requests.filter(received_on__year=year)
        suffix = f"-{year}年" if year else ""
        return xlsx_response(
            export_workbook(requests), f"依申请公开台账-{agency.name}{suffix}.xlsx"
        )
    return render(
        request,
        "requests_app/ledger_export.html",
        {"form": form},
        status=400 if form.errors else 200,
    )
