"""What makes a letter an office's letter: its 文号 from the agency's yearly series, and its
送达 (how and when it reached the addressee), from which the addressee's periods run."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction

from organisation.models import DEFAULT_LETTER_NUMBER_PATTERN, Agency


class LetterCounter(models.Model):
    """The last 文号 number of one agency in one year. Taking a number locks this row
    (select_for_update), so two answers issued at once never share a number on PostgreSQL."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="letter_counter_unique"),
        ]

    def __str__(self):
        return f"{self.agency_id}/{self.year}: {self.last}"


def format_letter_number(agency, year, number):
    """The agency's pattern filled in: "{简称}依复〔{年}〕{号}号" → "舒财依复〔2026〕8号"."""
    pattern = agency.letter_number_pattern or DEFAULT_LETTER_NUMBER_PATTERN
    return (
        pattern.replace("{简称}", agency.short_name or agency.name)
        .replace("{年}", str(year))
        .replace("{号}", str(number))
    )


def take_letter_number(agency, day):
    """The next 文号 of `agency` for the year of `day`. Call inside the transaction that stores
    it: the counter row stays locked until that commits, and a rollback gives the number back."""
    assert transaction.get_connection().in_atomic_block, "call inside transaction.atomic()"
    LetterCounter.objects.bulk_create(
        [LetterCounter(agency=agency, year=day.year)], ignore_conflicts=True
    )
    counter = LetterCounter.objects.select_for_update().get(agency=agency, year=day.year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return format_letter_number(agency, day.year, counter.last)


class Service(models.Model):
    """送达 of one letter: how, when it left, and when the addressee received it. The periods
    the letter gives (补正, the 20 days to pay, the third party's 15 days) run from `received_on`
    (docs/legal-rules.md §5 送达)."""

    class Method(models.TextChoices):
        IN_PERSON = "in_person", "当面送达"
        POST = "post", "邮寄"
        EMAIL = "email", "电子邮件"
        PLATFORM = "platform", "网上平台"

    request = models.ForeignKey(
        "Request", verbose_name="申请", on_delete=models.CASCADE, related_name="services"
    )
    letter = models.CharField("文书", max_length=30)
    record_id = models.PositiveIntegerField("文书记录", null=True, blank=True)
    method = models.CharField("送达方式", max_length=20, choices=Method.choices)
    sent_on = models.DateField("发出日期")
    received_on = models.DateField(
        "送达日期", help_text="当面：签收之日；邮寄：回执上的签收日期；电子邮件、平台：到达之日"
    )
    reference = models.CharField("邮件单号或说明", max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="经办人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "送达"
        verbose_name_plural = "送达"
        ordering = ["received_on", "id"]
        constraints = [
            # One service per letter: a second would make "the day it was received" ambiguous.
            models.UniqueConstraint(
                fields=["request", "letter", "record_id"],
                name="service_one_per_letter",
                nulls_distinct=False,
            ),
        ]

    def __str__(self):
        return f"{self.get_method_display()}，{self.received_on:%Y-%m-%d}送达"

    def clean(self):
        if self.received_on and self.sent_on and self.received_on < self.sent_on:
            raise ValidationError({"received_on": "送达日期不能早于发出日期。"})
