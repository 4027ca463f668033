"""The answer letters: the 答复书 (titled 不予处理告知书 or 终止办理告知书 where the outcome is
one), the preview of its draft, and the 更正告知书 that corrects an issued answer."""

from django.utils import timezone

from organisation import review_bodies

from ..outcomes import OUTCOME_INFO, Outcome
from ..remedies import remedy_paragraphs
from ..wording import decision
from .letter import KINDS, date_text, make_letter, request_line, you

# An answer's title by its report group: 不予处理 and 终止 letters say so in the title.
NOT_HANDLED_TITLE = "政府信息公开申请不予处理告知书"
TERMINATED_TITLE = "政府信息公开申请终止办理告知书"


def answer_title(outcome):
    """The title of the answer letter for `outcome`."""
    group = OUTCOME_INFO[Outcome(outcome)].group
    if group == "（五）不予处理":
        return NOT_HANDLED_TITLE
    if Outcome(outcome) in (Outcome.NOT_CORRECTED, Outcome.FEE_UNPAID):
        return TERMINATED_TITLE
    return KINDS["answer"]


def _abandonment_deadline(r, outcome):
    """ "（2025年4月1日）": the limit the applicant let pass, for a 终止 letter."""
    if outcome == Outcome.NOT_CORRECTED and r._one("correction"):
        return f"（{date_text(r.correction.deadline)}）"
    notices = [n for n in r._prefetched("fee_notices") if n.paid_on is None]
    return (
        f"（{date_text(notices[-1].pay_by)}）" if outcome == Outcome.FEE_UNPAID and notices else ""
    )


def _remedies(r, a):
    return remedy_paragraphs(
        a.outcome,
        # fixed at issue; a draft, or an answer imported from a ledger, names them as they are today
        review_body=a.review_body
        or review_bodies.review_body(r.agency)
        or "有管辖权的行政复议机关",
        court=a.court or review_bodies.court(r.agency) or "有管辖权的人民法院",
        you=you(r),
    )


def _attachments(r):
    """ "附件：1.…" of the files that go to the applicant with the answer, or ""."""
    files = [a.name for a in r.attachments.all() if a.source == a.Source.ANSWER]
    if not files:
        return ""
    return "附件：" + "；".join(f"{n}. {name}" for n, name in enumerate(files, start=1))


def _answer_letter(r, a, date):
    outcome = Outcome(a.outcome)
    paragraphs = [
        f"{request_line(r)}收悉。现答复如下：",
        decision(a, you(r), _abandonment_deadline(r, outcome)),
        *_remedies(r, a),
        _attachments(r),
    ]
    letter = make_letter(r, "answer", [p for p in paragraphs if p], date)
    letter.title = answer_title(outcome)
    letter.letter_number = a.letter_number
    return letter


def answer(r, _):
    a = r._one("answer_record")
    return _answer_letter(r, a, a.answered_on) if a else None


def answer_draft(r, _):
    """The letter the draft will become, dated today, without its 文号 yet."""
    a = r._one("answer_draft")
    if a is None or r._one("answer_record"):
        return None
    letter = _answer_letter(r, a, timezone.localdate())
    letter.draft = True
    return letter


def answer_correction(r, record_id):
    """An issued answer is corrected by a new numbered letter; the answer itself stays."""
    c = next((c for c in r._prefetched("answer_corrections") if c.pk == record_id), None)
    a = r._one("answer_record")
    if c is None or a is None:
        return None
    paragraphs = [
        f"本机关于{date_text(a.answered_on)}就{request_line(r)}作出的《{answer_title(a.outcome)}》"
        f"（{a.letter_number}）有误，现更正如下：",
        c.text,
        "原答复书的其他内容不变。",
        *_remedies(r, a),
    ]
    letter = make_letter(r, "answer_correction", paragraphs, c.issued_on)
    letter.letter_number = c.letter_number
    return letter
