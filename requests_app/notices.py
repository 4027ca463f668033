"""Notices to applicants (docs/legal-rules.md §11): each step that concerns them is told by the
channel they chose (`Request.notify_by`: e-mail, SMS, or 不接收通知).

One hook: a step's log entry (`RequestEvent`) of a kind in `EVENT_NOTICES` creates a `Notice`
in the step's own transaction, and the notice is sent only after that transaction commits
(`transaction.on_commit`): a mail server that is down never loses the step, it leaves a failed
notice that `manage.py send_notices` retries. The answer's notice carries the answer letter
(DOCX) and the applicant's tracking link. The tracking page shows the same content whatever
the channel. Logs name the notice and request by id only: no name, address, number or code.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from . import documents, sms
from .models import Notice, Request, RequestEvent

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# The files provided with an answer (`RequestAttachment.Source.ANSWER`) go with its mail up to
# this size in all; larger ones are named and left to the tracking page.
ANSWER_FILES = "answer"
MAX_ATTACHED_BYTES = 10 * 1024 * 1024

# The steps an applicant is told about, by the kind of their log entry. A new step that
# concerns the applicant (e.g. an 更正 letter) is one line here.
EVENT_NOTICES = {
    RequestEvent.Kind.REGISTERED: Notice.Kind.RECEIPT,
    RequestEvent.Kind.CONFIRMED: Notice.Kind.RECEIPT,
    RequestEvent.Kind.CORRECTION_REQUESTED: Notice.Kind.CORRECTION,
    RequestEvent.Kind.EXTENSION_APPROVED: Notice.Kind.EXTENSION,
    RequestEvent.Kind.FEE_NOTIFIED: Notice.Kind.FEE,
    RequestEvent.Kind.ANSWERED: Notice.Kind.ANSWER,
    RequestEvent.Kind.ABANDONED: Notice.Kind.ANSWER,
    RequestEvent.Kind.ANSWER_CORRECTED: Notice.Kind.ERRATUM,  # a numbered 更正告知书
}

# The letter each notice carries (the kinds `documents.build` takes).
LETTERS = {
    Notice.Kind.RECEIPT: "receipt",
    Notice.Kind.CORRECTION: "correction",
    Notice.Kind.EXTENSION: "extension",
    Notice.Kind.FEE: "fee",
    Notice.Kind.ANSWER: "answer",
    Notice.Kind.ERRATUM: "answer_correction",
}


def channel_for(request):
    """The channel the applicant chose, or None for 不接收通知."""
    if request.notify_by == Request.NotifyBy.EMAIL:
        return Notice.Channel.EMAIL
    if request.notify_by == Request.NotifyBy.SMS:
        return Notice.Channel.SMS
    return None


def default_notify_by(email, phone):
    """What an applicant who did not choose is told by: e-mail if they gave one, else SMS."""
    if email:
        return Request.NotifyBy.EMAIL
    return Request.NotifyBy.SMS if phone else Request.NotifyBy.NONE


def on_event(sender, instance, created, raw=False, **kwargs):
    """`post_save` of `RequestEvent`: the step's notice, sent once the step is committed."""
    kind = EVENT_NOTICES.get(instance.kind)
    if not created or raw or kind is None:
        return
    request = instance.request
    channel = channel_for(request)
    if channel is None:
        return
    notice = Notice.objects.create(request=request, kind=kind, channel=channel, event=instance)
    transaction.on_commit(lambda: deliver(notice.pk))


def _letter(notice):
    """The notice's letter: the latest one of its kind that the request's page offers."""
    name = LETTERS.get(notice.kind)
    offered = [
        record_id for kind, record_id, _ in documents.available(notice.request) if kind == name
    ]
    if not offered:
        return None
    try:
        return documents.build(notice.request, name, offered[-1])
    except Exception:  # noqa: BLE001 -- no letter for this step: the notice still goes
        logger.warning("notice %s: letter %s not built", notice.pk, name)
        return None


def _answer_files(notice):
    """(files, attached): the files provided with the answer, and whether they fit in the mail."""
    if notice.kind != Notice.Kind.ANSWER:
        return [], False
    files = list(notice.request.attachments.filter(source=ANSWER_FILES))
    return files, sum(f.size for f in files) <= MAX_ATTACHED_BYTES


def _content(notice):
    request = notice.request
    letter = _letter(notice)
    files, attached = _answer_files(notice)
    context = {
        "files": files,
        "attached": attached,
        "obj": request,
        "notice": notice,
        "letter": letter,
        "due": request.stored_due(),
        "track_url": settings.PORTAL_URL.rstrip("/") + "/track/",
    }
    subject = f"{notice.get_kind_display()}：政府信息公开申请 {request.number}"
    body = render_to_string("requests_app/notices/notice.txt", context)
    return subject, body, letter, (files if attached else [])


def _send(notice):
    request = notice.request
    subject, body, letter, files = _content(notice)
    if notice.channel == Notice.Channel.SMS:
        if not request.phone:
            raise ValueError("申请人未留联系电话")
        sms.get_backend().send(request.phone, f"{subject}。详情请凭申请编号和查询码查询。")
        return
    if not request.email:
        raise ValueError("申请人未留电子邮箱")
    message = EmailMessage(subject, body, None, [request.email])
    if letter is not None:
        message.attach(
            letter.filename,
            documents.to_docx(letter),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    for item in files:
        with item.file.open("rb") as handle:
            message.attach(item.name, handle.read(), item.content_type)
    message.send()


def _error_text(error):
    """What is kept of a failure: its type and SMTP code, never its text (an SMTP refusal
    quotes the recipient's address)."""
    code = getattr(error, "smtp_code", None)
    if isinstance(error, ValueError) and error.args:
        return str(error.args[0])[:300]
    return f"{type(error).__name__}{f' {code}' if code else ''}"


def deliver(notice_pk):
    """Send one notice now and record the outcome (sent, or failed with the error)."""
    notice = Notice.objects.select_related("request__agency").filter(pk=notice_pk).first()
    if notice is None or notice.status == Notice.Status.SENT:
        return notice
    notice.attempts += 1
    try:
        _send(notice)
    except Exception as error:  # noqa: BLE001 -- any failure is recorded; the step stands
        notice.status, notice.error = Notice.Status.FAILED, _error_text(error)
        logger.warning(
            "notice %s of request %s failed: %s", notice.pk, notice.request_id, notice.error
        )
    else:
        notice.status, notice.error, notice.sent_at = Notice.Status.SENT, "", timezone.now()
        logger.info("notice %s of request %s sent", notice.pk, notice.request_id)
    notice.save(update_fields=["status", "error", "attempts", "sent_at"])
    return notice


def retry_failed():
    """Send again every notice not yet sent (failed, or pending after a crash), up to
    MAX_ATTEMPTS each. Returns (sent, failed)."""
    waiting = Notice.objects.exclude(status=Notice.Status.SENT).filter(attempts__lt=MAX_ATTEMPTS)
    sent = failed = 0
    for pk in waiting.order_by("pk").values_list("pk", flat=True):
        notice = deliver(pk)
        if notice.status == Notice.Status.SENT:
            sent += 1
        else:
            failed += 1
    return sent, failed
