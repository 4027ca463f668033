from django.apps import AppConfig
from django.db.models.signals import post_migrate

from .roles import DISCLOSURE_OFFICE, HANDLER, HEAD_OF_OFFICE, INFORMATION_OFFICER, REVIEWER


class OrganisationConfig(AppConfig):
    name = "organisation"
    verbose_name = "机关与用户"

    # Every role sees its agencies; a 公开办 keeps their contact data and oversees those below.
    role_permissions = {
        INFORMATION_OFFICER: ["organisation.view_agency"],
        REVIEWER: ["organisation.view_agency"],
        HANDLER: ["organisation.view_agency"],
        HEAD_OF_OFFICE: ["organisation.view_agency"],
        DISCLOSURE_OFFICE: [
            "organisation.view_agency",
            "organisation.change_agency",
            "organisation.oversee_subordinates",
        ],
    }

    def ready(self):
        from .roles import sync_role_groups

        # Groups need the permissions of every app, so sync after each migrate run.
        post_migrate.connect(sync_role_groups, dispatch_uid="organisation.sync_role_groups")
