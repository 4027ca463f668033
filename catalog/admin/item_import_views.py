"""Importing items from XLSX in the admin: upload, preview the problems or the new items, confirm.

Import publishes directly (the rows were published on the old platform), so it is for
审核人 (perm `catalog.publish_item`) and only for the agencies they work for.
"""

from django.core.exceptions import PermissionDenied
from django.urls import path

from organisation.access import staff_agencies
from spreadsheets.imports import AdminImport
from spreadsheets.xlsx import xlsx_response

from .. import item_import


class ItemImport(AdminImport):
    """Items the old platform published, into the agencies the user works for."""

    session_key = "catalog:item-import"
    upload_url = "admin:catalog_item_import"
    done_url = "admin:catalog_item_changelist"
    form_template = "admin/catalog/item/import_form.html"
    preview_template = "admin/catalog/item/import_preview.html"
    title = "从Excel导入政府信息"
    extra_context = {"preview_rows": 300, "columns": item_import.COLUMN_NOTES}

    def check_permission(self, request):
        if not self.model_admin.can_import(request):
            raise PermissionDenied

    def plan(self, request, file):
        return item_import.plan_import(file, staff_agencies(request))

    def apply(self, request, file):
        return item_import.import_items(file, staff_agencies(request), user=request.user)

    def success_message(self, plan, file_name):
        return (
            f"已导入「{file_name}」：新增 {len(plan.new)} 条，已存在跳过 {len(plan.existing)} 条。"
        )


class ItemImportViews:
    """Mixed into ItemAdmin."""

    def import_urls(self):
        view = self.admin_site.admin_view
        return [
            path("import/", view(self.import_view), name="catalog_item_import"),
            path("import/confirm/", view(self.import_confirm_view), name="catalog_item_import_confirm"),
            path("import/template.xlsx", view(self.import_template_view), name="catalog_item_import_template"),
        ]  # fmt: skip

    def can_import(self, request):
        return request.user.has_perm("catalog.publish_item") and staff_agencies(request).exists()

    def import_view(self, request):
        return ItemImport(self).upload(request)

    def import_confirm_view(self, request):
        return ItemImport(self).confirm(request)

    def import_template_view(self, request):
        ItemImport(self).check_permission(request)
        return xlsx_response(item_import.template_workbook(), "政府信息导入模板.xlsx")
