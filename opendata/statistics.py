"""Public statistics of one agency (or a government's subtree) for one year (/statistics/).

Requests: received, answered, answered on time, median working days to answer, the outcome
mix, and 行政复议/行政诉讼 — the yearly figures are the annual report's own functions
(`reports.tables.section3` / `section4`), so the two can never disagree; the monthly split
and the on-time counts are further GROUP BY queries over the same scope. Items: published
per month, and per top-level directory with the 发布时效 on-time share (条例第二十六条:
`Item.workdays_to_publish` ≤ 20). Everything is aggregate queries; the only Python loop is
over distinct (received, closed) date pairs, to count working days with the shared calendar
(the same rows give the monthly answered and on-time counts: one query for all three).

"On time" means closed on or before the stored legal due date `Request.due_on` (which
includes extensions and the paused days of 补正 and 征求意见, docs/legal-rules.md §3). A
request without a stored due date is counted as answered but not as on time or late.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from statistics import median

from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from catalog import navigation
from catalog.models import Item
from catalog.timeliness import PUBLICATION_LIMIT
from reports import charts
from reports import tables as t
from requests_app.models import Request
from workcalendar.workdays import is_workday

MONTHS = list(range(1, 13))


@dataclass
class Statistics:
    scope: t.Scope
    received: int = 0
    answered: int = 0
    on_time: int = 0
    late: int = 0
    median_workdays: float | None = None
    months: list = field(default_factory=list)  # [(month, received, answered, on time, items)]
    outcomes: list = field(default_factory=list)  # [(group, count)]
    cases: dict = field(default_factory=dict)  # section 四 of the annual report
    directories: list = field(default_factory=list)  # [(name, published, on time)]
    items: int = 0
    items_on_time: int = 0
    section3: dict = field(default_factory=dict)

    @property
    def on_time_share(self):
        known = self.on_time + self.late
        return round(self.on_time * 100 / known, 1) if known else None

    @property
    def items_on_time_share(self):
        return round(self.items_on_time * 100 / self.items, 1) if self.items else None


def _year_bounds(year):
    zone = timezone.get_current_timezone()
    return datetime(year, 1, 1, tzinfo=zone), datetime(year + 1, 1, 1, tzinfo=zone)


def _answered_on_time():
    """Conditional counts of requests answered on or before / after their stored due date.

    Counted over `closed_on` (never null in these queries), not the primary key: every column
    the statistics read is in the covering indexes `request_closed_stats` and
    `request_received_stats`, so PostgreSQL answers them from the index alone.
    """
    known = Q(due_on__isnull=False)
    return {
        "on_time": Count("closed_on", filter=known & Q(closed_on__lte=F("due_on"))),
        "late": Count("closed_on", filter=known & Q(closed_on__gt=F("due_on"))),
    }


def answered_pairs(scope):
    """[(received_on, closed_on, answered, on time, late)] of the requests answered in the year,
    one row per distinct pair of dates: the monthly answered and on-time counts and the median
    all come from this one GROUP BY."""
    return list(
        Request.objects.filter(scope.agencies(), closed_on__range=(scope.first_day, scope.last_day))
        .values_list("received_on", "closed_on")
        .annotate(n=Count("closed_on"), **_answered_on_time())
        .order_by()
    )


def received_months(scope):
    """{month: requests received}: the same rule as 新收 of the annual report."""
    return dict(
        Request.objects.filter(
            scope.agencies(), received_on__range=(scope.first_day, scope.last_day)
        )
        .annotate(month=ExtractMonth("received_on"))
        .values_list("month")
        .annotate(n=Count("received_on"))
        .order_by()
    )


def request_months(scope, pairs=None):
    """{month: (received, answered, answered on time, late)}."""
    pairs = answered_pairs(scope) if pairs is None else pairs
    received = received_months(scope)
    months = {month: [received.get(month, 0), 0, 0, 0] for month in MONTHS}
    for _received_on, closed_on, n, on_time, late in pairs:
        row = months[closed_on.month]
        row[1] += n
        row[2] += on_time
        row[3] += late
    return {month: tuple(row) for month, row in months.items()}


def median_workdays(scope, pairs=None):
    """The median working days from receipt to answer of the requests answered in the year."""
    pairs = answered_pairs(scope) if pairs is None else pairs
    if not pairs:
        return None
    # Working days up to each date of the span, once: then each pair is a subtraction
    # (counting each of ~15,000 distinct pairs day by day was most of the province page).
    first = min(row[0] for row in pairs)
    last = max(row[1] for row in pairs)
    upto, counted, day = {}, 0, first
    while day <= last:
        counted += day > first and is_workday(day)
        upto[day] = counted
        day += timedelta(days=1)
    days = []
    for received_on, closed_on, n, _on_time, _late in pairs:
        # = count_workdays(received_on, closed_on): working days after receipt up to the answer.
        taken = upto[closed_on] - upto[received_on] if closed_on > received_on else 0
        days.extend([taken] * n)
    return median(days)


def item_figures(scope):
    """({month: published}, [(top-level directory, published, on time)]) of the year, from one
    GROUP BY (month, directory) over the year's range of the index `item_pub_date`."""
    start, end = _year_bounds(scope.year)
    rows = (
        Item.objects.public()
        .filter(scope.agencies(), published_at__gte=start, published_at__lt=end)
        .annotate(month=ExtractMonth("published_at"))
        .values_list("month", "directory_id")
        .annotate(
            n=Count("published_at"),
            on_time=Count(
                "workdays_to_publish", filter=Q(workdays_to_publish__lte=PUBLICATION_LIMIT)
            ),
        )
        .order_by()
    )
    months, roots, root_names = dict.fromkeys(MONTHS, 0), {}, {}
    for month, directory_id, n, timely in rows:
        months[month] += n
        if directory_id not in root_names:
            path = navigation.directory_path(directory_id)
            root_names[directory_id] = path[0][1] if path else "（其他）"
        name = root_names[directory_id]
        total, good = roots.get(name, (0, 0))
        roots[name] = (total + n, good + timely)
    order = [name for _pk, name, parent, _l, _t in navigation.directory_rows() if parent is None]
    directories = [(name, *roots[name]) for name in order if name in roots]
    directories += [(name, *value) for name, value in roots.items() if name not in order]
    return months, directories


