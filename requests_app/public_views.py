"""The applicants' pages (no account needed): choose an agency, file a request online, see the
receipt once, and track the request with its number and private query code.

Nothing about a request is shown without its code, and nothing personal ever goes into a URL
(so into access logs): codes travel in POST bodies, and the pages after a POST find their
request through the session (POST-redirect-GET).
"""

import contextlib
import logging
import time
from functools import partial
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from mptt.templatetags.mptt_tags import cache_tree_children

from organisation.models import Agency

from . import documents, intake, ratelimit, submission
from .models import Request, RequestAttachment, Service
from .public_forms import ApplyForm, TrackForm

logger = logging.getLogger(__name__)

RECEIPT_SESSION_KEY = "requests_app.receipt"
TRACK_SESSION_KEY = "requests_app.tracking"
TRACK_SECONDS = 30 * 60  # a lookup opens the request for this long without another action
# The lookup's clock is moved on at most this often: each move writes the session, which
# had made every view of the status page a database transaction.
TRACK_REFRESH_SECONDS = 60
# The letters addressed to the applicant; a 征求意见书 goes to a third party and stays inside.
APPLICANT_DOCUMENTS = (
    "receipt", "correction", "extension", "fee", "answer", "reasons", "delay", "answer_correction",
)  # fmt: skip
WRONG_CODE = "申请编号或查询码不正确，请核对后重新输入。遗失查询码的，请联系受理机关重新设置。"
APPLY_CRUMB = ("依申请公开", reverse_lazy("requests_app:apply"))


def _cutoff():
    """The online form's cut-off time (条例第三十一条 as configured), e.g. "17:00"."""
    return settings.REQUESTS_ONLINE_CUTOFF.strftime("%H:%M")


# --- choosing the agency -------------------------------------------------------------------


def choose_agency(request):
    """/apply/: every agency of the tree, each linking to its form (or ?code= from a select)."""
    code = request.GET.get("code", "")
    if code and Agency.objects.filter(credit_code=code).exists():
        return redirect("requests_app:apply_form", code=code)
    agencies = Agency.objects.order_by("tree_id", "lft")
    return render(
        request,
        "requests_app/public/choose_agency.html",
        {
            # Called by the template only when its cached fragment is missing.
            "roots": lambda: cache_tree_children(agencies),
            "agencies": agencies,
            "breadcrumbs": [("依申请公开", None)],
        },
    )


# --- the form ------------------------------------------------------------------------------


def _render_form(request, agency, form, status=200, notice=""):
    return render(
        request,
        "requests_app/public/apply_form.html",
        {
            "agency": agency,
            "form": form,
            # Each field's markup (public_forms.FieldGroups); `form.groups` in the template would
            # first try form["groups"], whose KeyError lists every field name (17 times a page).
            "groups": form.groups,
            "notice": notice,
            "files_dropped": bool(request.FILES),
            "breadcrumbs": [APPLY_CRUMB, (agency.name, None)],
        },
        status=status,
    )


def _reshown(post, token):
    """An unbound copy of what was sent, with a new challenge: nothing typed is lost."""
    initial = post.dict()
    initial["form_token"] = token
    return ApplyForm(initial=initial)


