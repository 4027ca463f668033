"""Forms of the answer step (models/answering.py): the answer and its draft, the 负责人's
sign-off, the 保密审查 of the files it discloses, issuing, the 更正 of an issued answer, and
当场答复 — the request and its answer in one form. They parse input; the model's methods decide."""

import copy

from django import forms
from django.utils import timezone

from catalog.models import SecrecyReview

from .forms import APPLICANT_FIELDS, DATE, RegisterForm
from .outcomes import ABANDONMENT_OUTCOMES, AnswerCase, Outcome


class AnswerForm(forms.Form):
    field_order = [
        "outcome", "case", "answered_on", "published_ref", "search_note", "referral",
        "specific_law", "reasons", "content", "no_consultation_reason", "legal_basis",
    ]  # fmt: skip
    outcome = forms.ChoiceField(
        label="办理结果",
        choices=[("", "——请选择——")]
        + [(o.value, o.label) for o in Outcome if o not in ABANDONMENT_OUTCOMES],
    )
    answered_on = forms.DateField(label="答复日期", widget=DATE, initial=timezone.localdate)
    legal_basis = forms.CharField(
        label="法律依据",
        max_length=300,
        required=False,
        help_text="留空：按办理结果自动引用条例条款",
    )
    reasons = forms.CharField(
        label="理由", widget=forms.Textarea(attrs={"rows": 3}), required=False,
        help_text="不予公开、部分公开、无法提供、不予处理时必填",
    )  # fmt: skip
    content = forms.CharField(
        label="答复内容", widget=forms.Textarea(attrs={"rows": 3}), required=False,
        help_text="提供的信息及获取方式",
    )  # fmt: skip
    case = forms.ChoiceField(
        label="答复情形", required=False,
        choices=[("", "——予以公开、本机关不掌握时选择——")] + AnswerCase.choices,
        help_text="予以公开：已主动公开或予以提供；本机关不掌握：信息不存在或不属于本机关负责公开",
    )  # fmt: skip
    published_ref = forms.CharField(
        label="主动公开的网址或索引号", max_length=300, required=False,
        help_text="已主动公开时必填（条例第三十六条第（一）项）",
    )  # fmt: skip
    search_note = forms.CharField(
        label="检索说明", widget=forms.Textarea(attrs={"rows": 2}), required=False,
        help_text="信息不存在时必填：在何处、以何种方式检索过（条例第三十六条第（四）项）",
    )  # fmt: skip
    referral = forms.CharField(
        label="负责公开的机关及联系方式", max_length=300, required=False,
        help_text="不属于本机关负责公开、能够确定负责机关时填写（条例第三十六条第（五）项）",
    )  # fmt: skip
    specific_law = forms.CharField(
        label="具体依据", max_length=300, required=False,
        help_text="部分公开、其他法律行政法规禁止公开：不予公开所依据的法律、行政法规及条款；"
        "行政查询事项：申请人应依照办理的法律、行政法规",
    )  # fmt: skip
    no_consultation_reason = forms.CharField(
        label="未征求第三方意见的理由", widget=forms.Textarea(attrs={"rows": 2}), required=False,
        help_text="以保护第三方合法权益为由不予公开而没有征求第三方意见时必填（条例第三十二条）",
    )  # fmt: skip


class AnswerDraftForm(AnswerForm):
    """The answer as a draft: everything but the date, which is the day it is issued."""

    def __init__(self, *args, draft=None, **kwargs):
        if draft is not None and not kwargs.get("initial"):
            kwargs["initial"] = {name: getattr(draft, name) for name in self.base_fields}
        super().__init__(*args, **kwargs)
        del self.fields["answered_on"]


class SignOffForm(forms.Form):
    note = forms.CharField(label="签发意见", required=False)


class AnswerSecrecyForm(forms.Form):
    """保密审查 of the files given with the answer (条例第十七条; models/answer_secrecy.py)."""

    conclusion = forms.ChoiceField(
        label="审查结论", choices=SecrecyReview.Conclusion.choices, widget=forms.RadioSelect
    )
    basis = forms.CharField(
        label="审查依据", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000,
        help_text=SecrecyReview._meta.get_field("basis").help_text,
    )  # fmt: skip
    personal_data_checked = forms.BooleanField(
        label="已逐项核对筛查结果（个人信息只含申请人本人的，或第三方已同意、已遮盖；无法自动筛查的附件已人工核对）",
        required=False,
    )


class IssueForm(forms.Form):
    """Issuing takes the previewed draft as it stands: nothing to fill in."""


class AnswerCorrectionForm(forms.Form):
    text = forms.CharField(
        label="更正内容", widget=forms.Textarea(attrs={"rows": 3}),
        help_text="写明原答复书哪一处有误、更正为什么；原答复书不会被修改",
    )  # fmt: skip


class OnTheSpotForm(RegisterForm):
    """当场答复: the applicant at the counter and the answer given there, in one form. The channel
    is 当面 and both dates are today; the answer's fields are `AnswerForm`'s."""

    ANSWER_FIELDS = [name for name in AnswerForm.base_fields if name != "answered_on"]

    class Meta(RegisterForm.Meta):
        fields = ["agency", *APPLICANT_FIELDS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.ANSWER_FIELDS:
            self.fields[name] = copy.deepcopy(AnswerForm.base_fields[name])
        self.fields["outcome"].required = True

    def split(self):
        """(the request's fields, the answer's) of the cleaned data."""
        data = dict(self.cleaned_data)
        answer = {name: data.pop(name) for name in self.ANSWER_FIELDS}
        answer["legal_basis"] = answer["legal_basis"] or None
        return data, answer
