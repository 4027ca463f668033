"""The upload → preview → confirm flow that every XLSX import page shares (docs/spreadsheets.md).

1. The upload page reads the file (`UploadForm`, at most 10 MB) and plans the import without
   writing anything: a file that cannot be read at all is an error on the form; otherwise the
   preview lists every problem, or the changes and a confirm button that carries the file's
   sha256 digest.
2. When the plan is clean and would change something, the bytes wait in the session under the
   import's own key. The session, not a temporary file, so that the confirmation reaches the
   very bytes that were previewed on whichever server process answers it.
3. The confirmation is refused ("预览已失效…") unless the session holds a file with the posted
   digest: nothing previewed, another window uploaded a different file, or the file was already
   imported. Otherwise the import plans again against the data as it is now (someone may have
   changed it since the preview) and applies a clean plan; a plan that no longer holds is shown
   as a new preview. After a successful import the session forgets the file.

Each import subclasses `SpreadsheetImport` (or `AdminImport` for a page inside the Django admin)
and says only what differs: how to plan and apply, its templates, its success message, who may
use it and where to go afterwards. A plan needs `ok`, `problems` and `changes_anything`.
The blank workbook each import page offers to download is `blank_template`.
"""

import base64
import hashlib
import io

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from .xlsx import SheetError, UploadForm, write_table

STALE_PREVIEW = "预览已失效（可能已在其他窗口导入或重新上传），请重新上传文件。"


def blank_template(columns, notes, title):
    """An empty sheet `title` with the `columns` as headers, and a sheet 填写说明 explaining each
    column: `notes` are (column, 是否必填, 说明) rows."""
    workbook = write_table(columns, [], title=title)
    sheet = workbook.create_sheet("填写说明")
    sheet.append(["列名", "是否必填", "说明"])
    for row in notes:
        sheet.append(list(row))
    return workbook


class SpreadsheetImport:
    """One import page: `upload(request)` and `confirm(request)` are its two views."""

    session_key = ""  # where the previewed file waits; one key per import
    upload_url = ""  # URL name of the upload page, where a refused confirmation returns
    done_url = ""  # URL name to go to after a successful import
    form_template = ""
    preview_template = ""

    # --- what each import supplies ---------------------------------------------------------

    def check_permission(self, request):
        """Raise PermissionDenied unless the user may import (views may check it themselves)."""

    def plan(self, request, file):
        """Read and check `file` (bytes as a file object) without writing; SheetError if unreadable."""
        raise NotImplementedError

    def apply(self, request, file):
        """Plan `file` again against the data as it is now and apply the plan if it is clean."""
        raise NotImplementedError

    def success_message(self, plan, file_name):
        raise NotImplementedError

    def preview_context(self, request, plan):
        """Extra context for the preview page."""
        return {}

    def render(self, request, template, context, ok):
        """A page of the flow; `ok` is False for a form error or a plan with problems."""
        return TemplateResponse(request, template, context, status=200 if ok else 400)

    # --- the flow ----------------------------------------------------------------------------

    def upload(self, request):
        """Upload a file: show its problems, or the changes it would make and a confirm button."""
        self.check_permission(request)
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            content = upload.read()
            try:
                plan = self.plan(request, io.BytesIO(content))
            except SheetError as error:
                form.add_error("file", str(error))
            else:
                digest = hashlib.sha256(content).hexdigest()
                request.session.pop(self.session_key, None)
                if plan.ok and plan.changes_anything:
                    request.session[self.session_key] = {
                        "name": upload.name,
                        "digest": digest,
                        "content": base64.b64encode(content).decode(),
                    }
                return self._render_preview(request, plan, upload.name, digest)
        return self.render(request, self.form_template, {"form": form}, ok=not form.errors)

    def confirm(self, request):
        """Import the previewed file, checking it again against the data as it is now."""
        self.check_permission(request)
        if request.method != "POST":
            return redirect(self.upload_url)
        pending = request.session.get(self.session_key)
        if not pending or pending["digest"] != request.POST.get("digest"):
            messages.error(request, STALE_PREVIEW)
            return redirect(self.upload_url)
        try:
            plan = self.apply(request, io.BytesIO(base64.b64decode(pending["content"])))
        except SheetError as error:
            messages.error(request, str(error))
            return redirect(self.upload_url)
        if not plan.ok:
            # The data (or the user's agencies) changed since the preview.
            return self._render_preview(request, plan, pending["name"], pending["digest"])
        del request.session[self.session_key]
        messages.success(request, self.success_message(plan, pending["name"]))
        return redirect(self.done_url)

    def _render_preview(self, request, plan, file_name, digest):
        context = {"plan": plan, "file_name": file_name, "digest": digest}
        context.update(self.preview_context(request, plan))
        return self.render(request, self.preview_template, context, ok=plan.ok)


class AdminImport(SpreadsheetImport):
    """An import page inside the Django admin, served by a ModelAdmin's own URLs.

    Its pages carry the admin's context and, as admin forms do, answer 200 even for a rejected
    file; a GET of the confirmation returns to the upload page.
    """

    title = ""
    extra_context = {}  # for every page of this import (read only)

    def __init__(self, model_admin):
        self.model_admin = model_admin

    def render(self, request, template, context, ok):
        return TemplateResponse(
            request,
            template,
            {
                **self.model_admin.admin_site.each_context(request),
                "opts": self.model_admin.model._meta,
                "title": self.title,
                **self.extra_context,
                **context,
            },
        )
