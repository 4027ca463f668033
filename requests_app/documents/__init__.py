"""The letters generated from a request's record (登记回执, 补正告知书, 延期答复告知书, 征求意见书,
收费通知, 答复书 …): one `Letter` per document, rendered as a printable A4 page or as DOCX.

`available(request)` lists the letters a request's record supports now, `build(request, kind,
record_id)` makes one, `to_docx(letter)` writes it as a Word file. The letters themselves are
in `handling.py` (those sent while the request is handled) and `answers.py` (the answer and its
更正); `letter.py` holds what they share.
"""

from django.http import Http404

from . import answers, handling
from .answers import answer_title
from .docx_file import to_docx
from .letter import KINDS, date_text

__all__ = ["available", "build", "to_docx"]


def build(request, kind, record_id=None):
    """The Letter of `kind` for `request`; Http404 when the record it needs does not exist."""
    builder = {
        "receipt": handling.receipt,
        "correction": handling.correction,
        "extension": handling.extension,
        "consultation": handling.consultation,
        "fee": handling.fee,
        "answer": answers.answer,
        "reasons": handling.reasons,
        "delay": handling.delay,
        "disclosure": handling.disclosure,
        "answer_draft": answers.answer_draft,
        "answer_correction": answers.answer_correction,
    }.get(kind)
    if builder is None:
        raise Http404("没有这种文书")
    letter = builder(request, record_id)
    if letter is None:
        raise Http404("该申请还没有这份文书")
    return letter


def available(request):
    """(kind, record id, title) of every document the record supports now."""
    docs = [("receipt", None, KINDS["receipt"])]
    if request._one("correction"):
        docs.append(("correction", None, KINDS["correction"]))
    for c in request._prefetched("consultations"):
        docs.append(("consultation", c.pk, f"{KINDS['consultation']}（{c.addressee}）"))
    for c in request._prefetched("consultations"):
        if c.disclosure_notified_on:
            docs.append(("disclosure", c.pk, f"{KINDS['disclosure']}（{c.addressee}）"))
    reasons = request._one("reasons_request")
    if reasons:
        docs.append(("reasons", None, KINDS["reasons"]))
        if reasons.delay_until:
            docs.append(("delay", None, KINDS["delay"]))
    extension = request._one("extension")
    if extension and extension.is_approved:
        docs.append(("extension", None, KINDS["extension"]))
    for notice in request._prefetched("fee_notices"):
        docs.append(("fee", notice.pk, f"{KINDS['fee']}（{date_text(notice.notified_on)}）"))
    answer = request._one("answer_record")
    if answer:
        docs.append(("answer", None, answer_title(answer.outcome)))
    elif request._one("answer_draft"):
        docs.append(("answer_draft", None, "答复书（草稿预览，未出具）"))
    for c in request._prefetched("answer_corrections"):
        docs.append(
            ("answer_correction", c.pk, f"{KINDS['answer_correction']}（{c.letter_number}）")
        )
    return docs
