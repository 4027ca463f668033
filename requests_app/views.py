"""The staff workbench for 依申请公开: worklist, registration, one page per request with the
actions its status allows, and the generated documents. Thin views: forms parse, the model's
methods decide, `Request.objects.for_staff` says what a user may see."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import F, Q
from django.http import FileResponse, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from organisation.access import staff_agencies, staff_view

from . import answer_forms, deadlines, documents, routing_views, search_terms, workload
from . import forms as f
from .models import Extension, Request, RequestAttachment
from .models.answer_secrecy import screen_answer_files

PAGE_SIZE = 50


# The views of open requests, sorted by deadline. The staff home counts the same rows
# (requests_app/workload.py): change one, change the other (tests/test_staff_home.py).
OPEN_VIEWS = (
    "open",
    "due_soon",
    "overdue",
    "extension_pending",
    "supervised",
    "to_route",
    "to_accept",
    "secrecy",
)


def _scoped(request):
    return Request.objects.for_staff(request.user)


def _annotate(rows, today):
    """Attach the clock to each row of a page from the stored due date (no query, no
    computation of a deadline): due date, days left, overdue, due soon."""
    for row in rows:
        row.due_deadline = row.stored_due()
        due = row.due_on
        row.overdue = deadlines.is_overdue(due, today, row.closed_on)
        row.due_soon = not row.closed_on and deadlines.is_due_soon(due, today)
        row.days_left = (
            deadlines.working_days_left(due, today) if due and not row.closed_on else None
        )
    return rows


def _search(request, agencies):
    """The filter form is POSTed: the applicant's name it may hold goes into the session, the
    URL redirected to carries the other filters and a token for it (search_terms.py)."""
    form = f.WorklistFilterForm(request.POST, agencies=agencies)
    if not form.is_valid():
        return render(request, "requests_app/worklist.html", {"form": form}, status=400)
    query = QueryDict(mutable=True)
    for name in form.fields:
        if name != "q" and request.POST.get(name):
            query[name] = request.POST[name]
    if form.cleaned_data["q"]:
        query["s"] = search_terms.remember(request, form.cleaned_data["q"])
    return redirect(f"{reverse('requests_app:worklist')}?{query.urlencode()}")


@staff_view("requests_app.view_request")
def worklist(request):
    agencies = staff_agencies(request)
    if request.method == "POST":
        return _search(request, agencies)
    params = request.GET.copy()
    if "s" in params:
        term = search_terms.recall(request, params.pop("s")[-1])
        if term is None:
            messages.warning(request, "搜索条件已过期，请重新输入编号或申请人。")
        else:
            params["q"] = term
    form = f.WorklistFilterForm(params or None, agencies=agencies)
    if params and not form.is_valid():
        return render(request, "requests_app/worklist.html", {"form": form}, status=400)
    data = form.cleaned_data if params else {}
    queryset = _scoped(request)
    for name in ("agency", "status", "channel", "applicant_kind"):
        if data.get(name):
            queryset = queryset.filter(**{name: data[name]})
    if data.get("handler") == "none":
        queryset = queryset.filter(handler__isnull=True)
    elif data.get("handler"):
        queryset = queryset.filter(handler=data["handler"])
    if data.get("year"):
        queryset = queryset.filter(received_on__year=data["year"])
    if data.get("q"):
        q = data["q"]
        queryset = queryset.filter(
            Q(number__icontains=q)
            | Q(original_number__icontains=q)
            | Q(applicant_name__icontains=q)
        )
    view = data.get("view") or "open"
    today = timezone.localdate()
    if view in OPEN_VIEWS:
        # The open requests by their stored due date (requests_app/recount.py keeps it): the
        # database filters, sorts and pages them, whatever the number of agencies.
        open_requests = queryset.open()
        if view == "extension_pending":  # 条例第三十三条: waiting for the 负责人's decision
            open_requests = open_requests.filter(extension__status=Extension.Status.PENDING)
        elif view in ("to_route", "to_accept"):  # 待分办, 待签收 (models/routing.py)
            open_requests = open_requests.filter(routing=view)
        elif view == "supervised":  # a 督办 of the 公开办 waits (models/routing.py)
            supervised = workload.open_supervisions(open_requests).values("request")
            open_requests = open_requests.filter(pk__in=supervised)
        elif view in ("due_soon", "overdue"):
            open_requests = open_requests.filter(workload.due_filter(view, today))
        elif view == "secrecy":  # answer files waiting for 保密审查 (条例第十七条)
            open_requests = workload.secrecy_waiting(open_requests)
        ordered = open_requests.order_by(F("due_on").asc(nulls_last=True), "id")
    else:
        if view in (Request.Status.SUBMITTED, Request.Status.CLOSED):  # a view of one status
            queryset = queryset.filter(status=view)
        ordered = queryset.order_by("-received_on", "-id")
    page = Paginator(ordered.select_related("agency", "handler"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    _annotate(page.object_list, today)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "requests_app/worklist.html",
        {"form": form, "page": page, "view": view, "page_query": query.urlencode(), "today": today},
    )


@staff_view("requests_app.add_request")
def register(request):
    form = f.RegisterForm(request.POST or None, agencies=staff_agencies(request))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            obj, code = Request.register(user=request.user, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            request.session[f"query_code_{obj.pk}"] = code
            messages.success(request, f"已登记，申请编号 {obj.number}。")
            return redirect("requests_app:detail", pk=obj.pk)
    return render(request, "requests_app/register.html", {"form": form})


@staff_view("requests_app.add_request")
def on_the_spot(request):
    """当场答复: register and answer in one step, the same day."""
    form = answer_forms.OnTheSpotForm(request.POST or None, agencies=staff_agencies(request))
    if request.method == "POST" and form.is_valid():
        fields, answer = form.split()
        try:
            obj, code = Request.register_and_answer(user=request.user, answer=answer, **fields)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            request.session[f"query_code_{obj.pk}"] = code
            messages.success(
                request, f"已登记并当场答复，申请编号 {obj.number}，请打印答复书交申请人。"
            )
            return redirect("requests_app:detail", pk=obj.pk)
    status = 400 if form.is_bound else 200
    return render(request, "requests_app/on_the_spot.html", {"form": form}, status=status)


# The forms of the actions the staff page offers, in the order it shows them. Which of them a
# request offers now is `Request.allowed_actions` (models/transitions.py), not decided here.
ACTION_FORMS = {
    "confirm": ("确认收到", f.ConfirmForm),
    "correction": ("补正告知", f.CorrectionForm),
    "draft": ("答复（起草后预览）", answer_forms.AnswerDraftForm),
    "sign_off": ("签发答复（负责人）", answer_forms.SignOffForm),
    "secrecy": ("保密审查（随答复提供的附件）", answer_forms.AnswerSecrecyForm),
    "issue": ("出具答复书", answer_forms.IssueForm),
    "fee": ("收费通知", f.FeeNoticeForm),
    "consultation": ("征求意见", f.ConsultationForm),
    "consultation_reply": ("登记意见", f.ConsultationReplyForm),
    "correction_received": ("登记补正", f.CorrectionReceivedForm),
    "abandon_uncorrected": ("逾期不补正，终止办理", f.AbandonForm),
    "payment": ("登记缴费", f.PaymentForm),
    "abandon_unpaid": ("逾期未缴费，终止办理", f.AbandonForm),
    "disclosure_notice": ("告知第三方决定公开", f.DisclosureNoticeForm),
    "reasons_request": ("要求说明理由（第三十五条）", f.ReasonsRequestForm),
    "delay": ("延迟答复（第三十五条）", f.DelayForm),
    "extension": ("提请延期", f.ExtensionRequestForm),
    "extension_decision": ("审批延期（负责人）", f.ExtensionDecisionForm),
    "details": ("修改登记信息", f.DetailsForm),
    "service": ("登记送达", f.ServiceForm),
    "correct_answer": ("更正答复（另行出具更正文书）", answer_forms.AnswerCorrectionForm),
}


def _form(name, obj, data=None):
    """The form of action `name`: blank for the page, or bound to the POSTed `data`."""
    form_class = ACTION_FORMS[name][1]
    if name == "confirm":
        return form_class(data, initial={"received_on": obj.received_on})
    if name in ("consultation_reply", "disclosure_notice"):
        return form_class(data, request_obj=obj)
    if name == "draft":
        return form_class(data, draft=obj._one("answer_draft"))
    if name == "service":
        served = {(s.letter, s.record_id) for s in obj.services.all()}
        letters = [d for d in documents.available(obj) if (d[0], d[1]) not in served]
        return form_class(data, letters=letters)
    if name == "details":
        # A bound ModelForm writes into its instance while validating: give it a fresh copy.
        return form_class(data, instance=obj if data is None else Request.objects.get(pk=obj.pk))
    return form_class(data)


def _action_forms(obj, allowed):
    """The blank forms of the `allowed` actions that have one, keyed by action name."""
    return {name: _form(name, obj) for name in ACTION_FORMS if name in allowed}


@staff_view("requests_app.view_request")
def detail(request, pk, forms=None, routing_forms=None):
    obj = get_object_or_404(_scoped(request).with_clock(), pk=pk)
    _annotate([obj], timezone.localdate())
    allowed = obj.allowed_actions(request.user)
    action_forms = _action_forms(obj, allowed)
    action_forms.update(forms or {})
    context = {
        "obj": obj,
        "allowed": allowed,
        "actions": [(name, ACTION_FORMS[name][0], form) for name, form in action_forms.items()],
        "documents": _with_services(obj),
        "events": obj.events.select_related("actor"),
        "attachments": obj.attachments.all(),
        "new_code": request.session.pop(f"query_code_{obj.pk}", None),
        "attachment_form": f.AttachmentForm(),
        "routing": routing_views.panel(request, obj, routing_forms),
        **_answer_secrecy(obj, allowed),
    }
    bad = forms or routing_forms
    return render(request, "requests_app/detail.html", context, status=400 if bad else 200)


def _answer_secrecy(obj, allowed):
    """The answer files' 保密审查 standing now, and their privacy screen for the reviewer."""
    if obj.is_closed or not obj.answer_files():
        return {}
    screen = screen_answer_files(obj.answer_files()) if "secrecy" in allowed else None
    return {
        "answer_files_given": True,
        "answer_secrecy": obj.answer_secrecy_review(),
        "answer_screen": screen,
    }


