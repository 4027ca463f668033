"""{% report_reminders %}: last year's unpublished annual reports of the user's agencies, with
days left or overdue (reports/reminders.py). Shown on the 工作台 and the report list."""

from django import template

from ..reminders import unpublished

register = template.Library()
SHOWN = 20  # more than this is a province-wide office: the report list pages through them
OPEN_UP_TO = 5  # a longer list starts folded, so the page's own content stays in view


@register.inclusion_tag("reports/_reminders.html", takes_context=True)
def report_reminders(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.has_perm("reports.view_annualreport"):
        return {"reminders": []}
    reminders = unpublished(user)
    return {
        "reminders": reminders[:SHOWN],
        "more": max(len(reminders) - SHOWN, 0),
        "total": len(reminders),
        "overdue": sum(reminder.overdue for reminder in reminders),
        "open_up_to": OPEN_UP_TO,
        "year": reminders[0].year if reminders else None,
    }
