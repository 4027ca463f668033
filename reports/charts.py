"""Charts of the public report page, as inline SVG rendered on the server (no script, no CDN).

Plain functions from a published snapshot's figures to a `Chart`: the SVG markup (with <title>
and <desc> for assistive technology), a caption and the same numbers as rows for a visually
hidden table (templates/reports/_chart.html). Colours and fonts come from classes in
static/css/portal.css, so the Content-Security-Policy needs no inline styles.

- `outcome_mix(section3)`: how the requests closed in the year ended, by the six groups of
  section 三 (予以公开 … 其他处理), as horizontal bars with counts and shares.
- `trend_charts(trend)`: requests received and items published over the last five years, as
  two column charts (their scales differ by orders of magnitude, so not one chart).
"""

from dataclasses import dataclass, field

from django.utils.html import format_html
from django.utils.safestring import mark_safe

from requests_app.outcomes import REPORT_GROUPS

from . import tables as t
from .layout import group_name


@dataclass
class Chart:
    key: str  # unique on the page: ids of <title>/<desc> derive from it
    title: str
    description: str
    svg: str
    headers: list = field(default_factory=list)  # of the hidden data table
    rows: list = field(default_factory=list)


def outcome_groups(section3):
    """[(group, count)] of the requests closed in the year, in the form's order."""
    return [
        (group_name(label), sum(section3[str(o)][t.TOTAL] for o in outcomes))
        for label, outcomes in REPORT_GROUPS
    ]


def _percent(part, whole):
    return f"{part * 100 / whole:.1f}%" if whole else "0%"


def _svg(key, title, description, width, height, body):
    return format_html(
        '<svg class="chart-svg" viewBox="0 0 {} {}" role="img" '
        'aria-labelledby="{}-title {}-desc" focusable="false">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        width,
        height,
        key,
        key,
        key,
        title,
        key,
        description,
        body,
    )


def outcome_mix(section3, key="chart-outcomes"):
    groups = outcome_groups(section3)
    total = sum(count for _, count in groups)
    title = "本年度办理结果构成"
    if total:
        description = f"共办结{total}件：" + "，".join(
            f"{name}{count}件（{_percent(count, total)}）" for name, count in groups
        )
    else:
        description = "本年度没有办结的政府信息公开申请。"
    width, label_w, value_w, row_h, top = 640, 96, 120, 34, 8
    bar_w = width - label_w - value_w
    biggest = max((count for _, count in groups), default=0) or 1
    parts = []
    for index, (name, count) in enumerate(groups):
        y = top + index * row_h
        length = round(bar_w * count / biggest, 1)
        parts.append(
            format_html(
                '<text class="chart-label" x="{}" y="{}" text-anchor="end">{}</text>'
                '<rect class="chart-bar chart-bar-{}" x="{}" y="{}" width="{}" height="{}"></rect>'
                '<text class="chart-value" x="{}" y="{}">{}件（{}）</text>',
                label_w - 8,
                y + row_h / 2 + 5,
                name,
                index % 6,
                label_w,
                y + 5,
                length,
                row_h - 10,
                label_w + length + 6,
                y + row_h / 2 + 5,
                count,
                _percent(count, total),
            )
        )
    parts.append(
        format_html(
            '<line class="chart-axis" x1="{}" y1="{}" x2="{}" y2="{}"></line>',
            label_w,
            top,
            label_w,
            top + len(groups) * row_h,
        )
    )
    height = top * 2 + len(groups) * row_h
    svg = _svg(key, title, description, width, height, mark_safe("".join(parts)))  # noqa: S308
    rows = [(name, count, _percent(count, total)) for name, count in groups]
    rows.append(("合计", total, "100%" if total else "0%"))
    return Chart(key, title, description, svg, ["办理结果", "件数", "占比"], rows)


def _columns(key, title, unit, points):
    """A column chart of [(year, value)] with the value above each column."""
    description = "，".join(f"{year}年{value}{unit}" for year, value in points) + "。"
    width, height, top, bottom, side = 320, 200, 24, 28, 8
    plot_h = height - top - bottom
    slot = (width - 2 * side) / max(len(points), 1)
    biggest = max((value for _, value in points), default=0) or 1
    parts = [
        format_html(
            '<line class="chart-axis" x1="{}" y1="{}" x2="{}" y2="{}"></line>',
            side,
            top + plot_h,
            width - side,
            top + plot_h,
        )
    ]
    for index, (year, value) in enumerate(points):
        x = side + index * slot
        bar_h = round(plot_h * value / biggest, 1)
        last = " chart-bar-current" if index == len(points) - 1 else ""
        parts.append(
            format_html(
                '<rect class="chart-bar{}" x="{}" y="{}" width="{}" height="{}"></rect>'
                '<text class="chart-value" x="{}" y="{}" text-anchor="middle">{}</text>'
                '<text class="chart-label" x="{}" y="{}" text-anchor="middle">{}</text>',
                last,
                round(x + slot * 0.2, 1),
                round(top + plot_h - bar_h, 1),
                round(slot * 0.6, 1),
                bar_h,
                round(x + slot / 2, 1),
                round(top + plot_h - bar_h - 6, 1),
                value,
                round(x + slot / 2, 1),
                height - 8,
                year,
            )
        )
    svg = _svg(key, title, description, width, height, mark_safe("".join(parts)))  # noqa: S308
    return Chart(key, title, description, svg, ["年度", f"数量（{unit}）"], list(points))


def trend_charts(trend):
    """Two charts from a snapshot's trend rows ({year, requests, items}, oldest first)."""
    if not trend:
        return []
    first, last = trend[0]["year"], trend[-1]["year"]
    span = f"{first}—{last}年"
    return [
        _columns(
            "chart-requests",
            f"{span}收到政府信息公开申请数量",
            "件",
            [(row["year"], row["requests"]) for row in trend],
        ),
        _columns(
            "chart-items",
            f"{span}主动公开政府信息数量",
            "条",
            [(row["year"], row["items"]) for row in trend],
        ),
    ]


# A column chart of [(label, value)] for other pages (opendata/statistics.py's months).
column_chart = _columns
