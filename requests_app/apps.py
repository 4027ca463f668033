from django.apps import AppConfig

from organisation.roles import DISCLOSURE_OFFICE, HANDLER, HEAD_OF_OFFICE


class RequestsAppConfig(AppConfig):
    name = "requests_app"
    verbose_name = "依申请公开"

    # A 办理人 registers and answers; a 负责人 approves extensions; the 公开办 watches.
    role_permissions = {
        HANDLER: [
            "requests_app.view_request",
            "requests_app.add_request",
            "requests_app.change_request",
            "requests_app.view_case",
            "requests_app.add_case",
            "requests_app.change_case",
        ],
        HEAD_OF_OFFICE: [
            "requests_app.view_request",
            "requests_app.change_request",
            "requests_app.approve_extension",
            "requests_app.sign_off_answer",
            "requests_app.view_case",
            # 保密审查 of the files an answer discloses (条例第十七条, models/answer_secrecy.py),
            # the same permission as an item's; a 审核人 who also handles requests has it too.
            "catalog.review_secrecy",
        ],
        # 转办 and 督办 within the subtree (models/routing.py).
        DISCLOSURE_OFFICE: [
            "requests_app.view_request",
            "requests_app.view_case",
            "requests_app.route_request",
        ],
    }

    def ready(self):
        from django.db.models.signals import post_save

        from workcalendar.signals import calendar_changed

        from . import notices, recount
        from .models import RequestEvent

        # The applicant's notice of each step that concerns them (notices.py).
        post_save.connect(notices.on_event, sender=RequestEvent, dispatch_uid="notices.on_event")

        # The stored due date follows every change of the records and of the calendar.
        recount.connect()
        calendar_changed.connect(
            recount.recount_changed_days, dispatch_uid="requests_app.calendar_changed"
        )
