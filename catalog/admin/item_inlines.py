"""What the item admin page shows below the item: its attachments and its log."""

from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile
from django.forms.models import BaseInlineFormSet

from ..models import Attachment, Item, ItemEvent
from ..screening import upload_problem


class AttachmentFormSet(BaseInlineFormSet):
    """A file added to a published item is public at once: it is screened on upload.

    Before publication the screen runs at 审核 (catalog/screening.py); a 更正 saves the item
    before its attachments, so a new file of a published item is checked here instead.
    """

    def clean(self):
        super().clean()
        if not (self.instance.pk and self.instance.is_published):
            return
        for form in self.forms:
            upload = (getattr(form, "cleaned_data", None) or {}).get("file")
            if isinstance(upload, UploadedFile):
                problem = upload_problem(upload)
                if problem:
                    form.add_error("file", problem)


class AttachmentInline(admin.TabularInline):
    model = Attachment
    formset = AttachmentFormSet
    extra = 1
    fields = ("file", "name", "position", "size", "content_type")
    readonly_fields = ("size", "content_type")

    # Attachments are part of the item: whoever may change the item may change them.
    def _item_editable(self, request, obj):
        parent = self.admin_site._registry[Item]
        return parent.has_change_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return self._item_editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._item_editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._item_editable(request, obj)


class ItemEventInline(admin.TabularInline):
    model = ItemEvent
    verbose_name_plural = "办理记录"
    fields = ("at", "action", "user", "note")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("catalog.view_item")
