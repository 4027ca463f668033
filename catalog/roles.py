"""The staff roles of an agency, as Django groups with fixed permissions.

Roles say *what* a staff member may do; `Agency.staff` says *where*. Both are
needed: a 审核人 may publish, but only items of the agencies they belong to.
The groups are rebuilt from ROLE_PERMISSIONS after every `migrate`, so a
permission added here reaches every installation without a data migration.
"""

from django.contrib.auth.models import Group, Permission

INFORMATION_OFFICER = "信息员"
REVIEWER = "审核人"
HANDLER = "办理人"
HEAD_OF_OFFICE = "负责人"
DISCLOSURE_OFFICE = "公开办"
SYSTEM_ADMIN = "系统管理员"

_VIEW_AGENCY = ["catalog.view_agency"]

# "app_label.codename"; permissions of apps not yet migrated are skipped.
ROLE_PERMISSIONS = {
    INFORMATION_OFFICER: _VIEW_AGENCY
    + [
        "catalog.view_directory",
        "catalog.view_channel",
        "catalog.view_item",
        "catalog.add_item",
        "catalog.change_item",
        "catalog.view_attachment",
        "catalog.add_attachment",
        "catalog.change_attachment",
        "catalog.delete_attachment",
    ],
    REVIEWER: _VIEW_AGENCY
    + [
        "catalog.view_directory",
        "catalog.view_channel",
        "catalog.view_item",
        "catalog.add_item",
        "catalog.change_item",
        "catalog.publish_item",
        "catalog.view_attachment",
        "catalog.add_attachment",
        "catalog.change_attachment",
        "catalog.delete_attachment",
    ],
    HANDLER: _VIEW_AGENCY
    + [
        "requests_app.view_request",
        "requests_app.add_request",
        "requests_app.change_request",
        "requests_app.view_case",
        "requests_app.add_case",
        "requests_app.change_case",
        "catalog.view_calendarday",
    ],
    HEAD_OF_OFFICE: _VIEW_AGENCY
    + [
        "requests_app.view_request",
        "requests_app.change_request",
        "requests_app.approve_extension",
        "requests_app.view_case",
        # A department has no 公开办 of its own: its 负责人 signs off its annual report.
        "reports.view_annualreport",
        "reports.add_annualreport",
        "reports.change_annualreport",
        "reports.publish_annualreport",
    ],
    DISCLOSURE_OFFICE: [
        "catalog.view_agency",
        "catalog.change_agency",
        "catalog.oversee_subordinates",
        "catalog.view_directory",
        "catalog.add_directory",
        "catalog.change_directory",
        "catalog.view_item",
        "catalog.view_attachment",
        "catalog.view_calendarday",
        "catalog.add_calendarday",
        "catalog.change_calendarday",
        "catalog.delete_calendarday",
        "requests_app.view_request",
        "requests_app.view_case",
        "reports.view_annualreport",
        "reports.add_annualreport",
        "reports.change_annualreport",
        "reports.publish_annualreport",
    ],
}


def permissions_for(codes):
    """The Permission rows named by "app_label.codename" strings that exist now."""
    wanted = {tuple(code.split(".", 1)) for code in codes}
    apps = {app for app, _ in wanted}
    candidates = Permission.objects.filter(content_type__app_label__in=apps).select_related(
        "content_type"
    )
    return [p for p in candidates if (p.content_type.app_label, p.codename) in wanted]


def sync_role_groups(**kwargs):
    """Create the role groups and give each exactly its permissions."""
    for name, codes in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions_for(codes))
    admins, _ = Group.objects.get_or_create(name=SYSTEM_ADMIN)
    # Including django-axes, so that a 系统管理员 can unlock a locked-out colleague.
    admins.permissions.set(Permission.objects.all())
