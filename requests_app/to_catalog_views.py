"""The two pages of 依申请公开转主动公开 (条例第四十四条); the rules are in to_catalog.py."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from mptt.forms import TreeNodeChoiceField

from catalog.models import Directory
from organisation.access import OVERSEE_PERM, staff_agencies, staff_view

from . import to_catalog
from .models import Request


class DraftForm(forms.Form):
    title = forms.CharField(label="信息名称", max_length=300)
    directory = TreeNodeChoiceField(
        label="目录", queryset=Directory.objects.all(), level_indicator="—"
    )


class YearForm(forms.Form):
    year = forms.IntegerField(min_value=2008, max_value=2100, required=False)


@staff_view("catalog.add_item")
def draft(request, pk):
    obj = get_object_or_404(Request.objects.for_staff(request.user), pk=pk)
    form = DraftForm(
        request.POST if request.method == "POST" else None,
        initial={"title": obj.description[:300]},
    )
    if form.is_valid():
        try:
            item = to_catalog.draft_item(
                obj, request.user, form.cleaned_data["title"], form.cleaned_data["directory"]
            )
        except to_catalog.CannotDraft as error:
            messages.error(request, str(error))
            return redirect("requests_app:detail", pk=obj.pk)
        messages.success(
            request, "已生成政府信息草稿，请补充后提交审核（保密审查、个人信息筛查后发布）。"
        )
        return redirect(reverse("admin:catalog_item_change", args=[item.pk]))
    status = 400 if form.is_bound else 200
    return render(
        request, "requests_app/to_catalog.html", {"obj": obj, "form": form}, status=status
    )


@staff_view(OVERSEE_PERM)
def candidates(request):
    form = YearForm(request.GET)
    if not form.is_valid():
        return render(request, "requests_app/candidates.html", {"form": form}, status=400)
    year = form.cleaned_data["year"] or timezone.localdate().year
    found = to_catalog.candidates(staff_agencies(request), year)
    context = {"form": form, "year": year, "found": found, "least": to_catalog.CANDIDATE_APPLICANTS}
    return render(request, "requests_app/candidates.html", context)
