from django.contrib import admin
from mptt.admin import DraggableMPTTAdmin

from ..models import Agency
from ..scoping import staff_agencies

SYSTEM_FIELDS = ("name", "credit_code", "kind", "parent", "staff")


@admin.register(Agency)
class AgencyAdmin(DraggableMPTTAdmin):
    list_display = ("tree_actions", "indented_title", "credit_code", "kind", "phone")
    list_display_links = ("indented_title",)
    list_filter = ("kind",)
    search_fields = ("name", "credit_code")
    filter_horizontal = ("staff",)
    fieldsets = (
        (None, {"fields": ("name", "credit_code", "kind", "parent")}),
        (
            "政府信息公开工作机构联系方式",
            {"fields": ("address", "office_hours", "phone", "fax", "email", "postcode")},
        ),
        ("工作人员", {"fields": ("staff",)}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).filter(pk__in=staff_agencies(request))

    def _is_system_admin(self, request):
        return request.user.is_superuser or request.user.has_perm("catalog.manage_all_agencies")

    def get_readonly_fields(self, request, obj=None):
        # Only a 系统管理员 reshapes the tree or assigns staff; an office keeps its contact data current.
        return () if self._is_system_admin(request) else SYSTEM_FIELDS

    def has_add_permission(self, request):
        return self._is_system_admin(request) and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return self._is_system_admin(request) and super().has_delete_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":
            kwargs["queryset"] = staff_agencies(request).order_by("tree_id", "lft")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
