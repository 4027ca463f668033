"""Who may see and touch what in the staff interface: the one place that says it.

Roles (`roles.py`) say *what* a staff member may do; `Agency.staff` says *where*:
- `Agency.objects.for_staff(user)` is the scoping rule (own agencies; a 公开办 also the
  subtree below them; a 系统管理员 everything);
- `works_for(user, agency)` and `oversees(user, agency)` are the predicates every app asks;
- `staff_view(perm)` guards the staff pages outside the admin;
- every admin class for data that belongs to an agency mixes in `AgencyScopedAdmin`, whose
  widgets (selects, raw-id fields and the labels beside them) offer and name only what the
  user may see.
"""

from functools import wraps

from django.contrib import admin
from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError

from .admin_lookups import CheckedListLookups
from .models import Agency

OVERSEE_PERM = "organisation.oversee_subordinates"
MANAGE_ALL_PERM = "organisation.manage_all_agencies"


def is_active_staff(user):
    return bool(user and user.is_authenticated and user.is_active and user.is_staff)


def is_system_admin(user):
    return user.is_active and (user.is_superuser or user.has_perm(MANAGE_ALL_PERM))


def works_for(user, agency):
    """Whether `user` is active staff whose scope includes `agency` (an Agency or its pk)."""
    if not is_active_staff(user):
        return False
    agency_id = getattr(agency, "pk", agency)
    return Agency.objects.for_staff(user).filter(pk=agency_id).exists()


def has_oversight(user):
    """Whether `user` answers for the agencies below their own (a 公开办, 系统管理员)."""
    return user.is_superuser or user.has_perm(OVERSEE_PERM)


def oversees(user, agency):
    """Whether `user` answers for `agency` and everything below it."""
    return has_oversight(user) and works_for(user, agency)


def staff_agencies(request):
    """The agencies of the logged-in staff member, computed once per request."""
    if not hasattr(request, "_staff_agencies"):
        request._staff_agencies = Agency.objects.for_staff(request.user)
    return request._staff_agencies


def staff_view(perm=None):
    """A staff page: anonymous visitors go to the login page, staff without `perm` get 403.

    Without `perm`, every staff member may open it (the staff home).
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not (request.user.is_authenticated and request.user.is_staff):
                return redirect_to_login(request.get_full_path())
            if perm and not request.user.has_perm(perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class ScopedRawIdWidget(ForeignKeyRawIdWidget):
    """A raw-id field whose label names the chosen object only if the user may choose it.

    Django's widget looks the label up in the model's unscoped manager: `?request=32` on the
    case form showed another agency's request number and applicant's name to anyone.
    """

    def __init__(self, rel, admin_site, queryset, attrs=None, using=None):
        super().__init__(rel, admin_site, attrs, using)
        self.queryset = queryset

    def label_and_url_for_value(self, value):
        key = self.rel.get_related_field().name
        try:
            visible = self.queryset.filter(**{key: value}).exists()
        except (ValueError, ValidationError, OverflowError):
            visible = False
        return super().label_and_url_for_value(value) if visible else ("", "")


class AgencyScopedAdmin(CheckedListLookups, admin.ModelAdmin):
    """Admin for a model with an `agency` foreign key (or `agency_field` path)."""

    agency_field = "agency"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset.filter(**{f"{self.agency_field}__in": staff_agencies(request)})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Agency:
            kwargs["queryset"] = staff_agencies(request).order_by("tree_id", "lft")
        elif db_field.name in self.raw_id_fields and "queryset" not in kwargs:
            # What the related model's own admin lets this user see, as its popup list does.
            related_admin = self.admin_site._registry.get(db_field.related_model)
            if related_admin is not None:
                kwargs["queryset"] = related_admin.get_queryset(request)
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if formfield is not None and isinstance(formfield.widget, ForeignKeyRawIdWidget):
            widget = formfield.widget
            formfield.widget = ScopedRawIdWidget(
                widget.rel, widget.admin_site, formfield.queryset, widget.attrs, widget.db
            )
        return formfield
