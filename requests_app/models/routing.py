"""Moving a request through the county (docs/legal-rules.md §10): 转办 by the 公开办 to an agency
of its subtree, 签收 or 退回 by that agency, a named 承办人 inside it, and the 公开办's 督办.

The request's `agency` is always the agency handling it now, so every access rule
(`Request.objects.for_staff`, organisation/access.py) follows a move by itself: after a 转办
the receiving agency's staff see it, the 公开办 still sees it through its subtree, nobody else.
The clock is not touched: it runs from the original received date (条例第三十一条), and a move
changes neither `received_on` nor the records the due date is counted from.
"""

from django.conf import settings
from django.db import models, transaction

from organisation.access import oversees
from organisation.models import Agency

from .records import RequestEvent
from .steps import TransitionError, format_day, today


class Routing(models.TextChoices):
    """Where a request stands in the county's routing (`Request.routing`)."""

    NONE = "", "无需分办"
    TO_ROUTE = "to_route", "待分办"
    TO_ACCEPT = "to_accept", "待签收"
    ACCEPTED = "accepted", "已签收"


def needs_routing(agency):
    """Whether a request filed with `agency` starts in the 公开办's 待分办 list: a 人民政府
    with agencies below it, whose 公开办 finds the agency that holds the information."""
    return agency.kind == Agency.Kind.GOVERNMENT and not agency.is_leaf_node()


def is_member(user, agency_id):
    """Whether `user` belongs to the agency itself (not merely oversees it): 签收, 退回 and
    being a 承办人 are the receiving agency's own acts."""
    return bool(user.is_active and user.is_staff and user.agencies.filter(pk=agency_id).exists())


def handlers_of(agencies):
    """The 办理人 of an agency (a pk) or of a queryset of agencies: active staff who may work
    on requests."""
    from django.contrib.auth import get_user_model

    where = (
        {"agencies__in": agencies}
        if isinstance(agencies, models.QuerySet)
        else {"agencies": agencies}
    )
    users = get_user_model().objects.filter(is_active=True, is_staff=True, **where)
    # The permission by its name, in the same query (no lookup of the Permission row first).
    perm = {"codename": "change_request", "content_type__app_label": "requests_app"}
    by_group = {f"groups__permissions__{key}": value for key, value in perm.items()}
    by_user = {f"user_permissions__{key}": value for key, value in perm.items()}
    return users.filter(models.Q(**by_group) | models.Q(**by_user)).distinct()


