"""Figures stated in 一、总体情况 against the tables (issue 18 point 10: evaluators check that the
numbers the text states equal those of sections 二, 三 and 四).

A figure is stated as a known phrase followed by a number and 件, as the portal's draft writes
them (reports/drafts.py) and as reports usually do: "新收政府信息公开申请12件", "上年结转3件",
"办结14件", "予以公开5件", "结转下年度继续办理1件", "行政复议2件", "行政许可120件". Only a few
known words may come between the phrase and the number ("新收政府信息公开申请共12件",
"行政复议案件2件"), so "行政复议0件、行政诉讼2件" is read as two figures. Numbers written in Chinese
characters and figures the tables do not hold (主动公开 counts over every channel, for one) are
not compared.
"""

import re
from dataclasses import dataclass

from requests_app.models import Case
from requests_app.outcomes import REPORT_GROUPS

from . import tables as t
from .layout import CASE_KIND_LABELS, ROW_LABELS, group_name

# The words that may come between a phrase and its number, and nothing else: "办结的申请中予以
# 公开5件" must not read as 办结 5.
GAP = r"(?:政府信息公开)?(?:申请)?(?:数量)?(?:继续办理)?(?:事项|案件|决定)?(?:共|合计|共计|总计)?(?:为)?"
NUMBER = r"(\d[\d,]*)件"


@dataclass(frozen=True)
class Figure:
    pattern: re.Pattern
    place: str  # where the tables hold it, as the warning names it
    value: object  # ReportData → int


def _figure(phrase, place, value):
    return Figure(re.compile(phrase + GAP + NUMBER), place, value)


def _group(heading, outcomes):
    name = group_name(heading)
    keys = [str(outcome) for outcome in outcomes]
    return _figure(
        rf"(?<![不部])(?<!部分){name}",
        f"三「{heading[:3]}{name}」总计",
        lambda data: sum(data.section3[key][t.TOTAL] for key in keys),
    )


def _suits(data):
    return sum(data.section4[kind][t.TOTAL] for kind in t.CASE_KINDS[1:])


FIGURES = [
    _figure(r"(?:新收|收到)" + GAP + "申请", f"三「{ROW_LABELS[t.NEW]}」总计",
            lambda data: data.section3[t.NEW][t.TOTAL]),
    _figure("上年结转", f"三「{ROW_LABELS[t.CARRIED_IN]}」总计",
            lambda data: data.section3[t.CARRIED_IN][t.TOTAL]),
    _figure("办结", "三「（七）总计」总计", lambda data: data.section3[t.TOTAL][t.TOTAL]),
    *(_group(heading, outcomes) for heading, outcomes in REPORT_GROUPS),
    _figure("结转下年度", f"三「{ROW_LABELS[t.CARRIED_OUT]}」总计",
            lambda data: data.section3[t.CARRIED_OUT][t.TOTAL]),
    _figure("行政复议", f"四「{CASE_KIND_LABELS[Case.Kind.REVIEW]}」总计",
            lambda data: data.section4[str(Case.Kind.REVIEW)][t.TOTAL]),
    _figure("行政诉讼", "四「未经复议直接起诉」与「复议后起诉」总计之和", _suits),
    _figure("行政许可", "二「行政许可」", lambda data: data.section2["licences"]),
    _figure("行政处罚", "二「行政处罚」", lambda data: data.section2["penalties"]),
    _figure("行政强制", "二「行政强制」", lambda data: data.section2["coercions"]),
]  # fmt: skip


def stated(text):
    """[(paragraph number, the phrase as written, stated number, Figure)] found in `text`."""
    found = []
    paragraphs = [p for p in re.split(r"\n\s*\n|\n", text or "") if p.strip()]
    for number, paragraph in enumerate(paragraphs, start=1):
        for figure in FIGURES:
            for match in figure.pattern.finditer(paragraph):
                found.append((number, match.group(0), int(match.group(1).replace(",", "")), figure))
    return found


def differences(text, data):
    """The figures of `text` (一、总体情况) that differ from the tables of `data`, in Chinese."""
    return [
        f"第{number}段“{phrase}”，但{figure.place}为{figure.value(data)}件"
        for number, phrase, value, figure in stated(text)
        if value != figure.value(data)
    ]
