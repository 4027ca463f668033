"""The staff home (工作台): a staff member's work, counted, each count opening its list.

A site-level page: it asks each app for its part, over the user's agencies
(`organisation.access.staff_agencies`: own agencies; a 公开办 also everything below them):
- catalog.workload: 草稿, 已退回 (with the reviewer's comment), 待审核;
- requests_app.workload: 待确认, due within 5 working days, overdue, 待批准延期, and for a
  公开办 the agencies with overdue requests; for a reviewer (perm catalog.review_secrecy) the
  answers whose files wait for 保密审查;
- reports.reminders: last year's annual reports not yet published, with their deadline
  (条例第四十九条: 31 January; 人民政府 31 March).
Which counts a person sees follows their role's permissions; every count links to the
filtered list (admin item list, request worklist, unpublished reports) showing exactly those
rows, which tests/test_staff_home.py checks by opening each link.
"""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from catalog import secrecy
from catalog.workload import item_workload, returned_items
from organisation.access import has_oversight, staff_agencies
from reports.reminders import report_year, unpublished
from requests_app.models import Request
from requests_app.workload import open_supervisions, secrecy_waiting, workload

SHOWN = 5  # rows of a panel's list; the count's link opens all of them


@dataclass(frozen=True)
class Count:
    label: str
    number: int
    url: str
    urgent: bool = False  # shown in red when not zero: late, or someone waits for this user


@dataclass(frozen=True)
class Row:
    text: str
    url: str
    meta: str = ""
    note: str = ""  # the reviewer's comment, a deadline …
    urgent: bool = False


@dataclass
class Panel:
    title: str
    counts: list
    links: list = field(default_factory=list)  # [(label, url)]
    list_title: str = ""
    rows: list = field(default_factory=list)
    more: tuple | None = None  # (label, url) below a cut-off list
    empty: str = ""  # said when there is nothing to do


def _url(name, **query):
    url = reverse(name)
    return f"{url}?{urlencode(query)}" if query else url


def items_panel(user, agencies):
    if not user.has_perm("catalog.view_item"):
        return None
    drafter, reviewer = user.has_perm("catalog.add_item"), user.has_perm("catalog.publish_item")
    oversight = has_oversight(user)
    work = item_workload(agencies)
    changelist = "admin:catalog_item_changelist"
    counts = []
    if drafter or oversight:
        counts.append(Count("草稿", work.drafts, _url(changelist, status="draft")))
        counts.append(
            Count("已退回待修改", work.returned, _url(changelist, status="returned"), drafter)
        )
    if reviewer or oversight:
        counts.append(Count("待审核", work.pending, _url(changelist, status="pending"), reviewer))
    panel = Panel("政府信息", counts)
    if drafter:
        panel.links.append(("新增政府信息", reverse("admin:catalog_item_add")))
    panel.links.append(("全部政府信息", reverse(changelist)))
    if drafter and work.returned:
        panel.list_title = "退回修改的信息和审核意见"
        panel.rows = [
            Row(
                item.title,
                reverse("admin:catalog_item_change", args=[item.pk]),
                _returned_meta(item),
                f"审核意见：{item.review_comment}",
                urgent=True,
            )
            for item in returned_items(agencies, SHOWN)
        ]
        if work.returned > SHOWN:
            panel.more = (f"全部{work.returned}条退回的信息", counts[1].url)
    return panel


def _returned_meta(item):
    if item.returned_at is None:  # an item returned before the log existed
        return item.agency.name
    return f"{item.agency.name} · {timezone.localdate(item.returned_at):%Y-%m-%d} 退回"


