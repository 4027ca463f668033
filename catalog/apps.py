from django.apps import AppConfig

from organisation.roles import DISCLOSURE_OFFICE, INFORMATION_OFFICER, REVIEWER

_DRAFTING = [
    "catalog.view_directory",
    "catalog.view_channel",
    "catalog.view_item",
    "catalog.add_item",
    "catalog.change_item",
    "catalog.view_attachment",
    "catalog.add_attachment",
    "catalog.change_attachment",
    "catalog.delete_attachment",
]


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = "政府信息公开目录"

    # 信息员 drafts, 审核人 also publishes; the 公开办 keeps the directory tree and reads items.
    role_permissions = {
        INFORMATION_OFFICER: _DRAFTING,
        # 保密审查 (条例第十七条) is part of 审核; a 系统管理员 may give it to others (保密员) by group.
        REVIEWER: [*_DRAFTING, "catalog.publish_item", "catalog.review_secrecy"],
        DISCLOSURE_OFFICE: [
            "catalog.view_directory",
            "catalog.add_directory",
            "catalog.change_directory",
            "catalog.view_item",
            "catalog.view_attachment",
        ],
    }

    def ready(self):
        from django.db.models.signals import post_save

        from organisation.models import Agency
        from organisation.signals import agencies_changed
        from workcalendar.signals import calendar_changed

        from .publicity import agency_saved, bump_public_version
        from .timeliness import recount_changed_days

        # Public pages show agency names and contact data; 发布时效 is counted in working days.
        agencies_changed.connect(bump_public_version, dispatch_uid="catalog.agencies_changed")
        calendar_changed.connect(recount_changed_days, dispatch_uid="catalog.calendar_changed")
        post_save.connect(agency_saved, sender=Agency, dispatch_uid="catalog.agency_saved")
