"""The staff roles of an agency, as Django groups with fixed permissions.

Roles say *what* a staff member may do; `Agency.staff` says *where*. Both are
needed: a 审核人 may publish, but only items of the agencies they belong to.

Each app declares the permissions its roles need as `role_permissions` on its
AppConfig ({role: ["app_label.codename", ...]}); `role_permissions()` composes them.
The groups are rebuilt after every `migrate`, so a permission added by an app reaches
every installation without a data migration.
"""

from django.apps import apps

INFORMATION_OFFICER = "信息员"
REVIEWER = "审核人"
HANDLER = "办理人"
HEAD_OF_OFFICE = "负责人"
DISCLOSURE_OFFICE = "公开办"
SYSTEM_ADMIN = "系统管理员"

ROLES = (INFORMATION_OFFICER, REVIEWER, HANDLER, HEAD_OF_OFFICE, DISCLOSURE_OFFICE)


def role_permissions():
    """{role: set of "app_label.codename"}, gathered from every installed app."""
    composed = {role: set() for role in ROLES}
    for config in apps.get_app_configs():
        for role, codes in getattr(config, "role_permissions", {}).items():
            composed[role].update(codes)
    return composed


def permissions_for(codes):
    """The Permission rows named by "app_label.codename" strings that exist now."""
    # Imported here: every AppConfig imports the role names before the models are ready.
    from django.contrib.auth.models import Permission

    wanted = {tuple(code.split(".", 1)) for code in codes}
    app_labels = {app for app, _ in wanted}
    candidates = Permission.objects.filter(content_type__app_label__in=app_labels).select_related(
        "content_type"
    )
    return [p for p in candidates if (p.content_type.app_label, p.codename) in wanted]


def sync_role_groups(**kwargs):
    """Create the role groups and give each exactly its permissions."""
    from django.contrib.auth.models import Group, Permission

    for name, codes in role_permissions().items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions_for(codes))
    admins, _ = Group.objects.get_or_create(name=SYSTEM_ADMIN)
    # Including django-axes, so that a 系统管理员 can unlock a locked-out colleague.
    admins.permissions.set(Permission.objects.all())