def requests_panel(user, agencies):
    if not user.has_perm("requests_app.view_request"):
        return None
    handler = user.has_perm("requests_app.change_request")
    approver = user.has_perm("requests_app.approve_extension")
    oversight = has_oversight(user)
    work = workload(Request.objects.filter(agency__in=agencies))
    worklist = "requests_app:worklist"
    counts = []
    if handler or oversight:
        counts += [
            Count("网上申请待确认", work.to_confirm, _url(worklist, view="submitted"), handler),
            Count("5个工作日内到期", work.due_soon, _url(worklist, view="due_soon"), handler),
            Count("已超期", work.overdue, _url(worklist, view="overdue"), True),
        ]
    if approver or oversight:
        counts.append(
            Count(
                "待批准延期",
                work.extension_pending,
                _url(worklist, view="extension_pending"),
                approver,
            )
        )
    # Routing (models/routing.py): shown while something waits, to whoever acts on it.
    if oversight and work.to_route:
        counts.append(Count("待分办", work.to_route, _url(worklist, view="to_route"), True))
    if (handler or oversight) and work.to_accept:
        counts.append(Count("待签收", work.to_accept, _url(worklist, view="to_accept"), handler))
    if user.has_perm(secrecy.PERMISSION):  # the answer is not issued before it (条例第十七条)
        waiting = secrecy_waiting(Request.objects.filter(agency__in=agencies)).count()
        counts.append(Count("答复附件待保密审查", waiting, _url(worklist, view="secrecy"), True))
    panel = Panel("依申请公开", counts)
    if user.has_perm("requests_app.add_request"):
        panel.links.append(("登记申请", reverse("requests_app:register")))
    panel.links.append(("办理清单", reverse(worklist)))
    if oversight:
        panel.list_title = "有超期申请的机关"
        panel.rows = [
            Row(name, _url(worklist, view="overdue", agency=pk), f"{count}件超期", urgent=True)
            for pk, name, count in work.overdue_by_agency[:SHOWN]
        ]
        if len(work.overdue_by_agency) > SHOWN:
            panel.more = (f"全部{work.overdue}件超期申请", counts[2].url)
        panel.empty = "没有超期的申请。"
    return panel


def supervision_panel(user, agencies):
    """督办 of the 公开办 on the requests of the user's agencies, until each request moves."""
    if not user.has_perm("requests_app.view_request"):
        return None
    supervisions = list(open_supervisions(Request.objects.filter(agency__in=agencies)))
    if not supervisions:
        return None
    panel = Panel(
        "督办事项",
        [
            Count(
                "待办理的督办",
                len(supervisions),
                _url("requests_app:worklist", view="supervised"),
                True,
            )
        ],
    )
    panel.list_title = "公开办督办的申请（办理后自动解除）"
    panel.rows = [
        Row(
            f"{s.request.number}（{s.request.agency.name}）",
            reverse("requests_app:detail", args=[s.request_id]),
            f"请于 {s.expect_by:%Y-%m-%d} 前办理",
            f"督办意见：{s.note}",
            urgent=True,
        )
        for s in supervisions[:SHOWN]
    ]
    return panel


def _deadline_note(reminder):
    if reminder.overdue:
        return f"截止 {reminder.due:%Y-%m-%d}，已逾期{reminder.days_overdue}天"
    if reminder.days_left == 0:
        return f"截止 {reminder.due:%Y-%m-%d}，今天截止"
    return f"截止 {reminder.due:%Y-%m-%d}，剩余{reminder.days_left}天"


def reports_panel(user, agencies):
    if not user.has_perm("reports.view_annualreport"):
        return None
    reminders = unpublished(user, agencies=agencies)
    year = report_year()
    urgent = any(reminder.overdue or reminder.due_soon for reminder in reminders)
    counts = [
        Count(f"{year}年度报告未发布", len(reminders), reverse("reports:unpublished"), urgent)
    ]
    panel = Panel("年度报告", counts, links=[("全部年度报告", reverse("reports:list"))])
    panel.list_title = "尚未发布的报告（部门1月31日前，人民政府3月31日前，条例第四十九条）"
    panel.rows = [
        Row(
            f"{reminder.name}{year}年度报告",
            reverse("reports:detail", args=[reminder.agency_id, year]),
            note=_deadline_note(reminder),
            urgent=reminder.overdue or reminder.due_soon,
        )
        for reminder in reminders[:SHOWN]
    ]
    if len(reminders) > SHOWN:
        panel.more = (f"全部{len(reminders)}个尚未发布的机关", counts[0].url)
    panel.empty = f"{year}年度报告均已发布。"
    return panel


def panels(request):
    """The panels of `request.user`'s home, in the order of the staff navigation."""
    user, agencies = request.user, staff_agencies(request)
    found = [
        supervision_panel(user, agencies),
        items_panel(user, agencies),
        requests_panel(user, agencies),
        reports_panel(user, agencies),
    ]
    return [panel for panel in found if panel is not None]
