"""How one ledger row changes a stored request (docs/spreadsheets.md §2): field by field, never
losing what the sheet cannot show.

A ledger row shows a request's registered data and, of its records, only dates and a few words:
补正告知 and 补正收到 dates, the first consultation's dates, 延期 是/否, 答复日期 and 办理结果.
The records themselves hold more (the 补正 items, the consultation's addressee and matter, the
extension's reason and approval, the answer's reasons and legal basis). So a re-import

- writes only the fields whose value in the sheet differs from the stored one, and leaves
  every record alone whose dates and words did not change (before, each import deleted the
  correction, extension and answer rows and recreated them empty: exporting, changing one phone
  number and importing erased the answer's reasons);
- updates a changed record in place, keeping what the sheet does not show;
- removes a record only when the sheet clears it and the record holds nothing but what an
  import wrote; otherwise the row is refused (`lost_records`) and the preview says why.

`changed_fields` tells the preview what will change; `write` applies a row.
"""

from django.utils import timezone

from . import deadlines
from .models import Answer, Consultation, Correction, Extension, Request
from .numbering import next_request_number

IMPORTED = "（台账导入）"
REGISTERED = [
    "channel", "received_on", "applicant_kind", "applicant_name", "id_number", "phone",
    "email", "address", "description", "fee_amount",
]  # fmt: skip
CORRECTION = ["correction_sent", "correction_received"]
CONSULTATION = ["consultation_sent", "consultation_replied"]
ANSWER = ["answered_on", "outcome"]
ANSWER_DETAILS = ["case", "letter_number"]  # of the answer record; they do not move the status
# What the ledger says about a request's progress: the status follows these, and only these.
PROGRESS = {*CORRECTION, *CONSULTATION, *ANSWER, "extended"}
FIELDS = [
    "number", *REGISTERED, *CORRECTION, *CONSULTATION, "extended", *ANSWER, *ANSWER_DETAILS,
]  # fmt: skip


def ledger_values(request):
    """The ledger's view of a stored request, comparable with a parsed row."""
    correction = request._one("correction")
    consultations = request._prefetched("consultations")
    first = consultations[0] if consultations else None
    answer = request._one("answer_record")
    return {
        "agency_id": request.agency_id,
        "number": request.number,
        "channel": request.channel,
        "received_on": request.received_on,
        "applicant_kind": request.applicant_kind,
        "applicant_name": request.applicant_name,
        "id_number": request.id_number,
        "phone": request.phone,
        "email": request.email,
        "address": request.address,
        "description": request.description,
        "correction_sent": correction.notified_on if correction else None,
        "correction_received": correction.corrected_on if correction else None,
        "consultation_sent": first.sent_on if first else None,
        "consultation_replied": first.replied_on if first else None,
        "extended": request.is_extended,
        "answered_on": request.closed_on,
        "outcome": request.outcome or None,
        "fee_amount": request.fee_amount,
        "case": answer.case if answer else "",
        "letter_number": answer.letter_number if answer else "",
    }


def _as_stored(values, request):
    """A row's values as they would be stored: a row without a number, or naming the request
    by its 原申请编号, keeps the request's number; a file without the 答复情形 or 文号 column
    keeps the answer's."""
    number = values["number"]
    if not number or number == request.original_number:
        number = request.number
    stored = {**values, "number": number}
    answer = request._one("answer_record")
    for name in ANSWER_DETAILS:
        if stored[name] is None:
            stored[name] = getattr(answer, name) if answer else ""
    return stored


def changed_fields(request, values):
    """The fields (keys of FIELDS) whose value in the row differs from the stored request."""
    old, new = ledger_values(request), _as_stored(values, request)
    return [name for name in FIELDS if old[name] != new[name]]


def lost_records(request, values):
    """(field, Chinese message) for each record the row would erase although it holds more
    than the sheet shows, or whose decision an import may not make. Empty: the row may apply."""
    refused = []
    correction = request._one("correction")
    if correction and not values["correction_sent"]:
        if correction.items != IMPORTED or correction.correction_note:
            refused.append(("correction_sent", _kept("补正告知记录（含需要补正的事项）")))
    consultations = request._prefetched("consultations")
    first = consultations[0] if consultations else None
    if first and not values["consultation_sent"]:
        if first.addressee != IMPORTED or first.matter or first.reply_summary:
            refused.append(("consultation_sent", _kept(f"征求{first.addressee}意见的记录")))
    extension = request._one("extension")
    if extension and values["extended"] and not extension.is_approved:
        refused.append((
            "extended",
            f"该申请的延期答复在办理记录中为「{extension.get_status_display()}」，"
            "台账导入不能代替负责人批准延期（条例第三十三条）；请在工作台中办理。",
        ))  # fmt: skip
    if extension and extension.is_approved and not values["extended"]:
        if extension.reason != IMPORTED or extension.decision_note:
            refused.append(("extended", _kept("已批准的延期答复记录（含延期理由）")))
    answer = request._one("answer_record")
    number = values["letter_number"]
    if answer and answer.letter_number and number is not None and number != answer.letter_number:
        refused.append((
            "letter_number",
            f"答复书已以文号「{answer.letter_number}」出具，台账导入不能修改或清空；"
            "更正请在工作台中另行出具更正文书。",
        ))  # fmt: skip
    if answer and not values["outcome"]:
        if answer.legal_basis or answer.reasons or answer.content or answer.referral:
            refused.append(("outcome", _kept("答复记录（含理由、法律依据或答复内容）")))
    return refused


