"""How a request arrives: registered by staff, or submitted online and confirmed (条例第三十一条),
and the small edits staff make afterwards. One method per change, like `workflow.py`."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from .. import deadlines
from ..attachments import check_attachment
from ..numbering import next_request_number
from .records import RequestAttachment, RequestEvent
from .steps import RequestSteps, TransitionError, format_day, today


class RequestArrival(RequestSteps):
    @classmethod
    def register(cls, *, agency, user, channel, received_on, submitted_at=None, **fields):
        """Staff register a request that arrived by any channel (条例第三十一条: the received
        date is the day handed in, signed for, or confirmed). Returns (request, query code)."""
        if received_on > today():
            raise TransitionError("收到申请之日不能晚于今天。")
        request = cls(
            agency=agency,
            channel=channel,
            received_on=received_on,
            submitted_at=submitted_at,
            status=cls.Status.IN_PROGRESS,
            created_by=user,
            **fields,
        )
        code = request.set_query_code()
        with transaction.atomic():
            request.number = next_request_number(received_on.year)
            request.full_clean()
            request.save()
            request._tell_due()  # the 回执 states it
            request._log(
                user,
                RequestEvent.Kind.REGISTERED,
                f"登记（{request.get_channel_display()}），收到申请之日 {format_day(received_on)}",
            )
        return request, code

    @classmethod
    def register_and_answer(cls, *, agency, user, answer, **fields):
        """当场答复: a request handed in at the counter and answered on the spot, registered and
        answered in one step on the same day (条例第三十三条第一款: 能够当场答复的，应当当场予以
        答复). All or nothing: an answer the rules refuse registers nothing.

        `answer` holds `answer()`'s keyword arguments (outcome and its facts); returns
        (request, query code)."""
        with transaction.atomic():
            request, code = cls.register(
                agency=agency, user=user, channel=cls.Channel.IN_PERSON, received_on=today(),
                **fields,
            )  # fmt: skip
            request.answer(user, answered_on=today(), **answer)
        return request, code

    @classmethod
    def submit_online(
        cls,
        *,
        agency,
        submitted_at=None,
        submission_key=None,
        query_code=None,
        attachments=(),
        **fields,
    ):
        """An applicant's online form. Returns (request, query code).

        The received date follows the default rule (working day before the cut-off, else the
        next working day) until staff confirm. A resubmission with the same `submission_key`
        (double click, reload) returns the first request and None for the code: the caller
        keeps the code it showed the first time. `query_code`, when given, is the code to use
        (the public form derives it from its one-time token: requests_app/submission.py).
        """
        if submission_key:
            existing = cls.objects.filter(submission_key=submission_key).first()
            if existing:
                return existing, None
        for upload in attachments:
            check_attachment(upload)
        submitted_at = submitted_at or timezone.now()
        received_on = deadlines.online_received_date(submitted_at)
        request = cls(
            agency=agency,
            channel=cls.Channel.ONLINE,
            submitted_at=submitted_at,
            received_on=received_on,
            status=cls.Status.SUBMITTED,
            submission_key=submission_key or None,
            **fields,
        )
        code = request.set_query_code(query_code)
        try:
            with request._files_removed_on_failure(), transaction.atomic():
                request.number = next_request_number(received_on.year)
                request.full_clean(validate_unique=False)
                request.save()
                request._tell_due()  # the receipt page and e-mail state it
                request._log(
                    None,
                    RequestEvent.Kind.SUBMITTED,
                    f"网上提交，按规则收到申请之日为 {format_day(received_on)}",
                )
                for upload in attachments:
                    request._save_attachment(None, upload, RequestAttachment.Source.APPLICANT)
        except IntegrityError:
            if submission_key:  # the same form, submitted twice at the same moment
                return cls.objects.get(submission_key=submission_key), None
            raise
        return request, code

    def confirm_receipt(self, user, received_on=None, reason=""):
        """Staff confirm an online request; the received date may be set (条例第三十一条).

        The date the portal itself gave the applicant (the next working day after the cut-off)
        is accepted even while it is still in the future. A date that moves the due date the
        applicant was told earlier needs `reason`, which is logged (docs/legal-rules.md §2, §3).
        """
        with transaction.atomic():
            self._begin("confirm")
            given = self.received_on  # the portal's rule date, shown on the applicant's receipt
            received_on = received_on or given
            if received_on > today() and received_on != given:
                raise TransitionError(
                    f"收到申请之日不能晚于今天（门户按规则告知申请人的 {format_day(given)} 除外）。"
                )
            if self.submitted_at and received_on < timezone.localdate(self.submitted_at):
                raise TransitionError("收到申请之日不能早于提交日期。")
            told = self.due()
            self.received_on = received_on
            self.status = self.Status.IN_PROGRESS
            advanced = self._advance_told_due(user, told, reason)
            self.save(update_fields=["received_on", "status", "told_due_on", "updated_at"])
            self._log(
                user,
                RequestEvent.Kind.CONFIRMED,
                f"确认收到，收到申请之日 {format_day(received_on)}",
            )
            if advanced:
                self._log(user, RequestEvent.Kind.DUE_ADVANCED, advanced)
            self._tell_due()

    def update_details(self, user, **fields):
        """Correct the registered data (typos); the log names the fields, not their values."""
        editable = {
            "applicant_kind", "applicant_name", "id_type", "id_number", "contact_person",
            "phone", "email", "address", "postcode", "needs_assistance", "description",
            "document_number", "form_wanted", "delivery", "notify_by",
        }  # fmt: skip
        unknown = set(fields) - editable
        if unknown:
            raise TransitionError(f"不能修改这些字段：{'、'.join(sorted(unknown))}")
        with transaction.atomic():
            self._begin("details")
            changed = [name for name, value in fields.items() if getattr(self, name) != value]
            if not changed:
                return
            for name in changed:
                setattr(self, name, fields[name])
            self.full_clean(validate_unique=False)
            self.save(update_fields=[*changed, "updated_at"])
            labels = "、".join(str(self._meta.get_field(name).verbose_name) for name in changed)
            self._log(user, RequestEvent.Kind.EDITED, f"修改：{labels}")

    def reset_query_code(self, user):
        """A new private code for an applicant who lost theirs; the old one stops working."""
        with transaction.atomic():
            self._begin("reset_code")
            code = self.set_query_code()
            self.save(update_fields=["query_code_hash", "updated_at"])
            self._log(user, RequestEvent.Kind.CODE_RESET, "重置查询码")
        return code

    def add_attachment(self, user, upload, source=RequestAttachment.Source.STAFF):
        with self._files_removed_on_failure(), transaction.atomic():
            self._begin("attachment")
            if self.attachments.count() >= 20:
                raise TransitionError("每件申请最多 20 个附件。")
            if source == RequestAttachment.Source.ANSWER and self.is_closed:
                # what reached the applicant with the answer is fixed when it is issued
                raise TransitionError(
                    "答复书已出具：答复附件只能在出具前添加，补充提供请更正答复。"
                )
            check_attachment(upload)
            return self._save_attachment(user, upload, source)