class RoutingMove(models.Model):
    """One move of a request between agencies: who, when, from, to, why. Append-only."""

    class Kind(models.TextChoices):
        ROUTED = "routed", "转办"
        ACCEPTED = "accepted", "签收"
        RETURNED = "returned", "退回"

    request = models.ForeignKey(
        "Request", verbose_name="申请", on_delete=models.CASCADE, related_name="moves"
    )
    kind = models.CharField("事项", max_length=20, choices=Kind.choices)
    from_agency = models.ForeignKey(
        Agency, verbose_name="移出机关", on_delete=models.PROTECT, related_name="+"
    )
    to_agency = models.ForeignKey(
        Agency, verbose_name="接收机关", on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField("说明", blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "转办记录"
        verbose_name_plural = "转办记录"
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.from_agency} → {self.to_agency}"


class SupervisionQuerySet(models.QuerySet):
    def open(self):
        """督办 still waiting: the request is open and nothing has happened on it since (a 督办
        stands until the request moves: any later step in its log, docs/legal-rules.md §10)."""
        later = RequestEvent.objects.filter(
            request=models.OuterRef("request"), at__gt=models.OuterRef("issued_at")
        ).exclude(kind=RequestEvent.Kind.SUPERVISED)
        return self.exclude(request__status="closed").exclude(models.Exists(later))


class Supervision(models.Model):
    """A 督办 of the 公开办 on a request of its subtree: a note and the date it expects action by."""

    request = models.ForeignKey(
        "Request", verbose_name="申请", on_delete=models.CASCADE, related_name="supervisions"
    )
    note = models.TextField("督办意见")
    expect_by = models.DateField("要求办理期限")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="督办人",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    issued_at = models.DateTimeField("督办时间", auto_now_add=True)

    objects = SupervisionQuerySet.as_manager()

    class Meta:
        verbose_name = "督办"
        verbose_name_plural = "督办"
        ordering = ["-issued_at", "-id"]

    def __str__(self):
        return f"督办（{format_day(self.expect_by)} 前）"


class RequestRouting:
    """Mixed into `Request`: the routing changes, one method each (check, write, log)."""

    @property
    def awaits_routing(self):
        """待分办: the 公开办 has not yet said which agency handles it."""
        return self.routing == Routing.TO_ROUTE

    @property
    def in_routing(self):
        """待分办 or 待签收: no agency has taken it on yet."""
        return self.routing in (Routing.TO_ROUTE, Routing.TO_ACCEPT)

    @property
    def declines_notices(self):
        return self.notify_by == "none"

    def _lock_routing(self):
        current = (
            type(self)
            .objects.select_for_update()
            .only("status", "routing", "agency_id", "handler_id")
            .get(pk=self.pk)
        )
        self.status, self.routing = current.status, current.routing
        self.agency_id, self.handler_id = current.agency_id, current.handler_id
        if self.is_closed:
            raise TransitionError("申请已办结，不能再转办、签收或退回。")

    def _move(self, user, kind, to_agency, routing, note):
        from_agency = self.agency
        self.agency, self.routing, self.handler = to_agency, routing, None
        # `save()` recounts the due date: it stays what it was, the clock running from the
        # original received date (条例第三十一条); tests/test_routing.py proves it.
        self.save(update_fields=["agency", "routing", "handler", "updated_at"])
        RoutingMove.objects.create(
            request=self,
            kind=kind,
            from_agency=from_agency,
            to_agency=to_agency,
            note=note,
            actor=user,
        )
        label = RoutingMove.Kind(kind).label
        message = f"{label}：{from_agency.name} → {to_agency.name}"
        self._log(user, kind, f"{message}。{note}" if note else message)

    def route(self, user, to_agency, note):
        """转办: the 公开办 of the agency the request was filed with sends it to an agency of
        its subtree that holds the information."""
        note = note.strip()
        with transaction.atomic():
            self._lock_routing()
            if self.routing != Routing.TO_ROUTE:
                raise TransitionError("只有待分办的申请可以转办。")
            if not oversees(user, self.filed_with_id):
                raise TransitionError("只有受理机关的公开办可以转办。")
            if not note:
                raise TransitionError("请填写转办说明。")
            target = Agency.objects.filter(pk=getattr(to_agency, "pk", to_agency)).first()
            if (
                target is None
                or target.pk == self.filed_with_id
                or not target.is_descendant_of(self.filed_with)
            ):
                raise TransitionError("只能转办给本级政府所属的机关。")
            self._move(user, RoutingMove.Kind.ROUTED, target, Routing.TO_ACCEPT, note)

    def accept(self, user):
        """签收: the agency now holding the request takes it on (the 公开办's own agency takes
        a 待分办 request on by signing for it, without a 转办)."""
        with transaction.atomic():
            self._lock_routing()
            if self.routing not in (Routing.TO_ACCEPT, Routing.TO_ROUTE):
                raise TransitionError("该申请不在待签收状态。")
            if not is_member(user, self.agency_id):
                raise TransitionError("只有接收机关的工作人员可以签收。")
            self.routing = Routing.ACCEPTED
            self.save(update_fields=["routing", "updated_at"])
            RoutingMove.objects.create(
                request=self,
                kind=RoutingMove.Kind.ACCEPTED,
                from_agency=self.agency,
                to_agency=self.agency,
                actor=user,
            )
            self._log(user, RequestEvent.Kind.ACCEPTED, f"签收：{self.agency.name}")

    def return_to_office(self, user, reason):
        """退回: the receiving agency says the information is not its own; the request goes
        back to the 公开办 of the agency it was filed with, which routes it again."""
        reason = reason.strip()
        with transaction.atomic():
            self._lock_routing()
            if self.routing != Routing.TO_ACCEPT:
                raise TransitionError("只有待签收的申请可以退回。")
            if not is_member(user, self.agency_id):
                raise TransitionError("只有接收机关的工作人员可以退回。")
            if not reason:
                raise TransitionError("请填写退回理由。")
            self._move(user, RoutingMove.Kind.RETURNED, self.filed_with, Routing.TO_ROUTE, reason)

    def assign(self, user, handler):
        """Name the 承办人: a 办理人 of the agency handling the request (None: 未分配)."""
        with transaction.atomic():
            self._lock_routing()
            if self.routing == Routing.TO_ACCEPT:
                raise TransitionError("请先签收，再指定承办人。")
            if not is_member(user, self.agency_id) and not oversees(user, self.agency_id):
                raise TransitionError("只有本机关或其公开办可以指定承办人。")
            if handler is not None and not handlers_of(self.agency_id).filter(pk=handler.pk):
                raise TransitionError("承办人须为本机关的办理人。")
            self.handler = handler
            self.save(update_fields=["handler", "updated_at"])
            name = (handler.get_full_name() or handler.username) if handler else "未分配"
            self._log(user, RequestEvent.Kind.ASSIGNED, f"承办人：{name}")

    def supervise(self, user, note, expect_by):
        """督办: the 公开办 above the handling agency asks for action by `expect_by`."""
        note = note.strip()
        with transaction.atomic():
            self._lock_routing()
            if not oversees(user, self.agency_id):
                raise TransitionError("只能督办本机关及下级机关的申请。")
            if not note:
                raise TransitionError("请填写督办意见。")
            if expect_by < today():
                raise TransitionError("要求办理期限不能早于今天。")
            Supervision.objects.create(request=self, note=note, expect_by=expect_by, issued_by=user)
            self._log(
                user,
                RequestEvent.Kind.SUPERVISED,
                f"督办：{note}（请于 {format_day(expect_by)} 前办理）",
            )
