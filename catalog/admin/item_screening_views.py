"""The privacy screen in the item admin: the panel's two actions and the 公开办's screening page.

The rules are in catalog/screening.py; these views take the click (遮盖 / 确认公开) and report.
"""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from organisation.access import has_oversight, staff_agencies

from .. import screening
from ..models import Item
from ..workflow import WorkflowError

LISTED = 300  # the screening page lists this many items with hits; it counts all of them


class AcceptForm(forms.Form):
    digest = forms.CharField(max_length=64)
    reason = forms.CharField(
        label="可以公开的理由",
        max_length=500,
        widget=forms.TextInput(attrs={"size": 40, "placeholder": "如：本机关办公电话，依法公开"}),
        error_messages={"required": "请填写可以公开的理由。"},
    )


def panel(item, user):
    """The screen's result for the change form, or None where it has no use (withdrawn)."""
    if item is None or item.is_withdrawn:
        return None
    result = screening.screen(item)
    return {
        "result": result,
        "can_accept": item.user_can_review(user),
        "can_mask": bool(result.maskable) and screening._may_mask(item, user),
    }


class ItemScreeningViews:
    """Mixed into ItemAdmin."""

    def screening_urls(self):
        view = self.admin_site.admin_view
        return [
            path("privacy/", view(self.privacy_report_view), name="catalog_item_privacy"),
            path("<path:object_id>/privacy/mask/", view(self.privacy_mask_view), name="catalog_item_privacy_mask"),
            path("<path:object_id>/privacy/accept/", view(self.privacy_accept_view), name="catalog_item_privacy_accept"),
        ]  # fmt: skip

    def _screened_item(self, request, object_id):
        if request.method != "POST":
            return None, HttpResponseNotAllowed(["POST"])
        item = self.get_object(request, unquote(object_id))
        if item is None:
            return None, self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        return item, None

    def _back(self, item):
        return redirect(reverse("admin:catalog_item_change", args=[item.pk]) + "#privacy")

    def privacy_mask_view(self, request, object_id):
        item, response = self._screened_item(request, object_id)
        if response:
            return response
        try:
            count = screening.mask_texts(item, request.user)
        except WorkflowError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            if count:
                self.message_user(request, f"已按规范遮盖 {count} 处个人信息。", messages.SUCCESS)
            else:
                self.message_user(request, "名称、正文等文字中没有需要遮盖的个人信息。")
        return self._back(item)

    def privacy_accept_view(self, request, object_id):
        item, response = self._screened_item(request, object_id)
        if response:
            return response
        form = AcceptForm(request.POST)
        if not form.is_valid():
            errors = "；".join(error for errors in form.errors.values() for error in errors)
            self.message_user(request, errors, messages.ERROR)
            return self._back(item)
        try:
            value = screening.accept(
                item, request.user, form.cleaned_data["digest"], form.cleaned_data["reason"]
            )
        except WorkflowError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(
                request, f"已确认可以公开：{value.kind} {value.masked}。", messages.SUCCESS
            )
        return self._back(item)

    def privacy_report_view(self, request):
        """公开办: every published item of the agencies below it, screened now (point 4)."""
        if not (has_oversight(request.user) and request.user.has_perm("catalog.view_item")):
            raise PermissionDenied
        agencies = staff_agencies(request)
        items = (
            Item.objects.public()
            .filter(agency__in=agencies)
            .select_related("agency")
            .prefetch_related("attachments", "privacy_acceptances")
            .order_by("-published_at", "-id")
        )
        found, screened = [], 0
        contacts = screening.public_contacts()
        for item in items.iterator(chunk_size=500):
            screened += 1
            result = screening.screen(item, contacts)
            if result.blocking:
                found.append((item, result))
        context = {
            **self.admin_site.each_context(request),
            "title": "已发布信息的个人信息筛查",
            "opts": self.opts,
            "found": found[:LISTED],
            "found_count": len(found),
            "screened": screened,
            "agencies": agencies,
        }
        return TemplateResponse(request, "admin/catalog/item/privacy_report.html", context)