def compute(agency, year, with_subordinates=False):
    scope = t.Scope(agency, year, with_subordinates)
    section3 = t.section3(scope)
    pairs = answered_pairs(scope)
    months = request_months(scope, pairs)
    item_months, directories = item_figures(scope)
    stats = Statistics(scope=scope, section3=section3)
    stats.received = section3[t.NEW][t.TOTAL]
    stats.answered = section3[t.TOTAL][t.TOTAL]
    stats.on_time = sum(row[2] for row in months.values())
    stats.late = sum(row[3] for row in months.values())
    stats.median_workdays = median_workdays(scope, pairs)
    stats.months = [(month, *months[month][:3], item_months.get(month, 0)) for month in MONTHS]
    stats.outcomes = charts.outcome_groups(section3)
    stats.cases = t.section4(scope)
    stats.directories = directories
    stats.items = sum(n for _name, n, _good in directories)
    stats.items_on_time = sum(good for _name, _n, good in directories)
    return stats


def chart_set(stats):
    """The page's inline SVG charts, each with its data table (templates/reports/_chart.html)."""
    label = [str(month) for month in MONTHS]  # 12 columns: "10月" would not fit under each
    return [
        charts.column_chart(
            "chart-received",
            f"{stats.scope.year}年各月收到的申请（横轴为月份）",
            "件",
            list(zip(label, [row[1] for row in stats.months], strict=True)),
        ),
        charts.column_chart(
            "chart-answered",
            f"{stats.scope.year}年各月办结的申请（横轴为月份）",
            "件",
            list(zip(label, [row[2] for row in stats.months], strict=True)),
        ),
        charts.column_chart(
            "chart-published",
            f"{stats.scope.year}年各月主动公开的信息（横轴为月份）",
            "条",
            list(zip(label, [row[4] for row in stats.months], strict=True)),
        ),
        charts.outcome_mix(stats.section3, key="chart-outcomes"),
    ]


def csv_rows(stats):
    """The figures as (表, 项目, 数值) rows: the CSV download of the page."""
    rows = [
        ("概况", "收到申请（件）", stats.received),
        ("概况", "办结申请（件）", stats.answered),
        ("概况", "按期办结（件）", stats.on_time),
        ("概况", "逾期办结（件）", stats.late),
        ("概况", "按期办结率（%）", "" if stats.on_time_share is None else stats.on_time_share),
        (
            "概况",
            "办结用时中位数（工作日）",
            "" if stats.median_workdays is None else stats.median_workdays,
        ),
        ("概况", "主动公开信息（条）", stats.items),
        ("概况", "按期发布（条）", stats.items_on_time),
    ]
    for month, received, answered, on_time, items in stats.months:
        rows += [
            ("各月", f"{month}月收到申请（件）", received),
            ("各月", f"{month}月办结申请（件）", answered),
            ("各月", f"{month}月按期办结（件）", on_time),
            ("各月", f"{month}月主动公开信息（条）", items),
        ]
    rows += [("办理结果", name, count) for name, count in stats.outcomes]
    from reports.layout import CASE_COLUMN_LABELS, CASE_KIND_LABELS

    for kind, counts in stats.cases.items():
        for column, count in counts.items():
            kind_label = CASE_KIND_LABELS.get(kind, kind)
            rows.append(
                ("行政复议和行政诉讼", f"{kind_label}：{CASE_COLUMN_LABELS[column]}", count)
            )
    for name, n, good in stats.directories:
        rows += [("按目录", f"{name}：发布（条）", n), ("按目录", f"{name}：按期发布（条）", good)]
    return rows


def by_subordinate(agency, year):
    """[(child agency, received, answered, on time, late)] for each direct subordinate, summed
    over its subtree: two GROUP BY queries (received; answered) over the agency's subtree,
    grouped by the direct subordinate whose tree range holds the request's agency."""
    scope = t.Scope(agency, year, True)
    first, last = scope.first_day, scope.last_day
    agencies = navigation.public_agencies()
    children = [each for each in agencies.values() if each.parent_id == agency.pk]
    if not children:
        return []
    # One row per subordinate, not per agency (2,000 rows to add up in Python for a province).
    child = Case(
        *[When(agency__lft__range=(c.lft, c.rght), then=Value(c.pk)) for c in children],
        default=None,
        output_field=IntegerField(),
    )
    requests = Request.objects.filter(scope.agencies()).annotate(child=child).order_by()
    totals = {c.pk: [0, 0, 0, 0] for c in children}
    for pk, n in (
        requests.filter(received_on__range=(first, last))
        .values_list("child")
        .annotate(n=Count("received_on"))
    ):
        if pk in totals:
            totals[pk][0] = n
    for pk, n, on_time, late in (
        requests.filter(closed_on__range=(first, last))
        .values_list("child")
        .annotate(n=Count("closed_on"), **_answered_on_time())
    ):
        if pk in totals:
            totals[pk][1:] = [n, on_time, late]
    return [(c, *totals[c.pk]) for c in children]
