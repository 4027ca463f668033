"""The official holiday arrangement, as entered by staff (read by workcalendar/workdays.py)."""

from django.core.exceptions import ValidationError
from django.db import models


class CalendarDay(models.Model):
    """A day of the State Council's holiday arrangement, entered by staff.

    Entered days override the `chinese-calendar` package, so that a year the
    package does not know yet is official as soon as its arrangement is entered.
    """

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", "放假"
        WORKDAY = "workday", "调休上班"

    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    name = models.CharField("名称", max_length=50, help_text="例如：春节、国庆节")

    class Meta:
        # The table keeps the name it had when the calendar was part of the catalog app.
        db_table = "catalog_calendarday"
        verbose_name = "节假日安排"
        verbose_name_plural = "节假日安排"
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}（{self.name}）"


class CalendarYear(models.Model):
    """Whether the State Council's arrangement of a year is entered in full.

    Until a year is marked complete, its days that staff did not enter keep the package's
    answer or, for a year the package does not know, the estimate marked 暂定: entering one day
    (say 元旦, published early) must not turn every other day of the year into a plain
    Monday–Friday that claims to be official (docs/legal-rules.md §1).
    """

    year = models.PositiveSmallIntegerField("年份", unique=True)
    complete = models.BooleanField(
        "已全部录入",
        default=False,
        help_text="勾选后，该年未录入的日期按星期一至星期五计算，不再标“暂定”。"
        "只有在国务院办公厅通知中的全部放假和调休上班日期都已录入后才能勾选。",
    )
    notice = models.CharField(
        "国务院办公厅通知文号",
        max_length=60,
        blank=True,
        help_text="例如：国办发明电〔2025〕7号",
    )

    class Meta:
        verbose_name = "年度节假日安排"
        verbose_name_plural = "年度节假日安排"
        ordering = ["-year"]

    def __str__(self):
        state = f"已全部录入（{self.notice}）" if self.complete else "尚未全部录入"
        return f"{self.year}年 {state}"

    def clean(self):
        if self.complete and not self.notice.strip():
            raise ValidationError({"notice": "标记为已全部录入时，须填写国务院办公厅通知的文号。"})
        if not 1949 < self.year < 2200:
            raise ValidationError({"year": "年份不在可录入的范围内。"})
