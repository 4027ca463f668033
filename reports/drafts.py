"""Drafts of sections 一 (总体情况) and 六 (其他需要报告的事项) from the portal's own figures.

Staff start from these and rewrite them; the draft only states what the records show: items
published in the year by catalog area and by channel, requests received and answered, review
and litigation cases, and the 信息处理费 charged (国办函〔2020〕109号). Constant queries:
three for the catalog, one for the fees; the request and case figures come from `ReportData`.
"""

import datetime
from collections import Counter

from django.db.models import Count, Sum
from django.utils import timezone

from catalog.models import Directory, Item
from requests_app.models import Case, FeeNotice
from requests_app.outcomes import REPORT_GROUPS

from . import tables as t
from .layout import group_name

# What a draft leaves for staff to write; a report holding it is not published (publishing.py).
PLACEHOLDER = "（请补充）"
TOP_AREAS = 8  # the overview names this many catalog areas, then says "等"


def _year_range(year):
    start = timezone.make_aware(datetime.datetime(year, 1, 1))
    return start, timezone.make_aware(datetime.datetime(year + 1, 1, 1))


def published_in_year(scope):
    """(total, [(area, count)], [(channel, count)]) of items first published in the year.

    An area is a directory's ancestor one level below the root (政策文件, 财政预决算 …), or the
    root itself for a top-level directory (政府信息公开指南 …).
    """
    start, end = _year_range(scope.year)
    items = (
        Item.objects.public()
        .filter(scope.agencies())
        .filter(published_at__gte=start, published_at__lt=end)
    )
    by_directory = dict(
        items.values("directory").annotate(n=Count("pk")).order_by().values_list("directory", "n")
    )
    nodes = {
        pk: (parent, level, name)
        for pk, parent, level, name in Directory.objects.values_list(
            "pk", "parent_id", "level", "name"
        )
    }
    areas = Counter()
    for directory, count in by_directory.items():
        pk = directory
        while pk in nodes and nodes[pk][1] > 1:
            pk = nodes[pk][0]
        areas[nodes[pk][2] if pk in nodes else "其他"] += count
    channels = (
        Item.channels.through.objects.filter(item__in=items)
        .values("channel__name", "channel__position")
        .annotate(n=Count("pk"))
        .order_by("channel__position", "channel__name")
    )
    return (
        sum(by_directory.values()),
        areas.most_common(),
        [(row["channel__name"], row["n"]) for row in channels],
    )


def overview(scope, data):
    """A draft of 一、总体情况."""
    total, areas, channels = published_in_year(scope)
    s3 = data.section3
    subject = scope.label()
    paragraphs = [
        f"{scope.year}年，{subject}认真贯彻落实《中华人民共和国政府信息公开条例》，"
        "坚持以公开为常态、不公开为例外，扎实做好政府信息公开工作。现将本年度情况报告如下。"
    ]
    if total:
        named = "、".join(f"{name}{count}条" for name, count in areas[:TOP_AREAS])
        more = "等" if len(areas) > TOP_AREAS else ""
        text = f"（一）主动公开。全年通过政府信息公开目录主动公开政府信息{total}条，其中{named}{more}。"
        if channels:
            text += (
                "按公开渠道统计："
                + "、".join(f"{n}{c}条" for n, c in channels)
                + "（同一信息可经多个渠道公开）。"
            )
        paragraphs.append(text)
    else:
        paragraphs.append("（一）主动公开。本年度未通过政府信息公开目录发布政府信息。")
    closed = s3[t.TOTAL][t.TOTAL]
    text = (
        f"（二）依申请公开。全年新收政府信息公开申请{s3[t.NEW][t.TOTAL]}件，"
        f"上年结转{s3[t.CARRIED_IN][t.TOTAL]}件，办结{closed}件"
    )
    if closed:
        parts = []
        for group, outcomes in REPORT_GROUPS:
            count = sum(s3[str(outcome)][t.TOTAL] for outcome in outcomes)
            if count:
                parts.append(f"{group_name(group)}{count}件")
        text += "，其中" + "、".join(parts)
    text += f"；结转下年度继续办理{s3[t.CARRIED_OUT][t.TOTAL]}件。"
    paragraphs.append(text)
    cases = data.section4
    review, suits = (
        cases[Case.Kind.REVIEW][t.TOTAL],
        sum(cases[k][t.TOTAL] for k in t.CASE_KINDS[1:]),
    )
    if review or suits:
        paragraphs.append(
            f"（三）复议诉讼。本年度因政府信息公开引发行政复议{review}件、行政诉讼{suits}件。"
        )
    else:
        paragraphs.append("（三）复议诉讼。本年度未发生因政府信息公开引发的行政复议、行政诉讼。")
    paragraphs.append(f"（四）政府信息管理、平台建设和监督保障。{PLACEHOLDER}")
    return "\n\n".join(paragraphs)


def fees_in_year(scope):
    """(notices sent, notices paid, amount paid in 元) of the year's 信息处理费."""
    first, last = scope.first_day, scope.last_day
    notices = FeeNotice.objects.filter(scope.agencies("request__agency"))
    figures = notices.filter(notified_on__range=(first, last)).aggregate(sent=Count("pk"))
    paid = notices.filter(paid_on__range=(first, last)).aggregate(
        n=Count("pk"), amount=Sum("amount")
    )
    return figures["sent"], paid["n"], paid["amount"] or 0


# What evaluators look for in 六 besides the fee (issue 18, point 10): headed placeholders that
# the "（请补充）" warning (reports/warnings.py) keeps visible until staff write them.
OTHER_MATTERS_HEADINGS = (
    "（二）落实上级年度政务公开工作要点情况。（请补充）",
    "（三）人大代表建议和政协委员提案办理结果公开情况。（请补充）",
    "（四）政务公开工作创新情况。（请补充）",
)


def other_matters(scope):
    """A draft of 六、其他需要报告的事项: the 信息处理费, charged or not, then headed placeholders."""
    sent, paid, amount = fees_in_year(scope)
    who = "本机关及下级机关" if scope.with_subordinates else "本机关"
    if not sent and not paid:
        fees = f"{scope.year}年，{who}未收取政府信息公开信息处理费。"
    else:
        fees = (
            f"{scope.year}年，{who}依据《政府信息公开信息处理费管理办法》发出收费通知{sent}件，"
            f"申请人缴费{paid}件，收取信息处理费共计{amount:.2f}元。"
        )
    return "\n\n".join(["（一）收取信息处理费情况。" + fees, *OTHER_MATTERS_HEADINGS])
