"""Which of a staff member's agencies have not yet published last year's annual report.

条例第四十九条: every 行政机关 publishes its report on the previous year by 31 January; a 县级以上
人民政府 publishes the report of the government itself by 31 March (docs/legal-rules.md §8).
Agency kind 人民政府 takes the March date; 部门, 乡镇街道 (a 乡镇人民政府 is not 县级以上) and the
rest take January. A report counts as published while its catalog entry is (a withdrawn report
is due again), whether it is the agency's own report or the sum over its subtree.

Two queries whatever the number of agencies: the user's agencies (inside `for_staff`) and the
unpublished ones with a NOT IN subquery over published revisions.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from catalog.models import Item
from organisation.models import Agency

from .models import ReportRevision

DUE_SOON_DAYS = 14  # highlighted from two weeks before the deadline


def due_date(kind, year):
    """The deadline of the report on `year` for an agency of `kind`."""
    if kind == Agency.Kind.GOVERNMENT:
        return datetime.date(year + 1, 3, 31)
    return datetime.date(year + 1, 1, 31)


@dataclass
class Reminder:
    agency_id: int
    name: str
    kind: str
    year: int
    due: datetime.date
    days_left: int  # negative once overdue

    @property
    def overdue(self):
        return self.days_left < 0

    @property
    def days_overdue(self):
        return -self.days_left

    @property
    def due_soon(self):
        return 0 <= self.days_left <= DUE_SOON_DAYS


def report_year(today=None):
    """The year whose reports are due now: the one before this."""
    return (today or timezone.localdate()).year - 1


def unpublished(user, today=None, agencies=None):
    """Reminders for last year's report of every agency `user` may see that has not published
    it, the nearest deadline (the most overdue) first, then in tree order. `agencies`: the
    user's agencies if the caller has them already (`organisation.access.staff_agencies`)."""
    today = today or timezone.localdate()
    year = report_year(today)
    if agencies is None:
        agencies = Agency.objects.for_staff(user)
    published = ReportRevision.objects.filter(
        report__year=year, item__status=Item.Status.PUBLISHED
    ).values("report__agency")
    rows = (
        agencies.exclude(pk__in=published)
        .order_by("tree_id", "lft")
        .values_list("pk", "name", "kind")
    )
    reminders = []
    for pk, name, kind in rows:
        due = due_date(kind, year)
        reminders.append(Reminder(pk, name, kind, year, due, (due - today).days))
    reminders.sort(key=lambda reminder: reminder.due)  # stable: tree order within a date
    return reminders
