"""Admin for cases; requests are handled in the workbench (/staff/requests/), linked from here."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from organisation.access import AgencyScopedAdmin

from .models import Case, Request


@admin.register(Case)
class CaseAdmin(AgencyScopedAdmin):
    list_display = ("agency", "kind", "filed_on", "result", "decided_on", "request_number")
    list_filter = ("kind", "result")
    date_hierarchy = "filed_on"
    search_fields = ("request_number", "note")
    raw_id_fields = ("request",)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "request":
            kwargs["queryset"] = Request.objects.for_staff(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Request)
class RequestAdmin(AgencyScopedAdmin):
    """A read-only index; every change goes through the workbench's state methods."""

    list_display = (
        "number",
        "agency",
        "applicant_kind",
        "channel",
        "received_on",
        "status",
        "workbench",
    )
    list_filter = ("status", "channel", "applicant_kind", "outcome")
    search_fields = ("number", "applicant_name")
    date_hierarchy = "received_on"
    list_select_related = ("agency",)

    @admin.display(description="办理")
    def workbench(self, obj):
        return format_html('<a href="{}">打开</a>', reverse("requests_app:detail", args=[obj.pk]))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
