"""Staff editing of catalog items: drafting, review, publication, correction, withdrawal.

The admin only collects input and shows state; every status change is a method of
`Item` (catalog/workflow.py), which checks who may do it. Which steps a user sees
as buttons comes from `Item.allowed_actions`, the same rule the methods enforce.

Beside this module: the forms (item_forms.py), the attachment and log inlines
(item_inlines.py), the step views and bulk actions (item_workflow_views.py), the
XLSX import (item_import_views.py), the privacy screen (item_screening_views.py), the version history (item_versions.py) and the
list filters (item_filters.py).
"""

import reversion
from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from mptt.admin import TreeRelatedFieldListFilter
from mptt.forms import TreeNodeChoiceField
from reversion.admin import VersionAdmin

from organisation.access import AgencyScopedAdmin, has_oversight, staff_agencies

from .. import timeliness
from ..models import Directory, Item
from ..workflow import WorkflowError
from .item_filters import PublicationYearFilter, ScopedAgencyFilter, StatusFilter, TimelinessFilter
from .item_forms import ItemForm
from .item_import_views import ItemImportViews
from .item_inlines import AttachmentInline, ItemEventInline
from .item_preview import ItemPreviewViews
from .item_screening_views import ItemScreeningViews, panel
from .item_versions import VersionViews
from .item_workflow_views import STEPS, ItemWorkflowViews


