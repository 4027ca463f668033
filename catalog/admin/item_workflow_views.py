"""The workflow steps of the item admin: one URL per step, and the bulk actions.

Every step is a method of `Item` (catalog/workflow.py), which checks who may take it;
these views only collect a reason where one is needed and report the result.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from ..workflow import WorkflowError
from .item_forms import ReasonForm, SecrecyReviewForm

# step -> (button label, needs a written reason, success message)
STEPS = {
    "submit": ("提交审核", False, "已提交审核。"),
    "secrecy": ("保密审查", True, "已记录保密审查。"),
    "publish": ("审核通过并发布", False, "已发布，索引号：{index_number}。"),
    "return": ("退回修改", True, "已退回修改。"),
    "withdraw": ("撤回", True, "已撤回。公开页面保留并注明撤回时间和原因。"),
}


class ItemWorkflowViews:
    """Mixed into ItemAdmin."""

    def workflow_urls(self):
        return [
            path(
                "<path:object_id>/workflow/<str:step>/",
                self.admin_site.admin_view(self.workflow_view),
                name="catalog_item_workflow",
            ),
        ]

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
        if step == "secrecy":
            return self._secrecy_view(request, item, label)
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

    def _secrecy_view(self, request, item, label):
        """保密审查: a form for the conclusion and its basis (条例第十七条)."""
        form = SecrecyReviewForm(request.POST if request.method == "POST" else None)
        if form.is_valid():
            data = form.cleaned_data
            try:
                review = item.review_secrecy(request.user, data["conclusion"], data["basis"])
            except WorkflowError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                message = f"“{item.title}”已记录保密审查：{review.get_conclusion_display()}。"
                self.message_user(request, message, messages.SUCCESS)
            return redirect(self._change_url(item))
        context = {
            **self.admin_site.each_context(request),
            "title": f"{label}：{item.title}",
            "opts": self.opts,
            "original": item,
            "form": form,
            "step_label": label,
            "allowed": "secrecy" in item.allowed_actions(request.user),
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
