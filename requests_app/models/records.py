"""The records of a request's life: 补正, consultations, extension, fee notices, the answer,
the append-only event log and attachments. They are written only by `Request`'s workflow
methods (and the ledger import), never edited in place by a form."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.db import models
from django.utils import timezone

from .. import deadlines
from ..outcomes import AnswerCase, Outcome
from ..wording import decision_name


def _user_fk(verbose_name, **kwargs):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        **kwargs,
    )


class Correction(models.Model):
    """The one combined 补正告知 (条例第三十条) and, once it arrives, the corrected request."""

    request = models.OneToOneField(
        "Request", verbose_name="申请", on_delete=models.CASCADE, related_name="correction"
    )
    notified_on = models.DateField("告知日期")
    items = models.TextField("需要补正的事项")
    deadline = models.DateField("补正期限")
    corrected_on = models.DateField("补正收到日期", null=True, blank=True)
    correction_note = models.TextField("补正内容", blank=True)
    created_by = _user_fk("经办人")
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "补正告知"
        verbose_name_plural = "补正告知"

    def __str__(self):
        return f"补正告知（{self.notified_on:%Y-%m-%d}）"


class Consultation(models.Model):
    """A written request for opinion to a third party or another agency (条例第三十二条)."""

    class Kind(models.TextChoices):
        THIRD_PARTY = "third_party", "第三方"
        AGENCY = "agency", "其他机关"

    class Opinion(models.TextChoices):
        CONSENT = "consent", "同意公开"
        OBJECTION = "objection", "不同意公开"
        NO_REPLY = "no_reply", "逾期未提出意见"

    request = models.ForeignKey(
        "Request", verbose_name="申请", on_delete=models.CASCADE, related_name="consultations"
    )
    kind = models.CharField("征求对象类型", max_length=20, choices=Kind.choices)
    addressee = models.CharField("征求对象", max_length=200)
    addressee_address = models.CharField("征求对象地址或联系方式", max_length=200, blank=True)
    matter = models.TextField("征求意见的信息")
    sent_on = models.DateField("发出日期")
    replied_on = models.DateField("意见收到日期", null=True, blank=True)
    opinion = models.CharField("意见", max_length=20, choices=Opinion.choices, blank=True)
    reply_summary = models.TextField("意见摘要", blank=True)
    # 条例第三十二条: disclosed over the third party's objection, in the public interest
    disclosure_notified_on = models.DateField("决定公开告知日期", null=True, blank=True)
    disclosure_reason = models.TextField("决定公开的理由", blank=True)
    created_by = _user_fk("经办人")
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "征求意见"
        verbose_name_plural = "征求意见"
        ordering = ["sent_on", "id"]

    def __str__(self):
        return f"征求{self.addressee}意见（{self.sent_on:%Y-%m-%d}）"

    @property
    def is_closed(self):
        return bool(self.opinion)

    def served_on(self):
        """The day the addressee received the 征求意见书 (送达), or None before it is recorded."""
        service = self.request.services.filter(letter="consultation", record_id=self.pk).first()
        return service.received_on if service else None

    def reply_limit(self):
        """条例第三十二条、第三十四条: 15 working days from receipt of the 征求意见书 (from sending
        while no receipt is recorded)."""
        return deadlines.add_workdays(self.served_on() or self.sent_on, deadlines.CONSULTATION_CAP)


class ReasonsRequest(models.Model):
    """条例第三十五条: a request whose number or frequency clearly exceeds a reasonable range.
    The agency may ask the applicant for reasons; if they are reasonable but the answer cannot
    come within 第三十三条's period, it sets a reasonable later date and tells the applicant."""

    request = models.OneToOneField(
        "Request", verbose_name="申请", on_delete=models.CASCADE, related_name="reasons_request"
    )
    asked_on = models.DateField("要求说明理由日期")
    matter = models.TextField("申请数量、频次的情况")
    replied_on = models.DateField("申请人说明理由日期", null=True, blank=True)
    reply = models.TextField("申请人说明的理由", blank=True)
    delay_until = models.DateField("延迟答复至", null=True, blank=True)
    delay_reason = models.TextField("延迟答复的理由", blank=True)
    delayed_on = models.DateField("延迟答复告知日期", null=True, blank=True)
    created_by = _user_fk("经办人")
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "要求说明理由"
        verbose_name_plural = "要求说明理由"

    def __str__(self):
        return f"要求说明理由（{self.asked_on:%Y-%m-%d}）"