@admin.register(Item)
class ItemAdmin(
    ItemImportViews,
    ItemWorkflowViews,
    ItemPreviewViews,
    ItemScreeningViews,
    VersionViews,
    AgencyScopedAdmin,
    VersionAdmin,
):
    form = ItemForm
    change_form_template = "admin/catalog/item/change_form.html"
    change_list_template = "admin/catalog/item/change_list.html"
    list_display = (
        "title",
        "status",
        "index_number",
        "agency",
        "directory",
        "written_on",
        "published_on",
        "timeliness",
    )
    list_select_related = ("agency", "directory")
    list_filter = (
        StatusFilter,
        ("agency", ScopedAgencyFilter),
        ("directory", TreeRelatedFieldListFilter),
        TimelinessFilter,
        PublicationYearFilter,
        "genre",
        "validity",
        "mode",
    )
    search_fields = ("title", "document_number", "=index_number")
    show_full_result_count = False
    list_per_page = 50
    ordering = ("-updated_at", "-id")
    autocomplete_fields = ("interprets", "extra_directories")
    inlines = (AttachmentInline, ItemEventInline)
    actions = ("submit_selected", "publish_selected")
    readonly_fields = (
        "status",
        "index_number",
        "published_at",
        "corrected_at",
        "withdrawn_at",
        "timeliness",
        "review_comment",
        "withdrawal_reason",
    )
    fieldsets = (
        (None, {"fields": ("title", "agency", "directory", "extra_directories")}),
        (
            "文件属性",
            {
                "fields": (
                    "document_number",
                    "written_on",
                    "genre",
                    "subject",
                    "keywords",
                    ("validity", "effective_on", "invalid_on"),
                )
            },
        ),
        ("内容", {"fields": ("summary", "body")}),
        ("公开方式与渠道", {"fields": ("mode", "mode_reason", "channels", "interprets")}),
        (
            "状态",
            {
                "fields": (
                    "status",
                    "index_number",
                    ("published_at", "corrected_at", "withdrawn_at"),
                    "timeliness",
                    "review_comment",
                    "withdrawal_reason",
                )
            },
        ),
    )

    def view_on_site(self, obj):
        # Drafts and pending items have no public page yet.
        return obj.get_absolute_url() if obj.is_public else None

    # -- list columns ------------------------------------------------------------

    @admin.display(description="发布日期", ordering="published_at")
    def published_on(self, item):
        return item.published_at.date() if item.published_at else "—"

    @admin.display(description="发布时效", ordering="days_late")
    def timeliness(self, item):
        return timeliness.describe(item.days_late, timeliness.limit_for(item.directory_id))

    # -- permissions: the workflow decides what can be edited ---------------------

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is None:
            return True
        Status = Item.Status
        if obj.status in (Status.DRAFT, Status.RETURNED):
            return obj.user_can_edit(request.user)
        if obj.status in (Status.PENDING, Status.PUBLISHED):
            # Pending items are the reviewer's now; a published one changes only by correction.
            return obj.user_can_review(request.user)
        return False  # withdrawn: kept as it was

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or (not obj.is_locked_for_deletion() and obj.user_can_edit(request.user))

    def has_publish_permission(self, request):
        return request.user.has_perm("catalog.publish_item")

    def delete_queryset(self, request, queryset):
        # Belt and braces behind has_delete_permission: never bulk-delete a published item.
        for item in queryset:
            item.delete()

    # -- form --------------------------------------------------------------------

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self._is_interprets_autocomplete(request):
            # A 解读 may explain another agency's published policy.
            queryset = Item.objects.public_or_of(staff_agencies(request)).order_by(
                *self.get_ordering(request)
            )
        return queryset

    def _is_interprets_autocomplete(self, request):
        match = request.resolver_match
        return (
            match is not None
            and match.url_name == "autocomplete"
            and request.GET.get("field_name") == "interprets"
        )

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.index_number:
            fields.append("agency")  # the 索引号 carries the agency's code
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None and obj.is_published:
            fields = ("correction_note", "changed_on", "secrecy_conclusion", "secrecy_basis")
            fieldsets.insert(0, ("更正", {"fields": fields}))
        return fieldsets

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})  # who corrects (保密审查)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if "agency" not in initial:
            own = request.user.agencies.order_by("tree_id", "lft").first()
            if own is not None:
                initial["agency"] = own.pk
        return initial

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "directory":
            return TreeNodeChoiceField(
                queryset=Directory.objects.all(), label="目录", level_indicator="—"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "channels":
            kwargs["widget"] = forms.CheckboxSelectMultiple
        if db_field.name == "interprets":
            kwargs["queryset"] = Item.objects.public_or_of(staff_agencies(request))
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        if change and obj.is_published:
            try:
                obj.correct(
                    request.user, form.cleaned_data.get("correction_note"), review=form.secrecy
                )
            except WorkflowError as error:
                raise PermissionDenied(str(error)) from error
            obj._revision_note = "更正：" + form.cleaned_data["correction_note"].strip()
        else:
            super().save_model(request, obj, form, change)

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        note = getattr(obj, "_revision_note", None)
        if note:
            reversion.set_comment(note)
        return entry

    def response_add(self, request, obj, post_url_continue=None):
        if "_submit_for_review" in request.POST:
            return self._run_step(request, obj, "submit")
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if "_submit_for_review" in request.POST:
            return self._run_step(request, obj, "submit")
        return super().response_change(request, obj)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            allowed = obj.allowed_actions(request.user)
            context["workflow_steps"] = [
                (step, STEPS[step][0], STEPS[step][1]) for step in STEPS if step in allowed
            ]
            context["can_submit_on_save"] = "submit" in allowed
            context["can_preview"] = self.may_preview(request.user, obj)
            context["privacy"] = panel(obj, request.user)
            context["secrecy_review"] = obj.secrecy_review() if obj.is_pending else None
        else:
            context["can_submit_on_save"] = request.user.has_perm("catalog.add_item")
        return super().render_change_form(request, context, add, change, form_url, obj)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_import": self.can_import(request),
            "can_screen": has_oversight(request.user),
        }
        return super().changelist_view(request, extra_context)

    # -- urls: the import and workflow views come from their mixins ---------------

    def get_urls(self):
        urls = self.import_urls() + self.workflow_urls() + self.preview_urls()
        return urls + self.screening_urls() + super().get_urls()
