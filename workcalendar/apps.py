from django.apps import AppConfig

from organisation.roles import DISCLOSURE_OFFICE, HANDLER


class WorkCalendarConfig(AppConfig):
    name = "workcalendar"
    verbose_name = "工作日历"

    # The 公开办 enters the year's holiday arrangement; a 办理人 reads it to explain a due date.
    role_permissions = {
        HANDLER: ["workcalendar.view_calendarday", "workcalendar.view_calendaryear"],
        DISCLOSURE_OFFICE: [
            f"workcalendar.{action}_{model}"
            for model in ("calendarday", "calendaryear")
            for action in ("view", "add", "change", "delete")
        ],
    }