@sensitive_post_parameters()
@never_cache
@ratelimit.limit("apply-page", "REQUESTS_FORM_RATE", methods=("GET",))
@ratelimit.limit("apply", "REQUESTS_APPLY_RATE")
def apply(request, code):
    agency = get_object_or_404(Agency, credit_code=code)
    if request.method != "POST":
        return _render_form(request, agency, ApplyForm.fresh(submission.new_token()))
    token = submission.parse_token(request.POST.get("form_token"))
    if token is None:
        form = _reshown(request.POST, submission.new_token())
        return _render_form(request, agency, form, 400, "页面已失效，请核对填写的内容后重新提交。")
    if "refresh_captcha" in request.POST:  # 换一张 without JavaScript
        return _render_form(request, agency, _reshown(request.POST, token))
    existing = submission.find_request(token)
    if existing is not None:  # reload, or back + submit: the same form again
        return _to_receipt(request, existing, token, duplicate=True)
    form = ApplyForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            obj, new_code = Request.submit_online(
                agency=agency,
                submission_key=submission.submission_key(token),
                query_code=submission.query_code(token),
                attachments=form.cleaned_data["attachments"],
                **form.request_fields(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if new_code is not None and obj.email:
                track_url = request.build_absolute_uri(reverse("requests_app:track"))
                transaction.on_commit(partial(send_receipt_email, obj, new_code, track_url))
            return _to_receipt(request, obj, token, duplicate=new_code is None)
    elif "captcha" in form.errors and form.fields["captcha"].challenge_used_up:
        # A second click re-sent the challenge the first click used: show that request.
        existing = submission.find_request(token, wait=submission.WAIT_SECONDS)
        if existing is not None:
            return _to_receipt(request, existing, token, duplicate=True)
    return _render_form(request, agency, form, status=400)


def _to_receipt(request, obj, token, duplicate):
    code = submission.query_code(token)
    request.session[RECEIPT_SESSION_KEY] = {
        "pk": obj.pk,
        # None when staff have since set a new code (the applicant lost the first one).
        "code": code if obj.check_code(code) else None,
        "duplicate": duplicate,
    }
    return redirect("requests_app:apply_receipt")


@never_cache
def receipt(request):
    """Shown once, right after submitting: the session flag is gone after this page."""
    data = request.session.pop(RECEIPT_SESSION_KEY, None)
    obj = data and Request.objects.select_related("agency").filter(pk=data["pk"]).first()
    if not obj:
        return render(
            request,
            "requests_app/public/receipt_gone.html",
            {"breadcrumbs": [APPLY_CRUMB, ("申请回执", None)]},
        )
    return render(
        request,
        "requests_app/public/receipt.html",
        {
            "obj": obj,
            "agency": obj.agency,  # the footer's contact data: the receiving agency's
            "code": data["code"],
            "duplicate": data["duplicate"],
            "due": obj.due(),
            "cutoff": _cutoff(),
            "breadcrumbs": [APPLY_CRUMB, ("申请回执", None)],
        },
    )


def send_receipt_email(obj, code, track_url):
    """The receipt by e-mail (after the request is committed). A mail server that is down
    must not lose the request: the failure is logged without the applicant's data."""
    context = {
        "obj": obj,
        "code": code,
        "due": obj.due(),
        "track_url": track_url,
        "cutoff": _cutoff(),
    }
    try:
        send_mail(
            f"政府信息公开申请回执（申请编号 {obj.number}）",
            render_to_string("requests_app/public/receipt_email.txt", context),
            None,
            [obj.email],
        )
    except Exception as error:  # noqa: BLE001 -- any mail failure; the request stands
        logger.warning("receipt e-mail for request %s not sent: %s", obj.pk, type(error).__name__)


# --- tracking ------------------------------------------------------------------------------


def _tracked(request):
    """The request this browser opened with its code, while the lookup is fresh and the code
    has not been replaced since; else None."""
    data = request.session.get(TRACK_SESSION_KEY)
    if not data:
        return None
    obj = (
        Request.objects.with_clock()
        .select_related("agency__parent", "answer_record")
        .filter(pk=data["pk"])
        .first()
    )
    if (
        obj is None
        or time.time() - data["at"] > TRACK_SECONDS
        or obj.query_code_hash != data["hash"]
    ):
        request.session.pop(TRACK_SESSION_KEY, None)
        return None
    if time.time() - data["at"] > TRACK_REFRESH_SECONDS:
        request.session[TRACK_SESSION_KEY] = {**data, "at": time.time()}
    return obj


@sensitive_post_parameters()
@never_cache
def track(request):
    crumbs = [APPLY_CRUMB, ("申请查询", None)]
    if request.method == "POST":
        if ratelimit.is_limited("track", request, "REQUESTS_TRACK_RATE"):
            return ratelimit.too_many_requests(request, "REQUESTS_TRACK_RATE")
        form = TrackForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                obj = Request.objects.get_by_number_and_code(data["number"], data["code"])
            except Request.DoesNotExist:
                # Unknown number or wrong code: one answer, and one more guess counted.
                ratelimit.hit("track", request, "REQUESTS_TRACK_RATE")
                form.add_error(None, WRONG_CODE)
            else:
                request.session[TRACK_SESSION_KEY] = {
                    "pk": obj.pk,
                    "hash": obj.query_code_hash,
                    "at": time.time(),
                }
                return redirect("requests_app:track")
        context = {"form": form, "breadcrumbs": crumbs}
        return render(request, "requests_app/public/track_form.html", context, status=400)
    obj = _tracked(request)
    if obj is None:
        context = {"form": TrackForm(), "breadcrumbs": crumbs}
        return render(request, "requests_app/public/track_form.html", context)
    return render(
        request,
        "requests_app/public/track_status.html",
        {
            "obj": obj,
            "agency": obj.agency,  # the footer's contact data: the receiving agency's
            "due": obj.due(),
            "overdue": obj.is_overdue(),
            "correction": obj._one("correction"),
            "extension": obj._one("extension"),
            "fee_notice": next((n for n in obj._prefetched("fee_notices") if not n.paid_on), None),
            "documents": [d for d in documents.available(obj) if d[0] in APPLICANT_DOCUMENTS],
            "answer_files": _answer_files(obj),
            "cutoff": _cutoff(),
            "breadcrumbs": crumbs,
        },
    )


def _answer_files(obj):
    """The files issued with the answer: the applicant's to download once it is issued."""
    if not obj.is_closed:
        return RequestAttachment.objects.none()
    return obj.attachments.filter(source=RequestAttachment.Source.ANSWER)


@never_cache
def track_attachment(request, attachment_pk):
    """A file issued with the answer of the tracked request."""
    obj = _tracked(request)
    if obj is None:
        messages.info(request, "查询已超时，请重新输入申请编号和查询码。")
        return redirect("requests_app:track")
    item = get_object_or_404(_answer_files(obj), pk=attachment_pk)
    return FileResponse(
        item.file.open("rb"), as_attachment=True, filename=item.name, content_type=item.content_type
    )


@require_POST
def track_end(request):
    request.session.pop(TRACK_SESSION_KEY, None)
    messages.info(request, "已退出查询。")
    return redirect("requests_app:track")


def _served_on_the_platform(obj, kind, record_id, letter):
    """送达 by the platform: the first day the applicant opens a letter here is the day it reached
    them (docs/legal-rules.md §5), unless staff recorded another service first."""
    if obj.services.filter(letter=kind, record_id=record_id).exists():
        return
    today = timezone.localdate()
    # staff may have recorded it meanwhile, or the letter's date is odd: nothing to record then
    with contextlib.suppress(ValidationError, IntegrityError):
        obj.record_service(
            None, letter=kind, record_id=record_id, method=Service.Method.PLATFORM,
            sent_on=min(letter.date or today, today), received_on=today,
            reference="申请人在查询页面打开",
        )  # fmt: skip


@never_cache
def track_document(request, kind, record_id=None):
    """A letter of the tracked request, printable or as DOCX."""
    obj = _tracked(request)
    if obj is None:
        messages.info(request, "查询已超时，请重新输入申请编号和查询码。")
        return redirect("requests_app:track")
    if kind not in APPLICANT_DOCUMENTS:
        raise Http404("没有这种文书")
    letter = documents.build(obj, kind, record_id)
    _served_on_the_platform(obj, kind, record_id, letter)
    if request.GET.get("format") == "docx":
        response = HttpResponse(
            documents.to_docx(letter),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(letter.filename)}"
        return response
    return render(
        request,
        "requests_app/public/document.html",
        {
            "obj": obj,
            "letter": letter,
            "breadcrumbs": [
                APPLY_CRUMB,
                ("申请查询", reverse("requests_app:track")),
                (letter.title, None),
            ],
        },
    )


# --- published items matching a request, before it is sent (intake.py) ----------------------


def suggest(request):
    """The published items matching the words of a request being written: an HTML fragment the
    form shows beside the description (static/js/apply.js). Advice only: it never blocks."""
    text = request.GET.get("q", "")[:2000]
    agency = Agency.objects.filter(credit_code=request.GET.get("agency", "")[:18]).first()
    items = intake.published_suggestions(text, agency) if text.strip() else []
    return render(request, "requests_app/public/_suggestions.html", {"items": items})
