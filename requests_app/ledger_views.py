"""The ledger in the staff workbench (docs/spreadsheets.md §2–§3): upload an XLSX file, preview
its problems or its changes, confirm; and download an agency's ledger. The same domain functions
as the import_requests / import_cases / export_requests commands, limited to the user's agencies."""

import base64
import hashlib
import io

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from organisation.access import staff_agencies
from organisation.models import Agency
from spreadsheets.xlsx import SheetError, UploadForm, xlsx_response

from .case_import import import_cases, plan_cases
from .ledger import export_workbook, import_ledger, plan_ledger
from .models import Case, Request
from .views import staff_view

PREVIEW_ROWS = 500


def _import_ledger(content, user, allowed):
    return import_ledger(io.BytesIO(content), user=user, allowed=allowed)


def _import_cases(content, user, allowed):
    return import_cases(io.BytesIO(content), allowed=allowed)


# What differs between the two imports; the views below are the same for both.
IMPORTS = {
    "ledger": {
        "title": "导入依申请公开台账",
        "plan": lambda content, allowed: plan_ledger(io.BytesIO(content), allowed),
        "apply": _import_ledger,
        "url": "requests_app:ledger_import",
        "confirm_url": "requests_app:ledger_import_confirm",
        "done_url": "requests_app:worklist",
    },
    "cases": {
        "title": "导入行政复议、行政诉讼案件",
        "plan": lambda content, allowed: plan_cases(io.BytesIO(content), allowed),
        "apply": _import_cases,
        "url": "requests_app:cases_import",
        "confirm_url": "requests_app:cases_import_confirm",
        "done_url": "requests_app:cases_import",
    },
}


def _session_key(kind):
    # The file waits in the session between preview and confirmation, so that the confirmation
    # imports exactly the previewed bytes on whichever server process answers it.
    return f"requests_app:{kind}-import"


def _allowed(request):
    return set(staff_agencies(request).values_list("pk", flat=True))


def _agency_names(plan):
    ids = {values["agency_id"] for values in _changed_values(plan)}
    return dict(Agency.objects.filter(pk__in=ids).values_list("pk", "name"))


def _changed_values(plan):
    if hasattr(plan, "rows"):
        return [values for _number, _obj, values in plan.rows]
    return [values for _obj, values in plan.writes]


def _preview_rows(plan):
    """(row number or None, 新建/更新, values) for what the import would write."""
    if hasattr(plan, "rows"):
        items = [(number, obj, values) for number, obj, values in plan.rows]
    else:
        items = [
            (None, obj, {**values, "kind": Case.Kind(values["kind"]).label,
                         "result": Case.Result(values["result"]).label if values["result"] else ""})
            for obj, values in plan.writes
        ]  # fmt: skip
    return [(number, "新建" if obj is None else "更新", values) for number, obj, values in items]


def _render_preview(request, kind, plan, file_name, digest):
    names = _agency_names(plan) if plan.ok else {}
    rows = [
        (number, change, values, names.get(values["agency_id"], ""))
        for number, change, values in _preview_rows(plan)[:PREVIEW_ROWS]
    ] if plan.ok else []  # fmt: skip
    changes_anything = plan.ok and bool(plan.created or plan.updated)
    return render(
        request,
        "requests_app/ledger_preview.html",
        {
            "kind": kind,
            "config": IMPORTS[kind],
            "plan": plan,
            "rows": rows,
            "more": plan.ok and len(_changed_values(plan)) > PREVIEW_ROWS,
            "preview_rows": PREVIEW_ROWS,
            "file_name": file_name,
            "digest": digest,
            "changes_anything": changes_anything,
        },
        status=200 if plan.ok else 400,
    )


def _upload(request, kind):
    """Upload a file: show its problems, or the changes it would make and a confirm button."""
    config = IMPORTS[kind]
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        try:
            plan = config["plan"](content, _allowed(request))
        except SheetError as error:
            form.add_error("file", str(error))
        else:
            digest = hashlib.sha256(content).hexdigest()
            request.session.pop(_session_key(kind), None)
            if plan.ok and (plan.created or plan.updated):
                request.session[_session_key(kind)] = {
                    "name": upload.name,
                    "digest": digest,
                    "content": base64.b64encode(content).decode(),
                }
            return _render_preview(request, kind, plan, upload.name, digest)
    return render(
        request,
        "requests_app/ledger_import.html",
        {"kind": kind, "config": config, "form": form},
        status=400 if form.errors else 200,
    )


def _confirm(request, kind):
    """Import the previewed file, checking it again against the data as it is now."""
    config = IMPORTS[kind]
    pending = request.session.get(_session_key(kind))
    if not pending or pending["digest"] != request.POST.get("digest"):
        messages.error(request, "预览已失效（可能已在其他窗口导入或重新上传），请重新上传文件。")
        return redirect(config["url"])
    content = base64.b64decode(pending["content"])
    try:
        plan = config["apply"](content, request.user, _allowed(request))
    except SheetError as error:
        messages.error(request, str(error))
        return redirect(config["url"])
    if not plan.ok:
        # The data or the user's agencies changed since the preview.
        return _render_preview(request, kind, plan, pending["name"], pending["digest"])
    del request.session[_session_key(kind)]
    messages.success(
        request,
        f"已导入「{pending['name']}」：新建 {plan.created} 件，更新 {plan.updated} 件，"
        f"{plan.unchanged} 件无变化。",
    )
    return redirect(reverse(config["done_url"]))


@staff_view("requests_app.add_request")
def ledger_import(request):
    return _upload(request, "ledger")


@require_POST
@staff_view("requests_app.add_request")
def ledger_import_confirm(request):
    return _confirm(request, "ledger")


@staff_view("requests_app.add_case")
def cases_import(request):
    return _upload(request, "cases")


@require_POST
@staff_view("requests_app.add_case")
def cases_import_confirm(request):
    return _confirm(request, "cases")


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
