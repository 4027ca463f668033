"""The applicants' forms: the online request (exactly what 条例第二十九条 asks) and tracking.

They parse and check input, in Chinese; `Request.submit_online` decides and writes.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.forms.renderers import Jinja2
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import get_language

from organisation.credit_code import credit_code_problem

from . import attachments, id_numbers
from .captcha import ChallengeField
from .forms import NotifyByOptional
from .models import Request
from .models.requests import normalize_code
from .numbering import normalise

Kind = Request.ApplicantKind
IdType = Request.IdType
PERSON, ORGANISATION = "person", "organisation"
ORGANISATION_KINDS = [(k.value, k.label) for k in Kind if k != Kind.PERSON]
PERSON_ID_TYPES = {t for t in IdType if t != IdType.CREDIT_CODE}
ORGANISATION_ID_TYPES = {IdType.CREDIT_CODE, IdType.OTHER}
# Django's own Jinja2 templates for fields and widgets: the request form is the largest page
# no cache can serve (CSRF token, captcha), and its ~20 fields rendered through Django's
# template language took half of it (`make bench`: 23 to 13 ms). Staff forms and the
# admin keep the default renderer (the admin's widgets exist only as Django templates).
FAST_RENDERER = Jinja2()
PHONE = re.compile(r"^\+?[0-9][0-9\- ]{5,28}[0-9]$")
POSTCODE = re.compile(r"^[0-9]{6}$")


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (the pattern of Django's documentation)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        clean_one = super().clean
        if isinstance(data, list | tuple):
            return [clean_one(item, initial) for item in data]
        return [clean_one(data, initial)] if data else []


class FieldGroups:
    """`groups.<name>` in the page's template (`form.groups`): a field's `<div class="field">`
    with its label, help text, errors and widget.

    A fresh form (the GET of the request form) looks the same for every visitor and every
    agency but for its token and captcha, and its fields never change while the portal runs:
    their groups are rendered once per process and language (Django renders each field
    through three to ten templates, most of the page's time).
    """

    _fresh = {}  # (field name, language) -> markup

    def __init__(self, form):
        self.form = form

    def __getitem__(self, name):
        if not self.form.is_fresh or name in self.form.PER_VISITOR:
            return self._render(self.form[name])
        key = (name, get_language())
        if key not in self._fresh:
            self._fresh[key] = self._render(self.form[name])
        return self._fresh[key]

    @staticmethod
    def _render(field):
        css = "field field-error" if field.errors else "field"
        return format_html('<div class="{}">{}</div>\n', css, field.as_field_group())


class ApplyForm(NotifyByOptional, forms.ModelForm):
    """政府信息公开申请表 for one agency."""

    default_renderer = FAST_RENDERER
    required_css_class = "required"  # the label gets a * (portal.css)
    # What differs between two fresh forms: the challenge and the submission token.
    PER_VISITOR = ("captcha", "form_token")
    is_fresh = False

    applicant_category = forms.ChoiceField(
        label="申请人类型",
        choices=[(PERSON, "自然人"), (ORGANISATION, "法人或其他组织")],
        initial=PERSON,
        widget=forms.RadioSelect,
    )
    organisation_type = forms.ChoiceField(
        label="组织类型",
        choices=[("", "——请选择——"), *ORGANISATION_KINDS],
        required=False,
        help_text="申请人为法人或其他组织时选择。",
    )
    attachments = MultipleFileField(
        label="附件（可选）",
        required=False,
        help_text=f"如身份证明材料。最多{attachments.MAX_ATTACHMENTS}个文件，每个不超过10 MB；"
        "接受 PDF、JPG、PNG、Word、Excel、OFD 格式。",
    )
    captcha = ChallengeField()
    form_token = forms.CharField(widget=forms.HiddenInput)  # requests_app/submission.py

    class Meta:
        model = Request
        fields = [
            "applicant_name",
            "id_type",
            "id_number",
            "contact_person",
            "phone",
            "email",
            "address",
            "postcode",
            "description",
            "document_number",
            "form_wanted",
            "delivery",
            "notify_by",
            "needs_assistance",
        ]
        labels = {
            "applicant_name": "姓名或名称",
            "id_number": "证件号码",
            "contact_person": "联系人",
            "description": "所需政府信息的名称或内容描述",
            "document_number": "文号（如知道）",
            "form_wanted": "信息的提供形式",
            "delivery": "获取信息的方式",
            "notify_by": "办理进度通知",
            "needs_assistance": "我有阅读或听力方面的困难，需要工作人员提供帮助（条例第四十三条）",
        }
        help_texts = {
            "applicant_name": "自然人填写姓名；法人或其他组织填写单位全称。",
            "id_type": "自然人选择身份证件；法人或其他组织选择统一社会信用代码。",
            "contact_person": "法人或其他组织请填写经办人姓名。",
            "phone": "手机或固定电话（含区号）。",
            "email": "填写后，申请回执将发送到该邮箱；选择电子邮件获取信息时必填。",
            "address": "选择邮寄时必填。",
            "notify_by": "受理、补正、延期、收费、答复时通知您；不选择时，填写了电子邮箱的用电子邮件，"
            "否则用短信。选择不接收通知，也可随时在查询页面查看。",
            "description": "请写明信息的名称、内容、所属时间等便于查找的特征。无需说明申请用途。",
            "document_number": "例如：舒政〔2024〕12号。",
            "needs_assistance": "",
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5, "maxlength": 2000}),
            "form_wanted": forms.RadioSelect,
            "delivery": forms.RadioSelect,
            "notify_by": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for name in ("applicant_name", "id_number", "phone", "description"):
            self.fields[name].required = True
        self.fields["description"].validators.append(MaxLengthValidator(2000))
        self._optional_notify_by()
        self.fields["applicant_name"].error_messages["required"] = "请填写申请人姓名或名称。"
        self.fields["id_number"].error_messages["required"] = "请填写证件号码（身份证明）。"
        self.fields["phone"].error_messages["required"] = "请填写联系电话。"
        self.fields["description"].error_messages["required"] = (
            "请描述所需的政府信息（名称、文号或其他特征）。"
        )

    @classmethod
    def fresh(cls, token):
        """The empty form a GET shows, with a new submission token."""
        form = cls(initial={"form_token": token})
        form.is_fresh = True
        return form

    @cached_property
    def groups(self):
        return FieldGroups(self)

    def clean_id_number(self):
        return id_numbers.normalize(self.cleaned_data["id_number"])

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if not PHONE.match(phone):
            raise ValidationError("请填写正确的电话号码，例如 13800000000 或 0564-8622000。")
        return phone

    def clean_postcode(self):
        postcode = self.cleaned_data["postcode"].strip()
        if postcode and not POSTCODE.match(postcode):
            raise ValidationError("邮政编码应为6位数字。")
        return postcode

    def clean_attachments(self):
        files = self.cleaned_data["attachments"]
        if len(files) > attachments.MAX_ATTACHMENTS:
            raise ValidationError(f"最多上传{attachments.MAX_ATTACHMENTS}个附件。")
        errors = []
        for upload in files:
            try:
                attachments.check_attachment(upload)
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return files

    def clean(self):
        data = super().clean()
        self._check_applicant(data)
        self._check_delivery(data)
        return data

    def _check_applicant(self, data):
        category, id_type, number = (
            data.get("applicant_category"),
            data.get("id_type"),
            data.get("id_number"),
        )
        if category == ORGANISATION:
            if not data.get("organisation_type"):
                self.add_error("organisation_type", "请选择组织类型。")
            if id_type and id_type not in ORGANISATION_ID_TYPES:
                self.add_error("id_type", "法人或其他组织请选择统一社会信用代码（或其他证件）。")
            if not data.get("contact_person"):
                self.add_error("contact_person", "法人或其他组织请填写联系人。")
        elif category == PERSON and id_type and id_type not in PERSON_ID_TYPES:
            self.add_error("id_type", "自然人请选择身份证件类型，例如居民身份证。")
        if not number or "id_number" in self.errors:
            return
        problem = None
        if id_type == IdType.RESIDENT_ID:
            problem = id_numbers.resident_id_problem(number)
        elif id_type == IdType.CREDIT_CODE:
            problem = credit_code_problem(number)
        if problem:
            self.add_error("id_number", problem + "。")

    def _check_delivery(self, data):
        delivery = data.get("delivery")
        if delivery == Request.Delivery.POST and not data.get("address"):
            self.add_error("address", "选择邮寄时，请填写通信地址。")
        if data.get("notify_by") == Request.NotifyBy.EMAIL and not data.get("email"):
            if "email" not in self.errors:
                self.add_error("email", "选择电子邮件通知时，请填写电子邮箱。")
        if delivery == Request.Delivery.EMAIL:
            if not data.get("email") and "email" not in self.errors:
                self.add_error("email", "选择电子邮件获取信息时，请填写电子邮箱。")
            if data.get("form_wanted") == Request.Form.PAPER:
                self.add_error("delivery", "纸质信息不能通过电子邮件提供，请选择其他获取方式。")

    def applicant_kind(self):
        data = self.cleaned_data
        if data["applicant_category"] == PERSON:
            return Kind.PERSON
        return Kind(data["organisation_type"])

    def request_fields(self):
        """The keyword arguments for `Request.submit_online`."""
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields}
        return {**fields, "applicant_kind": self.applicant_kind()}


class TrackForm(forms.Form):
    default_renderer = FAST_RENDERER

    number = forms.CharField(
        label="申请编号",
        max_length=40,
        help_text="例如 YS2025-000012，见申请回执；以前取得的编号（如 2025-00012）也可以使用。",
        error_messages={"required": "请填写申请编号。"},
    )
    code = forms.CharField(
        label="查询码",
        max_length=30,
        help_text="12位字母和数字，例如 ABCD-EFGH-JKLM，不区分大小写。",
        error_messages={"required": "请填写查询码。"},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args, **kwargs):
        # Labels stand above their boxes: no "：" after them (as on the application form).
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_number(self):
        return normalise(self.cleaned_data["number"])

    def clean_code(self):
        return normalize_code(self.cleaned_data["code"])