def _with_services(obj):
    """(kind, record id, title, its 送达 or None) of every letter the request has."""
    services = {(s.letter, s.record_id): s for s in obj.services.all()}
    return [(*doc, services.get(doc[:2])) for doc in documents.available(obj)]


def _run(name, obj, user, data):
    """Call the model method behind an action with the form's cleaned data."""
    match name:
        case "confirm":
            obj.confirm_receipt(user, data["received_on"], reason=data["reason"])
        case "correction":
            obj.request_correction(user, **data)
        case "correction_received":
            obj.receive_correction(user, **data)
        case "abandon_uncorrected":
            obj.abandon_uncorrected(user, on=data["on"])
        case "consultation":
            obj.start_consultation(user, **data)
        case "consultation_reply":
            consultation = data.pop("consultation")
            obj.record_consultation_reply(user, consultation, **data)
        case "disclosure_notice":
            obj.notify_disclosure(user, data.pop("consultation"), **data)
        case "reasons_request":
            obj.ask_reasons(user, **data)
        case "delay":
            obj.delay_answer(user, **data)
        case "extension":
            obj.request_extension(user, **data)
        case "extension_decision":
            obj.decide_extension(user, **data)
        case "fee":
            obj.issue_fee_notice(user, **data)
        case "payment":
            obj.record_payment(user, **data)
        case "abandon_unpaid":
            obj.abandon_unpaid(user, on=data["on"])
        case "draft":
            data["legal_basis"] = data["legal_basis"] or None
            obj.save_answer_draft(user, **data)
        case "sign_off":
            obj.sign_off_answer(user, **data)
        case "secrecy":
            obj.review_answer_secrecy(user, **data)
        case "issue":
            obj.issue_answer(user)
        case "correct_answer":
            obj.correct_answer(user, **data)
        case "details":
            obj.update_details(user, **data)
        case "service":
            data["letter"], data["record_id"] = data["letter"]
            obj.record_service(user, **data)


