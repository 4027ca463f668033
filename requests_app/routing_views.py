"""Staff pages of routing (docs/legal-rules.md §10): the 公开办's 待分办 list, and the 转办, 签收,
退回, 承办人 and 督办 forms on a request's page. Thin views: the forms parse, the model's
methods (models/routing.py) check and write, `Request.objects.for_staff` scopes."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from organisation.access import oversees, staff_view

from . import intake
from . import routing_forms as rf
from .models import Request, Routing, Supervision
from .models.routing import is_member

ROUTE_PERM = "requests_app.route_request"
WORK_PERM = "requests_app.change_request"


def allowed(user, obj):
    """The routing acts `user` may take on `obj` now: the page offers exactly these (the model
    methods check again under the row lock)."""
    if obj.is_closed:
        return set()
    acts = set()
    member = is_member(user, obj.agency_id)
    if user.has_perm(ROUTE_PERM) and oversees(user, obj.agency_id):
        acts.add("supervise")
        if obj.routing == Routing.TO_ROUTE and oversees(user, obj.filed_with_id):
            acts.add("route")
    if user.has_perm(WORK_PERM) and member:
        if obj.routing in (Routing.TO_ROUTE, Routing.TO_ACCEPT):
            acts.add("accept")
        if obj.routing == Routing.TO_ACCEPT:
            acts.add("return")
    if obj.routing != Routing.TO_ACCEPT and (
        (user.has_perm(WORK_PERM) and member)
        or user.has_perm(ROUTE_PERM)
        and oversees(user, obj.agency_id)
    ):
        acts.add("assign")
    return acts


def _form(name, obj, data=None):
    if name == "route":
        return rf.RouteForm(data, request_obj=obj)
    if name == "return":
        return rf.ReturnForm(data)
    if name == "assign":
        return rf.AssignForm(data, request_obj=obj)
    if name == "supervise":
        return rf.SuperviseForm(data)
    return None


# The forms of the request's page: (summary, button) by act.
TITLES = {
    "route": ("转办", "转办"),
    "return": ("退回公开办", "退回"),
    "assign": ("指定承办人", "保存"),
    "supervise": ("督办", "督办"),
}


def panel(request, obj, bound=None):
    """What the request's page shows of routing: the moves, the 督办, the forms offered, and
    the applicant's similar earlier requests to the agency (intake.py)."""
    acts = allowed(request.user, obj)
    forms = {name: _form(name, obj) for name in ("route", "return", "assign", "supervise")}
    forms.update(bound or {})
    return {
        "acts": acts,
        "forms": [(name, *TITLES[name], form) for name, form in forms.items() if name in acts],
        "duplicates": intake.similar_earlier(obj),
        "moves": obj.moves.select_related("from_agency", "to_agency", "actor"),
        "supervisions": obj.supervisions.select_related("issued_by"),
        "open_supervisions": set(
            Supervision.objects.open().filter(request=obj).values_list("pk", flat=True)
        ),
    }


def _scoped(request):
    return Request.objects.for_staff(request.user)


@staff_view("requests_app.view_request")
def to_route(request):
    """待分办 and 待签收: the requests of the user's agencies that wait to be routed or signed for."""
    scoped = _scoped(request).open().select_related("agency", "filed_with", "handler")
    context = {
        "to_route": scoped.filter(routing=Routing.TO_ROUTE).order_by("received_on", "id"),
        "to_accept": scoped.filter(routing=Routing.TO_ACCEPT).order_by("received_on", "id"),
    }
    return render(request, "requests_app/routing.html", context)


MESSAGES = {
    "route": "已转办。",
    "accept": "已签收。",
    "return": "已退回公开办。",
    "assign": "承办人已更新。",
    "supervise": "已督办。",
}


def _run(name, obj, user, data):
    match name:
        case "route":
            obj.route(user, data["to_agency"], data["note"])
        case "accept":
            obj.accept(user)
        case "return":
            obj.return_to_office(user, data["reason"])
        case "assign":
            obj.assign(user, data["handler"])
        case "supervise":
            obj.supervise(user, data["note"], data["expect_by"])


@require_POST
@staff_view("requests_app.view_request")
def act(request, pk, name):
    from .views import detail

    obj = get_object_or_404(_scoped(request).select_related("filed_with"), pk=pk)
    if name not in MESSAGES or name not in allowed(request.user, obj):
        messages.error(request, "当前状态下不能进行此操作。")
        return redirect("requests_app:detail", pk=pk)
    form = _form(name, obj, request.POST)
    if form is not None and not form.is_valid():
        return detail(request, pk, routing_forms={name: form})
    try:
        _run(name, obj, request.user, form.cleaned_data if form is not None else {})
    except ValidationError as error:
        if form is None:
            messages.error(request, " ".join(error.messages))
            return redirect("requests_app:detail", pk=pk)
        form.add_error(None, error)
        return detail(request, pk, routing_forms={name: form})
    messages.success(request, MESSAGES[name])
    if name in ("route", "return") and not _scoped(request).filter(pk=pk).exists():
        return redirect("requests_app:routing")
    return redirect("requests_app:detail", pk=pk)
