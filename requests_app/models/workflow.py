"""The life of a request: one method per state change (docs/legal-rules.md §2–§6).

Each method checks that the change is allowed (raising `TransitionError` with a Chinese
message if not), locks the row so two clicks cannot both pass the check, writes the change
and its log entry, all in one transaction. Forms parse input; these methods decide.
The steps they share (the lock, the status write, the log entry) are in `steps.py`; the
consultations and fee notices that stop the clock are in `pauses.py`, the answer in
`answering.py`, 送达 in `serving.py`.
"""

from django.db import transaction
from django.utils import timezone

from .. import deadlines
from ..outcomes import Outcome
from .answering import RequestAnswering
from .pauses import RequestPauses
from .records import RequestEvent
from .serving import RequestServing
from .steps import TransitionError, format_day, today


class RequestWorkflow(RequestPauses, RequestServing, RequestAnswering):
    """The handling of a request after it arrived; mixed into `Request`."""

    # --- 补正 (条例第三十条) -----------------------------------------------------------------

    def request_correction(self, user, *, items, notified_on=None, deadline=None):
        """The one combined 补正告知, within 7 working days of receipt; stops the clock."""
        from .records import Correction

        notified_on = notified_on or today()
        with transaction.atomic():
            self._begin("correction")
            limit = deadlines.correction_notice_limit(self.received_on)
            if notified_on > limit.date:
                raise TransitionError(f"补正告知应在收到申请之日起7个工作日内（{limit}前）发出。")
            if notified_on < self.received_on or notified_on > today():
                raise TransitionError("告知日期应在收到申请之日与今天之间。")
            if not items.strip():
                raise TransitionError("请写明需要补正的事项。")
            deadline = deadline or deadlines.default_correction_deadline(notified_on).date
            if deadline <= notified_on:
                raise TransitionError("补正期限应晚于告知日期。")
            self.correction = Correction.objects.create(
                request=self,
                notified_on=notified_on,
                items=items,
                deadline=deadline,
                created_by=user,
            )
            self._set_status(self.Status.AWAITING_CORRECTION)
            self._log(
                user,
                RequestEvent.Kind.CORRECTION_REQUESTED,
                f"补正告知，补正期限 {format_day(deadline)}",
            )

    def receive_correction(self, user, *, corrected_on=None, note=""):
        """The corrected request arrived: the 20-day clock restarts from that day."""
        corrected_on = corrected_on or today()
        with transaction.atomic():
            self._begin("correction_received")
            correction = self.correction
            if corrected_on < correction.notified_on or corrected_on > today():
                raise TransitionError("补正收到日期应在告知日期与今天之间。")
            correction.corrected_on = corrected_on
            correction.correction_note = note
            correction.save(update_fields=["corrected_on", "correction_note"])
            self._set_status(self.Status.IN_PROGRESS)
            self._log(
                user,
                RequestEvent.Kind.CORRECTION_RECEIVED,
                f"收到补正（{format_day(corrected_on)}），重新起算答复期限",
            )

    def abandon_uncorrected(self, user, *, on=None):
        """条例第三十条: no correction within the limit, the request is treated as abandoned."""
        on = on or today()
        with transaction.atomic():
            self._begin("abandon_uncorrected")
            if on <= self.correction.deadline:
                raise TransitionError(
                    f"补正期限（{format_day(self.correction.deadline)}）尚未届满。"
                )
            self._check_served("correction", what="补正告知书")
            self._close(
                user,
                Outcome.NOT_CORRECTED,
                on,
                reasons=f"申请人未在补正期限（{format_day(self.correction.deadline)}）内补正，"
                "视为放弃申请，本机关不再处理该政府信息公开申请。",
                kind=RequestEvent.Kind.ABANDONED,
            )

    # --- 条例第三十五条: requests beyond a reasonable range ---------------------------------

    def ask_reasons(self, user, *, matter, asked_on=None):
        from .records import ReasonsRequest

        asked_on = asked_on or today()
        with transaction.atomic():
            self._begin("reasons_request")
            if not matter.strip():
                raise TransitionError({"matter": "请写明申请的数量、频次明显超过合理范围的情况。"})
            if asked_on < self.received_on or asked_on > today():
                raise TransitionError({"asked_on": "日期应在收到申请之日与今天之间。"})
            self.reasons_request = ReasonsRequest.objects.create(
                request=self, asked_on=asked_on, matter=matter, created_by=user
            )
            self._log(
                user,
                RequestEvent.Kind.REASONS_ASKED,
                f"要求申请人说明理由（{format_day(asked_on)}）",
            )

    def delay_answer(self, user, *, until, reason, reply="", replied_on=None, delayed_on=None):
        """The applicant's reasons are reasonable but the answer cannot come within 第三十三条's
        period: a reasonable later date, told to the applicant (条例第三十五条)."""
        from .records import ReasonsRequest

        delayed_on = delayed_on or today()
        with transaction.atomic():
            self._begin("delay")
            record = ReasonsRequest.objects.select_for_update().get(request=self)
            current = self.due()
            if not reason.strip():
                raise TransitionError({"reason": "请写明无法按期答复的理由。"})
            if current and until <= current.date:
                raise TransitionError(
                    {"until": f"延迟答复的日期应晚于现在的答复期限（{current}）。"}
                )
            if delayed_on < record.asked_on or delayed_on > today():
                raise TransitionError({"delayed_on": "告知日期应在要求说明理由之日与今天之间。"})
            if replied_on and (replied_on < record.asked_on or replied_on > delayed_on):
                raise TransitionError(
                    {"replied_on": "说明理由日期应在要求说明理由之日与告知日期之间。"}
                )
            record.delay_until, record.delay_reason, record.delayed_on = until, reason, delayed_on
            record.reply, record.replied_on = reply, replied_on
            record.save()
            self.reasons_request = record
            self._log(
                user, RequestEvent.Kind.DELAYED,
                f"延迟答复至 {format_day(until)}（条例第三十五条）：{reason}",
            )  # fmt: skip

    # --- extension (条例第三十三条) ------------------------------------------------------------

    def request_extension(self, user, *, reason):
        from .records import Extension

        with transaction.atomic():
            self._begin("extension")
            existing = self._one("extension")  # none, or one that was refused
            if not reason.strip():
                raise TransitionError("请写明延期理由。")
            if existing:
                existing.delete()  # a refused request may be asked again; the log keeps both
            self.extension = Extension.objects.create(
                request=self, reason=reason, requested_by=user, requested_at=timezone.now()
            )
            self._log(user, RequestEvent.Kind.EXTENSION_REQUESTED, f"提请延期：{reason}")

    def decide_extension(self, user, *, approve, note=""):
        """Only a 负责人 (perm approve_extension) of this agency approves; who and when are kept."""
        from .records import Extension

        with transaction.atomic():
            self._begin("extension_decision", user)
            extension = Extension.objects.select_for_update().get(request=self)
            if approve:
                original = self.due(extended=False)
                if today() > original.date:
                    raise TransitionError(f"原答复期限（{original}）已过，不能再批准延期。")
            extension.status = Extension.Status.APPROVED if approve else Extension.Status.REJECTED
            extension.decided_by = user
            extension.decided_at = timezone.now()
            extension.decision_note = note
            extension.save()
            self.extension = extension
            if approve:
                self._tell_due()  # the 延期答复告知书 states the new date
                self._log(
                    user,
                    RequestEvent.Kind.EXTENSION_APPROVED,
                    f"批准延期20个工作日，答复期限延至 {self.due()}",
                )
            else:
                self._log(
                    user,
                    RequestEvent.Kind.EXTENSION_REJECTED,
                    f"不批准延期{('：' + note) if note else ''}",
                )
