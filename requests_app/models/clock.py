"""A request's legal clock (条例第三十三条; docs/legal-rules.md §3): the answer deadline computed
from the records (`due()`), and stored with the request so that the database can sort, filter
and count by it (`due_on`, kept by `Request.save()` and `recount_due()`). The rules themselves are
plain functions in `deadlines.py`. Mixed into `Request`."""

from django.utils import timezone

from .. import deadlines


class RequestClock:
    def _store_due(self, due):
        self.due_on = due.date if due else None
        self.due_provisional = bool(due and due.provisional)

    def recount_due(self):
        """Compute the due date from the records as they are now and store it if it changed
        (a plain UPDATE: no signal, no `updated_at`). Returns the `Deadline` (or None)."""
        self._prefetched_objects_cache = {}
        self._state.fields_cache.pop("correction", None)
        self._state.fields_cache.pop("extension", None)
        due = self.due()
        before = (self.due_on, self.due_provisional)
        self._store_due(due)
        if (self.due_on, self.due_provisional) != before:
            type(self).objects.filter(pk=self.pk).update(
                due_on=self.due_on, due_provisional=self.due_provisional
            )
        return due

    @property
    def is_extended(self):
        extension = self._one("extension")
        return extension is not None and extension.is_approved

    def pauses(self):
        consultations = [
            deadlines.consultation_pause(c.sent_on, c.replied_on if c.is_closed else None)
            for c in self._prefetched("consultations")
        ]
        fees = [
            deadlines.fee_pause(f.notified_on, f.paid_on) for f in self._prefetched("fee_notices")
        ]
        return consultations + fees

    def clock_start(self):
        """The received date, or the day the corrected request arrived (条例第三十条)."""
        correction = self._one("correction")
        return correction.corrected_on if correction and correction.corrected_on else None

    def due(self, extended=None):
        """The current answer deadline (a `Deadline`), or None while waiting for a 补正.

        Never earlier than the date the applicant was last told (`told_due_on`, docs/legal-rules.md
        §3): only a step given a logged reason moves that (`confirm_receipt`). With `extended`
        given, the plain computation (e.g. the original deadline of a 延期 letter)."""
        if self.status == self.Status.AWAITING_CORRECTION:
            return None
        computed = self.computed_due(extended)
        if extended is None and self.told_due_on and computed.date < self.told_due_on:
            return deadlines.Deadline(self.told_due_on, computed.provisional)
        return computed

    def computed_due(self, extended=None):
        """The deadline the rules give from the records, before the told-date floor."""
        due = deadlines.due_date(
            self.received_on,
            corrected_on=self.clock_start(),
            pauses=self.pauses(),
            extended=self.is_extended if extended is None else extended,
        )
        reasons = self._one("reasons_request")
        return deadlines.delayed_due(due, reasons.delay_until if reasons else None)

    def stored_due(self):
        """The stored due date as a `Deadline` (None while waiting for a 补正): what lists show."""
        return deadlines.Deadline(self.due_on, self.due_provisional) if self.due_on else None

    def handling_state(self, today=None):
        due = self.due()
        return deadlines.handling_state(
            due.date if due else None, today or timezone.localdate(), self.closed_on
        )

    def is_overdue(self, today=None):
        due = self.due()
        return deadlines.is_overdue(
            due.date if due else None, today or timezone.localdate(), self.closed_on
        )
