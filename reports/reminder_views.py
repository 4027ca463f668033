"""The agencies that have not yet published last year's annual report, in full: the list the
staff home's count opens (the home and the report list show the first few, reminders.py)."""

from django.core.paginator import Paginator
from django.shortcuts import render

from organisation.access import staff_view

from .reminders import report_year, unpublished

PAGE_SIZE = 50


@staff_view("reports.view_annualreport")
def unpublished_list(request):
    reminders = unpublished(request.user)
    page = Paginator(reminders, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/unpublished.html",
        {
            "page": page,
            "year": report_year(),
            "overdue": sum(reminder.overdue for reminder in reminders),
        },
    )
