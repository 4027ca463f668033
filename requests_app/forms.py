"""Forms of the staff workbench: they parse input; the model's methods decide. The answer
step's forms are in `answer_forms.py`."""

from django import forms
from django.utils import timezone
from django.utils.choices import BaseChoiceIterator

from catalog.widgets import PlainSelect

from .models import Consultation, FeeNotice, Request, Service

DATE = forms.DateInput(attrs={"type": "date"})
APPLICANT_FIELDS = [
    "applicant_kind",
    "applicant_name",
    "id_type",
    "id_number",
    "contact_person",
    "phone",
    "email",
    "address",
    "postcode",
    "needs_assistance",
    "description",
    "document_number",
    "form_wanted",
    "delivery",
    "notify_by",
]


class NotifyByOptional:
    """The notice channel may be left out: an old form, a hand-written POST. Then a new request
    is told by e-mail if it gave one, else by SMS; an edited one keeps its own."""

    # Labels that say what is chosen, distinct from the 获取信息方式's "电子邮件" beside them.
    CHOICES = [
        (Request.NotifyBy.EMAIL.value, "电子邮件通知"),
        (Request.NotifyBy.SMS.value, "手机短信通知"),
        (Request.NotifyBy.NONE.value, "不接收通知"),
    ]

    def _optional_notify_by(self):
        field = self.fields.get("notify_by")
        if field is None:
            return
        field.required = False
        radio = getattr(field.widget, "input_type", "") == "radio"
        blank = [("", "按联系方式（有电子邮箱用电子邮件，否则用短信）")]
        field.choices = self.CHOICES if radio else blank + self.CHOICES
        instance = getattr(self, "instance", None)
        if instance is None or instance.pk is None:
            # Nothing is chosen for the applicant: left empty, e-mail if given, else SMS.
            self.initial["notify_by"] = ""

    def clean_notify_by(self):
        value = self.cleaned_data.get("notify_by")
        instance = getattr(self, "instance", None)
        if value:
            return value
        if instance is not None and instance.pk:
            return instance.notify_by
        if self.cleaned_data.get("email"):
            return Request.NotifyBy.EMAIL
        return Request.NotifyBy.SMS if self.cleaned_data.get("phone") else Request.NotifyBy.NONE


class RegisterForm(NotifyByOptional, forms.ModelForm):
    """A request that arrived at the office (当面, 信函, 传真, 电子邮件, 其他 — or 网络 by hand)."""

    class Meta:
        model = Request
        fields = ["agency", "channel", "received_on", *APPLICANT_FIELDS]
        widgets = {"received_on": DATE, "description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "received_on": "当面：递交之日；信函：签收之日；传真、电子邮件：双方确认之日（条例第三十一条）"
        }

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        _agency_options(self.fields["agency"], agencies)
        if "received_on" in self.fields:  # 当场答复 (OnTheSpotForm) has no date to choose
            self.fields["received_on"].initial = timezone.localdate()
        self._optional_notify_by()

    def clean(self):
        data = super().clean()
        if not data.get("phone") and not data.get("email") and not data.get("address"):
            raise forms.ValidationError("请至少填写一种联系方式（电话、电子邮箱或通信地址）。")
        return data


class DetailsForm(NotifyByOptional, forms.ModelForm):
    class Meta:
        model = Request
        fields = APPLICANT_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._optional_notify_by()


class ConfirmForm(forms.Form):
    received_on = forms.DateField(label="收到申请之日", widget=DATE)
    reason = forms.CharField(
        label="答复期限提前的理由",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="确认的日期早于告知申请人的收到申请之日、使答复期限提前时必填，记入办理记录",
    )


class CorrectionForm(forms.Form):
    items = forms.CharField(label="需要补正的事项", widget=forms.Textarea(attrs={"rows": 3}))
    notified_on = forms.DateField(label="告知日期", widget=DATE, initial=timezone.localdate)
    deadline = forms.DateField(
        label="补正期限", widget=DATE, required=False, help_text="留空：告知之日起15个工作日"
    )