class Extension(models.Model):
    """延期答复 (条例第三十三条): asked for by the handler, approved only by a 负责人."""

    class Status(models.TextChoices):
        PENDING = "pending", "待批准"
        APPROVED = "approved", "已批准"
        REJECTED = "rejected", "未批准"

    request = models.OneToOneField(
        "Request", verbose_name="申请", on_delete=models.CASCADE, related_name="extension"
    )
    reason = models.TextField("延期理由")
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.PENDING)
    requested_by = _user_fk("申请人（经办人）")
    requested_at = models.DateTimeField("提请时间")
    decided_by = _user_fk("批准人")
    decided_at = models.DateTimeField("批准时间", null=True, blank=True)
    decision_note = models.TextField("审批意见", blank=True)

    class Meta:
        verbose_name = "延期答复"
        verbose_name_plural = "延期答复"

    def __str__(self):
        return f"延期答复（{self.get_status_display()}）"

    @property
    def is_approved(self):
        return self.status == self.Status.APPROVED


class FeeNotice(models.Model):
    """收费通知 (国办函〔2020〕109号): one schedule per notice, computed by `deadlines`."""

    class Basis(models.TextChoices):
        PER_REQUEST = "per_request", "按件计收"
        PER_PAGE = "per_page", "按量计收"

    request = models.ForeignKey(
        "Request", verbose_name="申请", on_delete=models.CASCADE, related_name="fee_notices"
    )
    basis = models.CharField("计收方式", max_length=20, choices=Basis.choices)
    quantity = models.PositiveIntegerField(
        "计费数量", help_text="按件：申请人本月第几件申请；按量：页数"
    )
    amount = models.DecimalField("金额（元）", max_digits=10, decimal_places=2)
    notified_on = models.DateField("通知日期")
    pay_by = models.DateField("缴费期限")
    paid_on = models.DateField("缴费日期", null=True, blank=True)
    created_by = _user_fk("经办人")
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "收费通知"
        verbose_name_plural = "收费通知"
        ordering = ["notified_on", "id"]

    def __str__(self):
        return f"收费通知 {self.amount} 元（{self.notified_on:%Y-%m-%d}）"


class Answer(models.Model):
    """The 答复书 (条例第三十六条): outcome, legal basis, reasons; remedies are printed."""

    request = models.OneToOneField(
        "Request", verbose_name="申请", on_delete=models.CASCADE, related_name="answer_record"
    )
    outcome = models.CharField("办理结果", max_length=30, choices=Outcome.choices)
    answered_on = models.DateField("答复日期")
    legal_basis = models.CharField("法律依据", max_length=300, blank=True)
    reasons = models.TextField("理由", blank=True)
    content = models.TextField("答复内容", blank=True, help_text="提供的信息、获取方式等")
    referral = models.CharField(
        "负责公开的机关及联系方式", max_length=300, blank=True, help_text="不属于本机关时填写"
    )
    case = models.CharField("答复情形", max_length=20, choices=AnswerCase.choices, blank=True)
    published_ref = models.CharField("主动公开的网址或索引号", max_length=300, blank=True)
    search_note = models.TextField("检索说明", blank=True, help_text="在何处、以何种方式检索")
    specific_law = models.CharField(
        "具体依据",
        max_length=300,
        blank=True,
        help_text="不予公开所依据的法律、行政法规及条款；行政查询事项应依照办理的法律、行政法规",
    )
    no_consultation_reason = models.TextField("未征求第三方意见的理由", blank=True)
    # Fixed when the letter is issued: later edits of the agency do not change an issued letter.
    letter_number = models.CharField("文号", max_length=60, blank=True)
    review_body = models.CharField("行政复议机关", max_length=100, blank=True)
    court = models.CharField("行政诉讼管辖法院", max_length=100, blank=True)
    created_by = _user_fk("经办人")
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "答复"
        verbose_name_plural = "答复"

    def __str__(self):
        return f"答复（{self.get_outcome_display()}）"


class AnswerDraft(models.Model):
    """The answer being prepared (draft → preview → 负责人 sign-off where the agency asks for it →
    issue). Issuing turns it into the `Answer` and removes it; until then the request is open."""

    request = models.OneToOneField(
        "Request", verbose_name="申请", on_delete=models.CASCADE, related_name="answer_draft"
    )
    outcome = models.CharField("办理结果", max_length=30, choices=Outcome.choices)
    legal_basis = models.CharField("法律依据", max_length=300, blank=True)
    case = models.CharField("答复情形", max_length=20, choices=AnswerCase.choices, blank=True)
    reasons = models.TextField("理由", blank=True)
    content = models.TextField("答复内容", blank=True)
    referral = models.CharField("负责公开的机关及联系方式", max_length=300, blank=True)
    published_ref = models.CharField("主动公开的网址或索引号", max_length=300, blank=True)
    search_note = models.TextField("检索说明", blank=True)
    specific_law = models.CharField("具体依据", max_length=300, blank=True)
    no_consultation_reason = models.TextField("未征求第三方意见的理由", blank=True)
    drafted_by = _user_fk("起草人")
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    signed_off_by = _user_fk("签发人")
    signed_off_at = models.DateTimeField("签发时间", null=True, blank=True)

    class Meta:
        verbose_name = "答复草稿"
        verbose_name_plural = "答复草稿"

    def __str__(self):
        return f"答复草稿（{self.decision_name}）"

    @property
    def decision_name(self):
        return decision_name(self.outcome, self.case)

    # what `Answer` reads for the letter, so one builder renders the draft and the issued answer
    answered_on = None
    letter_number = ""
    review_body = ""
    court = ""


