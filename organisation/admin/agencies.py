import base64
import hashlib
import io

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from mptt.admin import DraggableMPTTAdmin

from spreadsheets.xlsx import SheetError, UploadForm, write_table, xlsx_response

from .. import agency_import
from ..access import is_system_admin, staff_agencies
from ..models import Agency

SYSTEM_FIELDS = ("name", "credit_code", "kind", "parent", "staff")
# The uploaded file waits in the session between preview and confirmation, so that a
# confirmation reaches the same bytes on whichever server process answers it.
SESSION_KEY = "organisation:agency-import"
PREVIEW_ROWS = 500


@admin.register(Agency)
class AgencyAdmin(DraggableMPTTAdmin):
    list_display = ("tree_actions", "indented_title", "credit_code", "kind", "phone")
    list_display_links = ("indented_title",)
    list_filter = ("kind",)
    search_fields = ("name", "credit_code")
    filter_horizontal = ("staff",)
    fieldsets = (
        (None, {"fields": ("name", "credit_code", "kind", "parent")}),
        (
            "政府信息公开工作机构联系方式",
            {"fields": ("address", "office_hours", "phone", "fax", "email", "postcode")},
        ),
        ("工作人员", {"fields": ("staff",)}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).filter(pk__in=staff_agencies(request))

    def _is_system_admin(self, request):
        return is_system_admin(request.user)

    def get_readonly_fields(self, request, obj=None):
        # Only a 系统管理员 reshapes the tree or assigns staff; an office keeps its contact data current.
        return () if self._is_system_admin(request) else SYSTEM_FIELDS

    def has_add_permission(self, request):
        return self._is_system_admin(request) and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return self._is_system_admin(request) and super().has_delete_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":
            kwargs["queryset"] = staff_agencies(request).order_by("tree_id", "lft")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_import": self._is_system_admin(request)}
        return super().changelist_view(request, extra_context)

    # The agency list as XLSX (docs/spreadsheets.md §1): upload, preview, confirm.

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("import/", view(self.import_view), name="organisation_agency_import"),
            path("import/confirm/", view(self.import_confirm_view), name="organisation_agency_import_confirm"),
            path("import/template.xlsx", view(self.import_template_view), name="organisation_agency_import_template"),
            path("export.xlsx", view(self.export_view), name="organisation_agency_export"),
            *super().get_urls(),
        ]  # fmt: skip

    def _check_system_admin(self, request):
        if not self._is_system_admin(request):
            raise PermissionDenied

    def _render(self, request, template, context):
        return TemplateResponse(
            request,
            f"admin/organisation/agency/{template}",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": "导入机关名录",
                "preview_rows": PREVIEW_ROWS,
                **context,
            },
        )

    def import_view(self, request):
        """Upload a file: show its problems, or the changes it would make and a confirm button."""
        self._check_system_admin(request)
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            content = upload.read()
            try:
                plan = agency_import.plan_import(io.BytesIO(content))
            except SheetError as error:
                form.add_error("file", str(error))
            else:
                digest = hashlib.sha256(content).hexdigest()
                request.session.pop(SESSION_KEY, None)
                if plan.ok and plan.changes_anything:
                    request.session[SESSION_KEY] = {
                        "name": upload.name,
                        "digest": digest,
                        "content": base64.b64encode(content).decode(),
                    }
                return self._render(
                    request,
                    "import_preview.html",
                    {"plan": plan, "file_name": upload.name, "digest": digest},
                )
        return self._render(request, "import_form.html", {"form": form})

    def import_confirm_view(self, request):
        """Import the previewed file, checking it again against the data as it is now."""
        self._check_system_admin(request)
        if request.method != "POST":
            return redirect("admin:organisation_agency_import")
        pending = request.session.get(SESSION_KEY)
        if not pending or pending["digest"] != request.POST.get("digest"):
            messages.error(
                request, "预览已失效（可能已在其他窗口导入或重新上传），请重新上传文件。"
            )
            return redirect("admin:organisation_agency_import")
        try:
            plan = agency_import.import_agencies(io.BytesIO(base64.b64decode(pending["content"])))
        except SheetError as error:
            messages.error(request, str(error))
            return redirect("admin:organisation_agency_import")
        if not plan.ok:
            # The database changed since the preview (e.g. someone added an agency of the same name).
            return self._render(
                request,
                "import_preview.html",
                {"plan": plan, "file_name": pending["name"], "digest": pending["digest"]},
            )
        del request.session[SESSION_KEY]
        messages.success(
            request,
            f"已导入「{pending['name']}」：新增 {len(plan.new)} 个机关，更新 {len(plan.updated)} 个，"
            f"未变 {len(plan.unchanged)} 个。",
        )
        return redirect(reverse("admin:organisation_agency_changelist"))

    def import_template_view(self, request):
        self._check_system_admin(request)
        return xlsx_response(agency_import.template_workbook(), "机关名录导入模板.xlsx")

    def export_view(self, request):
        """The current agency list in the import's columns: edit it in Excel and import it back."""
        self._check_system_admin(request)
        rows = agency_import.export_rows(Agency.objects.all())
        return xlsx_response(
            write_table(agency_import.COLUMNS, rows, title="机关名录"), "机关名录.xlsx"
        )
