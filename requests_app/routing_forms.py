"""Forms of routing, 承办人 and 督办 (models/routing.py decides; these only parse)."""

from django import forms
from django.utils import timezone

from organisation.models import Agency

from .models.routing import handlers_of

DATE = forms.DateInput(attrs={"type": "date"})


class RouteForm(forms.Form):
    to_agency = forms.ModelChoiceField(
        label="转办至",
        queryset=Agency.objects.none(),
        empty_label="请选择承办机关",
        error_messages={
            "invalid_choice": "请选择本级政府所属的机关。",
            "required": "请选择承办机关。",
        },
    )
    note = forms.CharField(
        label="转办说明",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "请填写转办说明。"},
    )

    def __init__(self, *args, request_obj, **kwargs):
        super().__init__(*args, **kwargs)
        filed_with = request_obj.filed_with
        self.fields["to_agency"].queryset = filed_with.get_descendants().order_by("tree_id", "lft")


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label="退回理由",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "请填写退回理由。"},
    )


class AssignForm(forms.Form):
    handler = forms.ModelChoiceField(
        label="承办人",
        queryset=None,
        required=False,
        empty_label="未分配",
        error_messages={"invalid_choice": "承办人须为本机关的办理人。"},
    )

    def __init__(self, *args, request_obj, **kwargs):
        kwargs.setdefault("initial", {"handler": request_obj.handler_id})
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = handlers_of(request_obj.agency_id).order_by("username")
        self.fields["handler"].label_from_instance = lambda u: u.get_full_name() or u.username


class SuperviseForm(forms.Form):
    note = forms.CharField(
        label="督办意见",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "请填写督办意见。"},
    )
    expect_by = forms.DateField(
        label="要求办理期限",
        widget=DATE,
        error_messages={"required": "请填写要求办理期限。", "invalid": "请填写有效日期。"},
    )

    def clean_expect_by(self):
        day = self.cleaned_data["expect_by"]
        if day < timezone.localdate():
            raise forms.ValidationError("要求办理期限不能早于今天。")
        return day
