"""Importing items from XLSX in the admin: upload, preview the problems or the new items, confirm.

Import publishes directly (the rows were published on the old platform), so it is for
审核人 (perm `catalog.publish_item`) and only for the agencies they work for.
"""

import base64
import hashlib
import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from organisation.access import staff_agencies
from spreadsheets.xlsx import SheetError, UploadForm, xlsx_response

from .. import item_import

# The uploaded file waits in the session between preview and confirmation.
SESSION_KEY = "catalog:item-import"
PREVIEW_ROWS = 300


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

    def _check_can_import(self, request):
        if not self.can_import(request):
            raise PermissionDenied

    def _render_import(self, request, template, context):
        return TemplateResponse(
            request,
            f"admin/catalog/item/{template}",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": "从Excel导入政府信息",
                "preview_rows": PREVIEW_ROWS,
                "columns": item_import.COLUMN_NOTES,
                **context,
            },
        )

    def import_view(self, request):
        self._check_can_import(request)
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            content = upload.read()
            try:
                plan = item_import.plan_import(io.BytesIO(content), staff_agencies(request))
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
                return self._render_import(
                    request,
                    "import_preview.html",
                    {"plan": plan, "file_name": upload.name, "digest": digest},
                )
        return self._render_import(request, "import_form.html", {"form": form})

    def import_confirm_view(self, request):
        """Import the previewed file, checked again against the data as it is now."""
        self._check_can_import(request)
        if request.method != "POST":
            return redirect("admin:catalog_item_import")
        pending = request.session.get(SESSION_KEY)
        if not pending or pending["digest"] != request.POST.get("digest"):
            messages.error(
                request, "预览已失效（可能已在其他窗口导入或重新上传），请重新上传文件。"
            )
            return redirect("admin:catalog_item_import")
        content = io.BytesIO(base64.b64decode(pending["content"]))
        try:
            plan = item_import.import_items(content, staff_agencies(request), user=request.user)
        except SheetError as error:
            messages.error(request, str(error))
            return redirect("admin:catalog_item_import")
        if not plan.ok:
            return self._render_import(
                request,
                "import_preview.html",
                {"plan": plan, "file_name": pending["name"], "digest": pending["digest"]},
            )
        del request.session[SESSION_KEY]
        messages.success(
            request,
            f"已导入「{pending['name']}」：新增 {len(plan.new)} 条，已存在跳过 {len(plan.existing)} 条。",
        )
        return redirect(reverse("admin:catalog_item_changelist"))

    def import_template_view(self, request):
        self._check_can_import(request)
        return xlsx_response(item_import.template_workbook(), "政府信息导入模板.xlsx")