def _kept(what):
    return (
        f"清空这一列会删除已有的{what}；台账导入不删除台账中看不到的内容。"
        "请保留原来的值，或在工作台中处理该申请。"
    )


def _number_new(request, values):
    """The row's own number when no request in the portal holds it; else a portal number,
    and the row's becomes the 原申请编号 (numbers are unique portal-wide: numbering.py)."""
    number = values["number"]
    if number and not Request.objects.filter(number=number).exists():
        request.number = number
    else:
        request.number = next_request_number(values["received_on"].year)
        request.original_number = number


def write(request, values, user):
    """Create the request of a row, or apply the row's changes to it; returns the request and
    the changed fields (every field for a new request)."""
    if request is None:
        request = Request(agency_id=values["agency_id"], created_by=user)
        _number_new(request, values)
        changed = list(FIELDS)
    else:
        changed = changed_fields(request, values)
        if not changed:
            return request, []
    for name in REGISTERED:
        if name in changed:
            setattr(request, name, values[name])
    if "number" in changed and request.pk:
        request.number = values["number"]
    if set(ANSWER) & set(changed):
        request.outcome = values["outcome"] or ""
        request.closed_on = values["answered_on"] if values["outcome"] else None
    if PROGRESS & set(changed):
        request.status = _status(values)
    request.save()
    if set(CORRECTION) & set(changed):
        _write_correction(request, values, user)
    if set(CONSULTATION) & set(changed) or ("outcome" in changed):
        _write_consultation(request, values)
    if "extended" in changed:
        _write_extension(request, values, user)
    if set(ANSWER + ANSWER_DETAILS) & set(changed):
        _write_answer(request, _as_stored(values, request), user)
    return request, changed


def _status(values):
    if values["outcome"]:
        return Request.Status.CLOSED
    if values["correction_sent"] and not values["correction_received"]:
        return Request.Status.AWAITING_CORRECTION
    if values["consultation_sent"] and not values["consultation_replied"]:
        return Request.Status.CONSULTING
    return Request.Status.IN_PROGRESS


def _write_correction(request, values, user):
    correction = Correction.objects.filter(request=request).first()
    sent, received = values["correction_sent"], values["correction_received"]
    if not sent:
        if correction:
            correction.delete()  # only an imported one: lost_records refuses the others
        return
    if correction is None:
        Correction.objects.create(
            request=request,
            notified_on=sent,
            items=IMPORTED,
            deadline=deadlines.default_correction_deadline(sent).date,
            corrected_on=received,
            created_by=user,
        )
        return
    if correction.notified_on != sent:
        # A deadline that followed the notice's date follows it; one set by hand stays.
        if (
            correction.deadline
            == deadlines.default_correction_deadline(correction.notified_on).date
        ):
            correction.deadline = deadlines.default_correction_deadline(sent).date
        correction.notified_on = sent
    correction.corrected_on = received
    correction.save()


def _write_consultation(request, values):
    first = request.consultations.order_by("sent_on", "id").first()
    sent, replied = values["consultation_sent"], values["consultation_replied"]
    if not sent:
        if first:
            first.delete()  # only an imported one: lost_records refuses the others
        return
    first = first or Consultation(
        request=request, kind=Consultation.Kind.THIRD_PARTY, addressee=IMPORTED
    )
    first.sent_on, first.replied_on = sent, replied
    if replied:
        # A reply's opinion recorded in the workbench (consent or objection) stays.
        if first.opinion not in (Consultation.Opinion.CONSENT, Consultation.Opinion.OBJECTION):
            first.opinion = Consultation.Opinion.CONSENT
    else:
        first.opinion = Consultation.Opinion.NO_REPLY if values["outcome"] else ""
    first.save()


def _write_extension(request, values, user):
    extension = Extension.objects.filter(request=request).first()
    if not values["extended"]:
        if extension and extension.is_approved:
            extension.delete()  # only an imported one: lost_records refuses the others
        return
    if extension is None:
        now = timezone.now()
        Extension.objects.create(
            request=request, reason=IMPORTED, status=Extension.Status.APPROVED,
            requested_by=user, requested_at=now, decided_by=user, decided_at=now,
        )  # fmt: skip


def _write_answer(request, values, user):
    answer = Answer.objects.filter(request=request).first()
    if not values["outcome"]:
        if answer:
            answer.delete()  # only an empty one: lost_records refuses the others
        return
    details = {name: values[name] or "" for name in ANSWER_DETAILS}
    if answer is None:
        Answer.objects.create(
            request=request,
            outcome=values["outcome"],
            answered_on=values["answered_on"],
            created_by=user,
            **details,
        )
        return
    # The reasons, legal basis and content written in the workbench stay.
    answer.outcome, answer.answered_on = values["outcome"], values["answered_on"]
    answer.case, answer.letter_number = details["case"], details["letter_number"]
    answer.save()