class AnswerCorrection(models.Model):
    """An issued answer is never edited: a mistake is corrected by a new, numbered 更正 letter."""

    request = models.ForeignKey(
        "Request", verbose_name="申请", on_delete=models.CASCADE, related_name="answer_corrections"
    )
    letter_number = models.CharField("文号", max_length=60)
    issued_on = models.DateField("更正日期")
    text = models.TextField("更正内容")
    created_by = _user_fk("经办人")
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "答复更正"
        verbose_name_plural = "答复更正"
        ordering = ["issued_on", "id"]

    def __str__(self):
        return f"答复更正 {self.letter_number}"


class RequestEvent(models.Model):
    """One step of a request's life (who, when, what). Append-only: never changed or deleted."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", "网上提交"
        REGISTERED = "registered", "登记"
        CONFIRMED = "confirmed", "确认收到"
        EDITED = "edited", "修改登记信息"
        CODE_RESET = "code_reset", "重置查询码"
        CORRECTION_REQUESTED = "correction_requested", "补正告知"
        CORRECTION_RECEIVED = "correction_received", "收到补正"
        CONSULTATION_SENT = "consultation_sent", "征求意见"
        CONSULTATION_REPLIED = "consultation_replied", "收到意见"
        EXTENSION_REQUESTED = "extension_requested", "提请延期"
        EXTENSION_APPROVED = "extension_approved", "批准延期"
        EXTENSION_REJECTED = "extension_rejected", "不批准延期"
        FEE_NOTIFIED = "fee_notified", "收费通知"
        FEE_PAID = "fee_paid", "缴费"
        SERVED = "served", "送达"
        DISCLOSURE_NOTIFIED = "disclosure_notified", "告知第三方决定公开"
        REASONS_ASKED = "reasons_asked", "要求说明理由"
        DELAYED = "delayed", "延迟答复"
        DRAFTED = "drafted", "保存答复草稿"
        SIGNED_OFF = "signed_off", "负责人签发"
        SECRECY_REVIEWED = "secrecy_reviewed", "保密审查"
        ANSWER_CORRECTED = "answer_corrected", "更正答复"
        ANSWERED = "answered", "答复"
        ABANDONED = "abandoned", "终止办理"
        ATTACHMENT_ADDED = "attachment_added", "添加附件"
        IMPORTED = "imported", "台账导入"
        DUE_ADVANCED = "due_advanced", "答复期限提前"
        ROUTED = "routed", "转办"
        ACCEPTED = "accepted", "签收"
        RETURNED = "returned", "退回"
        ASSIGNED = "assigned", "指定承办人"
        SUPERVISED = "supervised", "督办"

    request = models.ForeignKey(
        "Request", verbose_name="申请", on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    actor = _user_fk("操作人")
    kind = models.CharField("事项", max_length=30, choices=Kind.choices)
    message = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"
        ordering = ["at", "id"]

    def __str__(self):
        return f"{timezone.localtime(self.at):%Y-%m-%d %H:%M} {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError("办理记录只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("办理记录只能追加，不能删除。")


def private_storage():
    # Applicants' files hold personal data: never under the public MEDIA_URL.
    return storages["private"]


class RequestAttachment(models.Model):
    class Source(models.TextChoices):
        APPLICANT = "applicant", "申请人提交"
        STAFF = "staff", "办理材料"
        ANSWER = "answer", "答复附件（提供给申请人）"

    request = models.ForeignKey(
        "Request", verbose_name="申请", on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField("文件", upload_to="requests/%Y/%m/", storage=private_storage)
    name = models.CharField("文件名", max_length=200)
    content_type = models.CharField("文件类型", max_length=100, editable=False)
    size = models.PositiveIntegerField("大小（字节）", editable=False)
    source = models.CharField(
        "来源", max_length=20, choices=Source.choices, default=Source.APPLICANT
    )
    uploaded_by = _user_fk("上传人")
    created_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "申请附件"
        verbose_name_plural = "申请附件"
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.name
