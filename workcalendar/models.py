"""The official holiday arrangement, as entered by staff (read by workcalendar/workdays.py)."""

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
