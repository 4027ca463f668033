from django.contrib import admin
from django.db import transaction

from organisation.admin_lookups import CheckedListLookups

from .models import CalendarDay
from .signals import calendar_changed


@admin.register(CalendarDay)
class CalendarDayAdmin(CheckedListLookups, admin.ModelAdmin):
    list_display = ("date", "kind", "name")
    list_filter = ("kind",)
    date_hierarchy = "date"
    search_fields = ("name",)

    # Whatever was counted across a changed day (e.g. an item's 发布时效) was counted on
    # another calendar: the apps that count listen to `calendar_changed`.
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        days = {obj.date, *([form.initial["date"]] if change and "date" in form.initial else [])}
        self._announce_on_commit(days)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        self._announce_on_commit({obj.date})

    def delete_queryset(self, request, queryset):
        days = set(queryset.values_list("date", flat=True))
        super().delete_queryset(request, queryset)
        self._announce_on_commit(days)

    def _announce_on_commit(self, days):
        transaction.on_commit(lambda: calendar_changed.send(sender=CalendarDay, days=days))