def _add_errors(form, error):
    """A refusal onto the form: under the fields it names that the form has, the rest on top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@require_POST
@staff_view("requests_app.change_request")
def action(request, pk, name):
    obj = get_object_or_404(_scoped(request).with_clock(), pk=pk)
    if name not in ACTION_FORMS or name not in obj.allowed_actions(request.user):
        messages.error(request, "当前状态下不能进行此操作。")
        return redirect("requests_app:detail", pk=pk)
    form = _form(name, obj, request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            _run(name, obj, request.user, data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"{ACTION_FORMS[name][0]}：已完成。")
            return redirect("requests_app:detail", pk=pk)
    return detail(request, pk, forms={name: form})


@require_POST
@staff_view("requests_app.change_request")
def reset_code(request, pk):
    obj = get_object_or_404(_scoped(request), pk=pk)
    try:
        code = obj.reset_query_code(request.user)
    except ValidationError as error:  # closed since the page was shown
        messages.error(request, " ".join(error.messages))
    else:
        request.session[f"query_code_{obj.pk}"] = code
        messages.success(request, "已生成新的查询码，原查询码作废。")
    return redirect("requests_app:detail", pk=pk)


@require_POST
@staff_view("requests_app.change_request")
def add_attachment(request, pk):
    obj = get_object_or_404(_scoped(request), pk=pk)
    form = f.AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            source = RequestAttachment.Source.ANSWER if form.cleaned_data["for_answer"] else None
            obj.add_attachment(
                request.user, form.cleaned_data["file"], **({"source": source} if source else {})
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "附件已添加。")
    else:
        messages.error(request, "请选择要上传的文件。")
    return redirect("requests_app:detail", pk=pk)


@staff_view("requests_app.view_request")
def attachment(request, pk, attachment_pk):
    obj = get_object_or_404(_scoped(request), pk=pk)
    item = get_object_or_404(obj.attachments, pk=attachment_pk)
    return FileResponse(
        item.file.open("rb"), as_attachment=True, filename=item.name, content_type=item.content_type
    )


@staff_view("requests_app.view_request")
def document(request, pk, kind, record_id=None):
    obj = get_object_or_404(_scoped(request).with_clock(), pk=pk)
    letter = documents.build(obj, kind, record_id)
    if request.GET.get("format") == "docx":
        response = HttpResponse(
            documents.to_docx(letter),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        from urllib.parse import quote

        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(letter.filename)}"
        return response
    return render(request, "requests_app/document.html", {"obj": obj, "letter": letter})
