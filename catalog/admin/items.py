"""Staff editing of catalog items: drafting, review, publication, correction, withdrawal.

The admin only collects input and shows state; every status change is a method of
`Item` (catalog/workflow.py), which checks who may do it. Which steps a user sees
as buttons comes from `Item.allowed_actions`, the same rule the methods enforce.
"""

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from mptt.admin import TreeRelatedFieldListFilter
from mptt.forms import TreeNodeChoiceField
from reversion.admin import VersionAdmin

from .. import timeliness
from ..models import Attachment, Directory, Item, ItemEvent
from ..scoping import AgencyScopedAdmin, staff_agencies
from ..workflow import WorkflowError
from .item_filters import PublicationYearFilter, ScopedAgencyFilter, StatusFilter, TimelinessFilter
from .item_import_views import ItemImportViews
from .item_versions import VersionViews

PUBLIC_STATUSES = (Item.Status.PUBLISHED, Item.Status.WITHDRAWN)

# step -> (button label, needs a written reason, success message)
STEPS = {
    "submit": ("提交审核", False, "已提交审核。"),
    "publish": ("审核通过并发布", False, "已发布，索引号：{index_number}。"),
    "return": ("退回修改", True, "已退回修改。"),
    "withdraw": ("撤回", True, "已撤回。公开页面保留并注明撤回时间和原因。"),
}


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="意见或原因",
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        max_length=2000,
        error_messages={"required": "请填写意见或原因。"},
    )


class ItemForm(forms.ModelForm):
    """The item form; for a published item, saving is a correction and needs a note."""

    correction_note = forms.CharField(
        label="更正说明",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text="已发布的信息修改后作为更正发布，公开页面显示更新时间。",
        max_length=2000,
    )

    class Meta:
        model = Item
        fields = (
            "title",
            "agency",
            "directory",
            "extra_directories",
            "document_number",
            "written_on",
            "genre",
            "subject",
            "keywords",
            "validity",
            "effective_on",
            "invalid_on",
            "summary",
            "body",
            "mode",
            "channels",
            "interprets",
        )

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and self.instance.status == Item.Status.PUBLISHED:
            if not (cleaned.get("correction_note") or "").strip():
                self.add_error("correction_note", "修改已发布的信息须填写更正说明。")
        return cleaned


class AttachmentInline(admin.TabularInline):
    model = Attachment
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


@admin.register(Item)
class ItemAdmin(ItemImportViews, VersionViews, AgencyScopedAdmin, VersionAdmin):
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
        ("公开方式与渠道", {"fields": ("mode", "channels", "interprets")}),
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
        return obj.get_absolute_url() if obj.status in PUBLIC_STATUSES else None

    # -- list columns ------------------------------------------------------------

    @admin.display(description="发布日期", ordering="published_at")
    def published_on(self, item):
        return item.published_at.date() if item.published_at else "—"

    @admin.display(description="发布时效", ordering="workdays_to_publish")
    def timeliness(self, item):
        return timeliness.describe(item.workdays_to_publish)

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
            queryset = Item.objects.filter(
                Q(agency__in=staff_agencies(request)) | Q(status__in=PUBLIC_STATUSES)
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
        if obj is not None and obj.status == Item.Status.PUBLISHED:
            fieldsets.insert(0, ("更正", {"fields": ("correction_note",)}))
        return fieldsets

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
            kwargs["queryset"] = Item.objects.filter(
                Q(agency__in=staff_agencies(request)) | Q(status__in=PUBLIC_STATUSES)
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        if change and obj.status == Item.Status.PUBLISHED:
            try:
                obj.correct(request.user, form.cleaned_data.get("correction_note"))
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
        else:
            context["can_submit_on_save"] = request.user.has_perm("catalog.add_item")
        return super().render_change_form(request, context, add, change, form_url, obj)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_import": self.can_import(request)}
        return super().changelist_view(request, extra_context)

    # -- workflow steps ----------------------------------------------------------

    def get_urls(self):
        return (
            self.import_urls()
            + [
                path(
                    "<path:object_id>/workflow/<str:step>/",
                    self.admin_site.admin_view(self.workflow_view),
                    name="catalog_item_workflow",
                ),
            ]
            + super().get_urls()
        )

    def _change_url(self, item):
        return reverse("admin:catalog_item_change", args=[item.pk])

    def _run_step(self, request, item, step, reason=""):
        calls = {
            "submit": lambda: item.submit(request.user),
            "publish": lambda: item.publish(request.user),
            "return": lambda: item.return_for_revision(request.user, reason),
            "withdraw": lambda: item.withdraw(request.user, reason),
        }
        try:
            calls[step]()
        except WorkflowError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            message = STEPS[step][2].format(index_number=item.index_number)
            self.message_user(request, f"“{item.title}”{message}", messages.SUCCESS)
        return redirect(self._change_url(item))

    def workflow_view(self, request, object_id, step):
        if step not in STEPS:
            raise Http404
        item = self.get_object(request, unquote(object_id))
        if item is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        label, needs_reason, _ = STEPS[step]
        if not needs_reason:
            if request.method != "POST":
                return redirect(self._change_url(item))
            return self._run_step(request, item, step)
        form = ReasonForm(request.POST if request.method == "POST" else None)
        if form.is_valid():
            return self._run_step(request, item, step, form.cleaned_data["reason"])
        context = {
            **self.admin_site.each_context(request),
            "title": f"{label}：{item.title}",
            "opts": self.opts,
            "original": item,
            "form": form,
            "step_label": label,
            "allowed": step in item.allowed_actions(request.user),
        }
        return TemplateResponse(request, "admin/catalog/item/workflow_reason.html", context)

    def _run_bulk(self, request, queryset, step):
        done, problems = 0, []
        for item in queryset.select_related("agency"):
            try:
                item.submit(request.user) if step == "submit" else item.publish(request.user)
            except WorkflowError as error:
                problems.append(f"“{item.title}”：{error}")
            else:
                done += 1
        if done:
            self.message_user(request, f"{STEPS[step][0]}：成功 {done} 条。", messages.SUCCESS)
        for problem in problems:
            self.message_user(request, problem, messages.WARNING)

    @admin.action(description="提交所选信息审核", permissions=["change"])
    def submit_selected(self, request, queryset):
        self._run_bulk(request, queryset, "submit")

    @admin.action(description="审核通过并发布所选信息", permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._run_bulk(request, queryset, "publish")