class CorrectionReceivedForm(forms.Form):
    corrected_on = forms.DateField(label="补正收到日期", widget=DATE, initial=timezone.localdate)
    note = forms.CharField(
        label="补正内容", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ConsultationForm(forms.Form):
    kind = forms.ChoiceField(label="征求对象类型", choices=Consultation.Kind.choices)
    addressee = forms.CharField(label="征求对象", max_length=200)
    addressee_address = forms.CharField(label="地址或联系方式", max_length=200, required=False)
    matter = forms.CharField(label="征求意见的信息", widget=forms.Textarea(attrs={"rows": 2}))
    sent_on = forms.DateField(label="发出日期", widget=DATE, initial=timezone.localdate)


class ConsultationReplyForm(forms.Form):
    consultation = forms.ModelChoiceField(label="征求意见", queryset=Consultation.objects.none())
    opinion = forms.ChoiceField(label="意见", choices=Consultation.Opinion.choices)
    replied_on = forms.DateField(
        label="意见收到日期", widget=DATE, required=False, initial=timezone.localdate
    )
    summary = forms.CharField(
        label="意见摘要", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, request_obj, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultation"].queryset = request_obj.consultations.filter(opinion="")


class DisclosureNoticeForm(forms.Form):
    """条例第三十二条: disclose over a third party's objection and tell it in writing."""

    consultation = forms.ModelChoiceField(
        label="不同意公开的第三方", queryset=Consultation.objects.none()
    )
    reason = forms.CharField(
        label="决定公开的理由", widget=forms.Textarea(attrs={"rows": 2}),
        help_text="不公开可能对公共利益造成重大影响的理由",
    )  # fmt: skip
    notified_on = forms.DateField(label="告知日期", widget=DATE, initial=timezone.localdate)

    def __init__(self, *args, request_obj, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultation"].queryset = request_obj.consultations.filter(
            kind=Consultation.Kind.THIRD_PARTY,
            opinion=Consultation.Opinion.OBJECTION,
            disclosure_notified_on__isnull=True,
        )


class ReasonsRequestForm(forms.Form):
    matter = forms.CharField(
        label="申请数量、频次的情况", widget=forms.Textarea(attrs={"rows": 2}),
        help_text="如：同一申请人本月已提出40件内容相近的申请（条例第三十五条）",
    )  # fmt: skip
    asked_on = forms.DateField(label="通知日期", widget=DATE, initial=timezone.localdate)


class DelayForm(forms.Form):
    reply = forms.CharField(
        label="申请人说明的理由", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    replied_on = forms.DateField(label="说明理由日期", widget=DATE, required=False)
    until = forms.DateField(label="延迟答复至", widget=DATE)
    reason = forms.CharField(label="无法按期答复的理由", widget=forms.Textarea(attrs={"rows": 2}))
    delayed_on = forms.DateField(label="告知日期", widget=DATE, initial=timezone.localdate)


class ExtensionRequestForm(forms.Form):
    reason = forms.CharField(label="延期理由", widget=forms.Textarea(attrs={"rows": 2}))


class ExtensionDecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label="审批", choices=[("1", "批准延期"), ("0", "不批准")], coerce=lambda v: v == "1"
    )
    note = forms.CharField(label="审批意见", required=False)


class FeeNoticeForm(forms.Form):
    basis = forms.ChoiceField(label="计收方式", choices=FeeNotice.Basis.choices)
    pages = forms.IntegerField(label="页数（按量计收）", min_value=1, required=False)
    notified_on = forms.DateField(label="通知日期", widget=DATE, initial=timezone.localdate)


class PaymentForm(forms.Form):
    paid_on = forms.DateField(label="缴费日期", widget=DATE, initial=timezone.localdate)


class AbandonForm(forms.Form):
    on = forms.DateField(label="终止日期", widget=DATE, initial=timezone.localdate)


class ServiceForm(forms.Form):
    """送达 of one of the request's letters (docs/legal-rules.md §5)."""

    letter = forms.ChoiceField(label="文书")
    method = forms.ChoiceField(label="送达方式", choices=Service.Method.choices)
    sent_on = forms.DateField(label="发出日期", widget=DATE, initial=timezone.localdate)
    received_on = forms.DateField(
        label="送达日期", widget=DATE, initial=timezone.localdate,
        help_text="当面：签收之日；邮寄：回执上的签收日期；电子邮件、平台：到达之日。"
        "补正、缴费、征求意见的期限自该日起算",
    )  # fmt: skip
    reference = forms.CharField(label="邮件单号或说明", max_length=100, required=False)

    def __init__(self, *args, letters, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["letter"].choices = [
            (f"{kind}:{record_id or ''}", title) for kind, record_id, title in letters
        ]

    def clean_letter(self):
        kind, _, record_id = self.cleaned_data["letter"].partition(":")
        return kind, int(record_id) if record_id else None


class AttachmentForm(forms.Form):
    file = forms.FileField(label="附件")
    for_answer = forms.BooleanField(
        label="答复附件：随答复书提供给申请人", required=False,
        help_text="申请人可在查询页面下载；其他附件只供本机关办理使用",
    )  # fmt: skip


def _agency_options(field, agencies):
    """Offer `agencies` in tree order in `field`, a ModelChoiceField. The options come from
    (pk, name) pairs: building 2,000 mptt model instances to print their names took most of a
    province worklist's time (docs/performance.md). The queryset still validates a choice."""
    field.queryset = agencies.order_by("tree_id", "lft")
    field.widget.choices = _Pairs([("", field.empty_label)], field.queryset, "pk", "name")


class _Pairs(BaseChoiceIterator):
    """Choices read as (value, label) pairs when the widget renders, taken as they are: Django's
    normalisation inspects each of 2,000 pairs again for nothing."""

    def __init__(self, first, queryset, *fields):
        self.first, self.queryset, self.fields = first, queryset, fields

    def __iter__(self):
        yield from self.first
        yield from self.queryset.values_list(*self.fields)


def handler_choices(agencies):
    """(pk, username, full name) of the people named 承办人 on requests of `agencies`, and of
    the 办理人 of those agencies: the worklist's 承办人 filter."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    from .models.routing import handlers_of

    users = get_user_model().objects.filter(
        Q(handled_requests__agency__in=agencies) | Q(pk__in=handlers_of(agencies))
    )
    return [
        (pk, username, f"{last}{first}".strip())
        for pk, username, first, last in users.distinct()
        .order_by("username")
        .values_list("pk", "username", "first_name", "last_name")
    ]


class WorklistFilterForm(forms.Form):
    """GET filters; a hand-edited URL yields a clear error, never a 500."""

    VIEWS = [
        ("open", "办理中（按期限）"),
        ("due_soon", "5个工作日内到期"),
        ("overdue", "已超期"),
        ("extension_pending", "待批准延期"),
        ("supervised", "督办中"),
        ("to_route", "待分办"),
        ("to_accept", "待签收"),
        ("secrecy", "答复附件待保密审查"),
        (Request.Status.SUBMITTED.value, Request.Status.SUBMITTED.label),
        (Request.Status.CLOSED.value, Request.Status.CLOSED.label),
        ("all", "全部"),
    ]
    view = forms.ChoiceField(label="视图", choices=VIEWS, required=False)
    agency = forms.ModelChoiceField(
        label="机关",
        queryset=None,
        required=False,
        empty_label="全部机关",
        # A province's 公开办 sees 2,000 agencies: options written without a template each.
        widget=PlainSelect,
    )
    status = forms.ChoiceField(
        label="状态", choices=[("", "全部")] + Request.Status.choices, required=False
    )
    channel = forms.ChoiceField(
        label="申请方式", choices=[("", "全部")] + Request.Channel.choices, required=False
    )
    applicant_kind = forms.ChoiceField(
        label="申请人类型", choices=[("", "全部")] + Request.ApplicantKind.choices, required=False
    )
    year = forms.IntegerField(label="收到年份", min_value=2000, max_value=2100, required=False)
    q = forms.CharField(label="编号或申请人", max_length=50, required=False)
    handler = forms.ChoiceField(label="承办人", required=False)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].choices = [("", "全部"), ("none", "未分配")] + [
            (str(pk), full or username) for pk, username, full in handler_choices(agencies)
        ]
        self.fields["handler"].error_messages["invalid_choice"] = "请选择列表中的承办人。"
        _agency_options(self.fields["agency"], agencies)
