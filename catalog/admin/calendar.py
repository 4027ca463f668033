from django.contrib import admin
from django.db import transaction

from .. import timeliness
from ..models import CalendarDay


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ("date", "kind", "name")
    list_filter = ("kind",)
    date_hierarchy = "date"
    search_fields = ("name",)

    # Items published across a changed day were counted on another calendar.
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        days = {obj.date, *([form.initial["date"]] if change and "date" in form.initial else [])}
        self._recount_on_commit(days)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        self._recount_on_commit({obj.date})

    def delete_queryset(self, request, queryset):
        days = set(queryset.values_list("date", flat=True))
        super().delete_queryset(request, queryset)
        self._recount_on_commit(days)

    def _recount_on_commit(self, days):
        def recount():
            for day in sorted(days):
                timeliness.recount_spanning(day)

        transaction.on_commit(recount)
