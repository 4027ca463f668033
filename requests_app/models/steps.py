"""What every change of a request is made of: the row lock and the check against the table of
actions (`transitions.py`), the status write, the event log entry, and attachment files that
never outlive a rolled-back transaction.

Shared by `arrival.py` and `workflow.py`, whose methods are the changes themselves.
"""

import secrets
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.utils import timezone

from ..attachments import check_attachment, safe_name
from .records import RequestEvent
from .transitions import ACTIONS, RequestTransitions


class TransitionError(ValidationError):
    """A state change that the rules do not allow now; the message says why, in Chinese."""


def today():
    return timezone.localdate()


def format_day(day):
    return f"{day:%Y-%m-%d}" if day else ""


class RequestSteps(RequestTransitions):
    """The steps the state-change methods are built from; mixed into `Request` through
    `RequestArrival` and `RequestWorkflow`."""

    def _begin(self, name, user=None):
        """Check that action `name` of `transitions.ACTIONS` may be taken now, or raise its refusal.

        The role is checked first; then the status is re-read under a row lock, so that two
        clicks cannot both pass, and the records the action's condition reads are read afresh.
        """
        action = ACTIONS[name]
        if not self.user_has_role_for(name, user):
            raise TransitionError(action.not_permitted)
        current = type(self).objects.select_for_update().only("status", "routing").get(pk=self.pk)
        self.status, self.routing = current.status, current.routing
        for relation in (
            "correction",
            "extension",
            "reasons_request",
        ):  # cached by with_clock(); may be stale
            self._state.fields_cache.pop(relation, None)
        refusal = action.refusal(self)
        if refusal:
            raise TransitionError(refusal)

    def _set_status(self, status):
        self.status = status
        self.save(update_fields=["status", "updated_at"])

    def _save_attachment(self, user, upload, source):
        from .records import RequestAttachment

        content_type = check_attachment(upload)
        name = safe_name(upload)
        attachment = RequestAttachment(
            request=self,
            name=name,
            content_type=content_type,
            size=upload.size,
            source=source,
            uploaded_by=user,
        )
        # A random prefix: two uploads of one name (a double click racing itself) never share
        # a stored file, so removing one's file on failure cannot remove the other's.
        attachment.file.save(f"{secrets.token_hex(8)}_{name[-80:]}", upload, save=False)
        # Files are written outside the transaction: if it rolls back,
        # _files_removed_on_failure() deletes them, so no applicant's document outlives a
        # request that was never saved.
        self.__dict__.setdefault("_stored_files", []).append(attachment.file.name)
        attachment.save()
        self._log(user, RequestEvent.Kind.ATTACHMENT_ADDED, f"附件：{attachment.name}")
        return attachment

    @contextmanager
    def _files_removed_on_failure(self):
        """Around a transaction that stores attachments: on any failure, delete the files it
        wrote (the rows are rolled back by the database; the files are not)."""
        from .records import RequestAttachment

        self._stored_files = []
        try:
            yield
        except BaseException:
            storage = RequestAttachment._meta.get_field("file").storage
            for name in self._stored_files:
                storage.delete(name)
            raise
        finally:
            self._stored_files = []

    def _tell_due(self):
        """The applicant is told the current due date in writing (回执, 确认收到, 延期答复告知书):
        from now on it moves earlier only with a logged reason (docs/legal-rules.md §3)."""
        due = self.due()
        told = due.date if due else None
        if told != self.told_due_on:
            self.told_due_on = told
            type(self).objects.filter(pk=self.pk).update(told_due_on=told)

    def _advance_told_due(self, user, told, reason):
        """Before saving a change that may move the told due date `told` earlier: if it does,
        `reason` is required; the floor is lowered and the log message returned ("" if the date
        does not move earlier)."""
        if told is None or self.told_due_on is None:
            return ""
        self.told_due_on = None
        new = self.due()
        if new is None or new.date >= told.date:
            self.told_due_on = told.date
            return ""
        if not reason.strip():
            self.told_due_on = told.date
            raise TransitionError(
                f"这项改动会使已告知申请人的答复期限从 {told} 提前到 {new}，"
                "请填写提前的理由（将记入办理记录）。"
            )
        self.told_due_on = new.date
        return f"答复期限由 {told} 提前到 {new}，理由：{reason.strip()}"

    def _log(self, user, kind, message=""):
        self._prefetched_objects_cache = {}  # consultations or fee notices may have changed
        return RequestEvent.objects.create(request=self, actor=user, kind=kind, message=message)
