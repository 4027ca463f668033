import datetime

from django.contrib import admin
from django.db import transaction

from organisation.admin_lookups import CheckedListLookups

from .models import CalendarDay, CalendarYear
from .signals import calendar_changed


def _announce_on_commit(days):
    # Whatever was counted across a changed day (an item's 发布时效, a request's due date) was
    # counted on another calendar: the apps that count listen to `calendar_changed`.
    transaction.on_commit(lambda: calendar_changed.send(sender=CalendarDay, days=days))


def _days_of(year):
    first = datetime.date(year, 1, 1)
    return {
        first + datetime.timedelta(days=n)
        for n in range((first.replace(year=year + 1) - first).days)
    }


@admin.register(CalendarDay)
class CalendarDayAdmin(CheckedListLookups, admin.ModelAdmin):
    list_display = ("date", "kind", "name")
    list_filter = ("kind",)
    date_hierarchy = "date"
    search_fields = ("name",)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        days = {obj.date, *([form.initial["date"]] if change and "date" in form.initial else [])}
        _announce_on_commit(days)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        _announce_on_commit({obj.date})

    def delete_queryset(self, request, queryset):
        days = set(queryset.values_list("date", flat=True))
        super().delete_queryset(request, queryset)
        _announce_on_commit(days)


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    """The per-year "entered in full" marker: setting or clearing it changes every unentered
    day of the year from estimate to official (or back), so the whole year is announced."""

    list_display = ("year", "complete", "notice")
    list_filter = ("complete",)

    def get_readonly_fields(self, request, obj=None):
        return ("year",) if obj else ()

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        _announce_on_commit(_days_of(obj.year))

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        _announce_on_commit(_days_of(obj.year))

    def delete_queryset(self, request, queryset):
        days = set().union(*(_days_of(year) for year in queryset.values_list("year", flat=True)))
        super().delete_queryset(request, queryset)
        _announce_on_commit(days)
