"""The record of every notice sent to an applicant and of every staff digest sent
(requests_app/notices.py and digest.py send them)."""

from django.conf import settings
from django.db import models


class Notice(models.Model):
    """A notice to the applicant about one step of their request: sent, failed (with the
    error), retried. The step it reports is committed before it is sent: a failure here never
    undoes the step, it leaves a failed notice for `manage.py send_notices` to retry."""

    class Kind(models.TextChoices):
        RECEIPT = "receipt", "受理回执"
        CORRECTION = "correction", "补正告知"
        EXTENSION = "extension", "延期答复告知"
        FEE = "fee", "收费通知"
        ANSWER = "answer", "答复"
        ERRATUM = "erratum", "更正"

    class Channel(models.TextChoices):
        EMAIL = "email", "电子邮件"
        SMS = "sms", "手机短信"

    class Status(models.TextChoices):
        PENDING = "pending", "待发送"
        SENT = "sent", "已发送"
        FAILED = "failed", "发送失败"

    request = models.ForeignKey(
        "Request", verbose_name="申请", on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField("通知事项", max_length=20, choices=Kind.choices)
    channel = models.CharField("通知方式", max_length=10, choices=Channel.choices)
    status = models.CharField(
        "发送状态", max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField("发送次数", default=0)
    error = models.CharField("失败原因", max_length=300, blank=True)
    event = models.ForeignKey(
        "RequestEvent",
        verbose_name="办理记录",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)

    class Meta:
        verbose_name = "申请人通知"
        verbose_name_plural = "申请人通知"
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["status", "attempts"], name="notice_retry")]

    def __str__(self):
        return f"{self.get_kind_display()}（{self.get_channel_display()}，{self.get_status_display()}）"

    @property
    def is_failed(self):
        return self.status == self.Status.FAILED


class DigestSent(models.Model):
    """One staff member's daily digest of one day: the command never sends a second."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="收件人", on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField("日期")
    sent_at = models.DateTimeField("发送时间", auto_now_add=True)
    rows = models.PositiveIntegerField("事项数", default=0)

    class Meta:
        verbose_name = "每日提醒"
        verbose_name_plural = "每日提醒"
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="one_digest_per_user_and_day")
        ]

    def __str__(self):
        return f"{self.user} {self.day:%Y-%m-%d}"
