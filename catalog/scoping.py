"""Agency scoping for the staff interface: the one place that says who sees what.

Every admin class for data that belongs to an agency mixes in AgencyScopedAdmin,
so a staff member only lists, opens, changes and chooses agencies within
`Agency.objects.for_staff(user)`.
"""

from django.contrib import admin

from .models import Agency


def staff_agencies(request):
    """The agencies of the logged-in staff member, computed once per request."""
    if not hasattr(request, "_staff_agencies"):
        request._staff_agencies = Agency.objects.for_staff(request.user)
    return request._staff_agencies


class AgencyScopedAdmin(admin.ModelAdmin):
    """Admin for a model with an `agency` foreign key (or `agency_field` path)."""

    agency_field = "agency"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset.filter(**{f"{self.agency_field}__in": staff_agencies(request)})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Agency:
            kwargs["queryset"] = staff_agencies(request).order_by("tree_id", "lft")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
