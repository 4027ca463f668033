"""Staff accounts: a 系统管理员 sets up a user's agencies and roles on one page.

Where a staff member works is `Agency.staff` (reverse `user.agencies`); what they may do is their
role groups (`organisation/roles.py`). Only a 系统管理员 (superuser or `organisation.manage_all_agencies`)
sees these pages at all, whatever model permissions a group may have been given by hand.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import FilteredSelectMultiple, RelatedFieldWidgetWrapper
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group, User

from ..access import is_system_admin
from ..admin_lookups import CheckedListLookups
from ..models import Agency

AGENCIES_HELP = (
    "工作人员只能查看和处理所属机关的数据；具有“公开办”角色的还包括所属机关的全部下级机关。"
)
ROLES_HELP = (
    "信息员起草信息，审核人审核发布，办理人办理依申请公开，负责人审批延期，"
    "公开办监督本机关及下级机关，系统管理员管理全部机关和账号。"
)


def label_roles(form):
    if "groups" in form.fields:
        field = form.fields["groups"]
        field.label = "角色"
        field.help_text = ROLES_HELP
        # The two-box picker names its boxes after its widget ("可选的角色"), not the model ("组").
        picker = getattr(field.widget, "widget", field.widget)
        if isinstance(picker, FilteredSelectMultiple):
            picker.verbose_name = "角色"


def agencies_field():
    return forms.ModelMultipleChoiceField(
        queryset=Agency.objects.order_by("tree_id", "lft"),
        required=False,
        label="所属机关",
        help_text=AGENCIES_HELP,
        # Wrapped like the admin wraps `groups`, which the selector's layout relies on.
        widget=RelatedFieldWidgetWrapper(
            FilteredSelectMultiple("机关", is_stacked=False),
            User._meta.get_field("agencies"),
            admin.site,
            can_add_related=False,
            can_change_related=False,
            can_delete_related=False,
            can_view_related=False,
        ),
    )


class StaffChangeForm(UserChangeForm):
    agencies = agencies_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["agencies"] = list(self.instance.agencies.values_list("pk", flat=True))
        label_roles(self)


class StaffCreationForm(AdminUserCreationForm):
    agencies = agencies_field()

    class Meta(AdminUserCreationForm.Meta):
        fields = ("username", "first_name", "email", "is_staff", "groups")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Accounts made here are for agency staff, who need the staff interface.
        self.fields["is_staff"].initial = True
        label_roles(self)


class SystemAdminOnly:
    """Users and groups are the 系统管理员's business alone (a 公开办 must not touch them)."""

    def has_module_permission(self, request):
        return is_system_admin(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return is_system_admin(request.user) and super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return is_system_admin(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return is_system_admin(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return is_system_admin(request.user) and super().has_delete_permission(request, obj)


admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class StaffAdmin(CheckedListLookups, SystemAdminOnly, UserAdmin):
    form = StaffChangeForm
    add_form = StaffCreationForm
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("个人信息", {"fields": ("first_name", "last_name", "email")}),
        ("所属机关与角色", {"fields": ("agencies", "groups")}),
        (
            "账号状态与权限",
            {"fields": ("is_active", "is_staff", "is_superuser", "user_permissions")},
        ),
        ("重要日期", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "usable_password", "password1", "password2"),
            },
        ),
        ("个人信息", {"fields": ("first_name", "email")}),
        ("所属机关与角色", {"fields": ("is_staff", "agencies", "groups")}),
    )
    list_display = ("username", "first_name", "agency_names", "role_names", "is_staff", "is_active")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups")
    search_fields = ("username", "first_name", "last_name", "email", "agencies__name")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("agencies", "groups")

    def get_readonly_fields(self, request, obj=None):
        # A 系统管理员 who is not a superuser cannot make anyone (themselves included) a superuser.
        if request.user.is_superuser:
            return ()
        return ("is_superuser", "user_permissions")

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if "agencies" in form.cleaned_data:
            form.instance.agencies.set(form.cleaned_data["agencies"])

    @admin.display(description="所属机关")
    def agency_names(self, user):
        return "、".join(agency.name for agency in user.agencies.all())

    @admin.display(description="角色")
    def role_names(self, user):
        return "、".join(group.name for group in user.groups.all())


@admin.register(Group)
class RoleAdmin(CheckedListLookups, SystemAdminOnly, GroupAdmin):
    pass
