from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.urls import path
from mptt.admin import DraggableMPTTAdmin

from spreadsheets.imports import AdminImport
from spreadsheets.xlsx import write_table, xlsx_response

from .. import agency_import
from ..access import is_system_admin, staff_agencies
from ..admin_lookups import CheckedListLookups
from ..models import Agency

SYSTEM_FIELDS = ("name", "credit_code", "kind", "parent", "staff")


class AgencyImport(AdminImport):
    """The agency list (docs/spreadsheets.md §1), for 系统管理员 only."""

    session_key = "organisation:agency-import"
    upload_url = "admin:organisation_agency_import"
    done_url = "admin:organisation_agency_changelist"
    form_template = "admin/organisation/agency/import_form.html"
    preview_template = "admin/organisation/agency/import_preview.html"
    title = "导入机关名录"
    extra_context = {"preview_rows": 500}

    def check_permission(self, request):
        if not is_system_admin(request.user):
            raise PermissionDenied

    def plan(self, request, file):
        return agency_import.plan_import(file)

    def apply(self, request, file):
        return agency_import.import_agencies(file)

    def success_message(self, plan, file_name):
        return (
            f"已导入「{file_name}」：新增 {len(plan.new)} 个机关，更新 {len(plan.updated)} 个，"
            f"未变 {len(plan.unchanged)} 个。"
        )


@admin.register(Agency)
class AgencyAdmin(CheckedListLookups, DraggableMPTTAdmin):
    list_display = ("tree_actions", "indented_title", "credit_code", "kind", "phone")
    list_display_links = ("indented_title",)
    list_filter = ("kind",)
    search_fields = ("name", "credit_code")
    filter_horizontal = ("staff",)
    fieldsets = (
        (None, {"fields": ("name", "credit_code", "kind", "parent")}),
        (
            "政府信息公开工作机构联系方式",
            {
                "fields": (
                    "office_name",
                    "address",
                    "office_hours",
                    "phone",
                    "fax",
                    "email",
                    "postcode",
                    "reading_room",
                    "lists_on_request_items",
                )
            },
        ),
        (
            "答复书（文号和救济途径）",
            {
                "fields": (
                    "short_name",
                    "letter_number_pattern",
                    "answer_signoff",
                    "vertically_led",
                    "review_body",
                    "court",
                )
            },
        ),
        ("工作人员", {"fields": ("staff",)}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).filter(pk__in=staff_agencies(request))

    def _is_system_admin(self, request):
        return is_system_admin(request.user)

    def get_list_display(self, request):
        # The drag handles: only for who may move agencies.
        display = super().get_list_display(request)
        if self._is_system_admin(request):
            return display
        return tuple(name for name in display if name != "tree_actions")

    def _move_node(self, request):
        """The drag and drop (POST cmd=move_node) reshapes the tree: 系统管理员 only, like the
        parent field. Before, a 公开办 (who may change an agency's contact data) could."""
        self._check_system_admin(request)
        return super()._move_node(request)

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

    def import_view(self, request):
        return AgencyImport(self).upload(request)

    def import_confirm_view(self, request):
        return AgencyImport(self).confirm(request)

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
