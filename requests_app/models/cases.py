"""Administrative review and litigation cases about disclosure (annual report section 四)."""

from django.core.exceptions import ValidationError
from django.db import models

from organisation.models import Agency


class CaseQuerySet(models.QuerySet):
    def for_staff(self, user):
        return self.filter(agency__in=Agency.objects.for_staff(user))


class Case(models.Model):
    class Kind(models.TextChoices):
        REVIEW = "review", "行政复议"
        DIRECT_SUIT = "direct_suit", "直接起诉"
        SUIT_AFTER_REVIEW = "suit_after_review", "复议后起诉"

    class Result(models.TextChoices):
        UPHELD = "upheld", "维持"
        CORRECTED = "corrected", "纠正"
        OTHER = "other", "其他"

    agency = models.ForeignKey(
        Agency, verbose_name="被申请机关", on_delete=models.PROTECT, related_name="cases"
    )
    kind = models.CharField("案件类型", max_length=20, choices=Kind.choices)
    filed_on = models.DateField("立案日期")
    result = models.CharField(
        "结果", max_length=20, choices=Result.choices, blank=True, help_text="空白表示尚未审结"
    )
    decided_on = models.DateField("结案日期", null=True, blank=True)
    request = models.ForeignKey(
        "Request",
        verbose_name="关联申请",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
    )
    request_number = models.CharField("关联申请编号", max_length=40, blank=True)
    note = models.TextField("备注", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = "行政复议、行政诉讼案件"
        verbose_name_plural = "行政复议、行政诉讼案件"
        ordering = ["-filed_on", "-id"]
        indexes = [models.Index(fields=["agency", "filed_on"], name="case_by_filed")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(result="", decided_on__isnull=True)
                | (~models.Q(result="") & models.Q(decided_on__isnull=False)),
                name="case_decided_iff_result",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}（{self.filed_on:%Y-%m-%d}）"

    def clean(self):
        if self.result and not self.decided_on:
            raise ValidationError({"decided_on": "已有结果的案件须填写结案日期。"})
        if self.decided_on and not self.result:
            raise ValidationError({"result": "填写了结案日期的案件须选择结果。"})
        if self.decided_on and self.filed_on and self.decided_on < self.filed_on:
            raise ValidationError({"decided_on": "结案日期不能早于立案日期。"})
        if self.request_id and self.request.agency_id != self.agency_id:
            raise ValidationError({"request": "关联申请须是本机关受理的申请。"})

    def result_as_of(self, day):
        """The result on `day` for the annual report: blank (尚未审结) if decided later."""
        return self.result if self.decided_on and self.decided_on <= day else ""
