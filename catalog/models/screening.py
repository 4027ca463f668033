"""What the 审核人 decided about personal data found in an item (catalog/screening.py)."""

from django.conf import settings
from django.db import models

from .items import Item


class PersonalDataAcceptance(models.Model):
    """A value the privacy screen found that a 审核人 accepted for publication, with why.

    An acceptance names the value by its digest (catalog/privacy.py `value_digest`) and keeps
    only its masked form, so this table never holds personal data itself. It covers every
    place of that value in the item (title, body, attachments). Rows are only added: the
    item's log (`ItemEvent`) records each acceptance too.
    """

    item = models.ForeignKey(
        Item, verbose_name="政府信息", on_delete=models.CASCADE, related_name="privacy_acceptances"
    )
    digest = models.CharField("值摘要", max_length=64)
    kind = models.CharField("类型", max_length=20)
    masked = models.CharField("遮盖后的值", max_length=120)
    places = models.TextField("位置", blank=True)
    reason = models.TextField("可以公开的理由")
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="审核人", on_delete=models.PROTECT, related_name="+"
    )
    accepted_at = models.DateTimeField("确认时间", auto_now_add=True)

    class Meta:
        verbose_name = "个人信息公开确认"
        verbose_name_plural = "个人信息公开确认"
        constraints = [
            models.UniqueConstraint(fields=["item", "digest"], name="privacy_acceptance_once"),
        ]

    def __str__(self):
        return f"{self.kind} {self.masked}"
