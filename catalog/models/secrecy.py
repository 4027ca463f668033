"""保密审查 (条例第十七条): of an item before it is published (catalog/workflow.py
`review_secrecy`); the files an answer discloses are reviewed the same way
(requests_app/models/answer_secrecy.py), and both records share `AbstractSecrecyReview`."""

from django.conf import settings
from django.db import models

from .items import Item


class AbstractSecrecyReview(models.Model):
    """Who reviewed, when, what they concluded and on what basis. Rows are only added."""

    class Conclusion(models.TextChoices):
        CLEARED = "cleared", "不涉及国家秘密和工作秘密，可以公开"
        NOT_CLEARED = "not_cleared", "涉及国家秘密或其他不得公开的内容，不得公开"

    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="审查人", on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField("审查时间", auto_now_add=True)
    conclusion = models.CharField("审查结论", max_length=20, choices=Conclusion.choices)
    basis = models.TextField("审查依据")

    class Meta:
        abstract = True
        ordering = ["reviewed_at", "id"]

    def __str__(self):
        return f"{self.get_conclusion_display()}（{self.reviewer}）"

    @property
    def is_cleared(self):
        return self.conclusion == self.Conclusion.CLEARED


class SecrecyReview(AbstractSecrecyReview):
    """The review of an item: publishing needs a "可以公开" conclusion recorded after the item was
    last submitted for review (`Item.secrecy_cleared`). The item's log records each review too.
    """

    item = models.ForeignKey(
        Item, verbose_name="政府信息", on_delete=models.CASCADE, related_name="secrecy_reviews"
    )
    # The example is shown to whoever reviews, an item's or an answer's files (AnswerSecrecyForm).
    basis = models.TextField(
        "审查依据",
        help_text="如：《中华人民共和国保守国家秘密法》第十三条、本机关保密事项范围，经核对不涉密",
    )

    class Meta(AbstractSecrecyReview.Meta):
        verbose_name = "保密审查"
        verbose_name_plural = "保密审查"
