"""The API's own query parameters, beside the public lists' filters (catalog/filters.py)."""

from datetime import datetime, time

from django import forms
from django.utils import timezone

from catalog import navigation

PAGE_SIZE = 50
MAX_PAGE_SIZE = 100


class ItemQueryForm(forms.Form):
    """`subtree`: the agency and every agency under it; `updated_since`: changed on or after."""

    subtree = forms.BooleanField(required=False)
    updated_since = forms.CharField(required=False, max_length=40)
    limit = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_PAGE_SIZE,
        error_messages={
            "min_value": "每页条数至少为 1",
            "max_value": f"每页条数最多为 {MAX_PAGE_SIZE}",
            "invalid": "每页条数应为整数",
        },
    )

    def clean_updated_since(self):
        value = self.cleaned_data["updated_since"].strip()
        if not value:
            return None
        moment = None
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise forms.ValidationError(
                "updated_since 应为日期或时间，例如 2025-01-31 或 2025-01-31T08:00:00+08:00"
            ) from None
        if len(value) == 10:  # a bare date: from the start of that day, local time
            moment = datetime.combine(moment.date(), time.min)
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment


def subtree_agency_ids(code):
    """The ids of the agency with this credit code and of every agency under it."""
    agencies = navigation.public_agencies()
    top = agencies.get(navigation.agency_id_for_code(code))
    if top is None:
        return []
    return [
        pk
        for pk, each in agencies.items()
        if each.tree_id == top.tree_id and top.lft <= each.lft and each.rght <= top.rght
    ]
