"""Admin for cases; requests are handled in the workbench (/staff/requests/), linked from here."""

from django.contrib import admin
from django.contrib.admin.views.main import SEARCH_VAR
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect, QueryDict
from django.urls import reverse
from django.utils.html import format_html

from organisation.access import AgencyScopedAdmin

from . import search_terms
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

    # The search box may hold an applicant's name: it is POSTed (the template
    # admin/requests_app/request/search_form.html) and the list's URL carries a token
    # (requests_app/search_terms.py), never the name.

    def changelist_view(self, request, extra_context=None):
        if request.method == "POST" and "_search" in request.POST:
            if not self.has_view_or_change_permission(request):
                raise PermissionDenied
            query = QueryDict(mutable=True)
            for name, value in request.POST.items():
                if name not in (SEARCH_VAR, "_search", "csrfmiddlewaretoken"):
                    query[name] = value
            term = request.POST.get(SEARCH_VAR, "").strip()
            if term:
                query[SEARCH_VAR] = search_terms.remember(request, term)
            return HttpResponseRedirect(f"{request.path}?{query.urlencode()}")
        return super().changelist_view(request, extra_context)

    def _term(self, request, search_term):
        if search_terms.is_token(search_term):
            return search_terms.recall(request, search_term) or ""
        return search_term

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, self._term(request, search_term))

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        changelist.query = self._term(request, changelist.query)  # what the search box shows
        return changelist

    @admin.display(description="办理")
    def workbench(self, obj):
        return format_html('<a href="{}">打开</a>', reverse("requests_app:detail", args=[obj.pk]))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
