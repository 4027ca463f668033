"""送达: how and when each letter reached its addressee, and the periods that run from that day
(docs/legal-rules.md §5 送达). Mixed into `Request` through `RequestWorkflow`."""

from django.db import transaction

from .. import deadlines
from .records import RequestEvent
from .steps import RequestSteps, TransitionError, format_day, today


class RequestServing(RequestSteps):
    def record_service(self, user, *, letter, method, sent_on, received_on, record_id=None,
                       reference=""):  # fmt: skip
        """How and when a letter reached its addressee. The period the letter gives runs from
        that day: the 补正 limit and the day to pay move with it; a consultation's 15 days are
        counted from it (`Consultation.reply_limit`)."""
        from .. import documents
        from .letters import Service

        with transaction.atomic():
            self._begin("service")
            titles = {(kind, rid): title for kind, rid, title in documents.available(self)}
            if (letter, record_id) not in titles:
                raise TransitionError("该申请没有这份文书。")
            if Service.objects.filter(request=self, letter=letter, record_id=record_id).exists():
                raise TransitionError("这份文书已经登记过送达。")
            if received_on < sent_on or received_on > today():
                raise TransitionError({"received_on": "送达日期应在发出日期与今天之间。"})
            if sent_on < self.received_on:
                raise TransitionError({"sent_on": "发出日期不能早于收到申请之日。"})
            if method == Service.Method.POST and not reference.strip():
                raise TransitionError(
                    {"reference": "邮寄送达请填写邮件单号（签收日期以回执为准）。"}
                )
            service = Service.objects.create(
                request=self, letter=letter, record_id=record_id, method=method, sent_on=sent_on,
                received_on=received_on, reference=reference, created_by=user,
            )  # fmt: skip
            moved = self._periods_from_receipt(letter, record_id, received_on)
            self._log(
                user,
                RequestEvent.Kind.SERVED,
                f"{titles[(letter, record_id)]}：{service.get_method_display()}，"
                f"{format_day(received_on)}送达{moved}",
            )
        return service

    def _periods_from_receipt(self, letter, record_id, received_on):
        """Move the limit a served letter gave to count from `received_on`; "" or what moved."""
        from .records import Correction, FeeNotice

        if letter == "correction":
            record = Correction.objects.select_for_update().get(request=self)
            field, name = "deadline", "补正期限"
            sent_on = record.notified_on
        elif letter == "fee":
            record = FeeNotice.objects.select_for_update().get(request=self, pk=record_id)
            field, name = "pay_by", "缴费期限"
            sent_on = record.notified_on
        else:
            return ""
        limit = deadlines.period_from_receipt(sent_on, getattr(record, field), received_on)
        if limit == getattr(record, field):
            return ""
        setattr(record, field, limit)
        record.save(update_fields=[field])
        return f"，{name}自送达之日起算，至 {format_day(limit)}"

    def _check_served(self, letter, record_id=None, what=""):
        """Periods run from receipt: a limit cannot be said to have passed before the letter
        that gave it is recorded as served."""
        if not self.services.filter(letter=letter, record_id=record_id).exists():
            raise TransitionError(f"{what}尚未登记送达：期限自对方收到之日起算，请先登记送达。")
