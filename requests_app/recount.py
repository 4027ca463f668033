"""Keeping the stored due date (`Request.due_on`) equal to the computed one (docs/legal-rules.md
§3): whatever moves a due date recounts it, as 发布时效 is recounted (catalog/timeliness.py).

- a request saved: `Request.save()` itself;
- a 补正, consultation, extension, fee notice or 第三十五条 延迟答复 saved or deleted (by the workflow, the ledger
  import or the admin): the signal handlers below;
- the working-day calendar changed (a day entered or removed, a year marked complete):
  `recount_changed_days`, connected to `workcalendar.signals.calendar_changed`.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from .models import Consultation, Correction, Extension, FeeNotice, ReasonsRequest, Request

CLOCK_RECORDS = (Correction, Consultation, Extension, FeeNotice, ReasonsRequest)


def recount_for_record(sender, instance, **kwargs):
    """A record of the clock changed: recount its request (the instance the workflow holds,
    when it holds one, so that it sees its own new due date)."""
    request = instance._state.fields_cache.get("request")
    if request is None:
        request = Request.objects.filter(pk=instance.request_id).first()
    if request is not None and request.pk is not None:
        request.recount_due()


def connect():
    for model in CLOCK_RECORDS:
        name = model.__name__
        post_save.connect(recount_for_record, sender=model, dispatch_uid=f"recount.save.{name}")
        post_delete.connect(recount_for_record, sender=model, dispatch_uid=f"recount.delete.{name}")


def recount(requests, chunk=2000):
    """Recount the due dates of `requests`; returns how many changed."""
    changed = []
    for request in requests.with_clock().iterator(chunk_size=chunk):
        before = (request.due_on, request.due_provisional)
        request._store_due(request.due())
        if (request.due_on, request.due_provisional) != before:
            changed.append(request)
    Request.objects.bulk_update(changed, ["due_on", "due_provisional"], batch_size=500)
    return len(changed)


def recount_changed_days(days, **kwargs):
    """Connected to `workcalendar.signals.calendar_changed`: recount every request whose clock
    ran across one of `days` (started before it, due on or after it). A due date moved by
    the calendar never falls before the date the applicant was told (`Request.due`)."""
    if not days:
        return 0
    first, last = min(days), max(days)
    spanning = Request.objects.filter(received_on__lt=last, due_on__gte=first)
    with transaction.atomic():
        return recount(spanning)
