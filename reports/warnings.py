"""What third-party evaluators check in an annual report, shown as warnings beside the checks
(docs/annual-report-2021.md §3.2): they do not block publishing, since only a person can judge
whether, say, a sentence repeated from last year is still true.

Each warning is a plain function of the report returning the `Warning`s it finds:
- no placeholder text "（请补充）" is left in 一, 五 or 六;
- 五 and 六 are not last year's published text copied unchanged;
- a 人民政府's report covers 考核、评议、追究 (条例第五十条第（四）项 asks for 政府信息公开工作
  的考核、评议、追究情况 among 存在的主要问题及改进情况 and the other matters);
- 现行有效 of 规章 and 行政规范性文件 continues last year's published report: this year's stock =
  last year's + 本年制发 − 本年废止 − 本年失效 (an expired document leaves the stock too);
- the figures stated in 一 equal the tables (reports/stated_figures.py).
"""

from dataclasses import dataclass

from organisation.models import Agency

from . import stated_figures
from . import tables as t

PLACEHOLDER = "（请补充）"
SECTIONS = {
    "overview": "一、总体情况",
    "problems": "五、存在的主要问题及改进情况",
    "other_matters": "六、其他需要报告的事项",
}
ACCOUNTABILITY = ("考核", "评议", "追究")


@dataclass(frozen=True)
class Warning:
    title: str
    explanation: str


def placeholders_left(report):
    left = [label for field, label in SECTIONS.items() if PLACEHOLDER in getattr(report, field)]
    if left:
        yield Warning("残留占位文字", f"{'、'.join(left)}中还有“{PLACEHOLDER}”，请补充实际内容。")


def copied_from_last_year(report, previous):
    if not previous or not (report.problems.strip() or report.other_matters.strip()):
        return
    last_text = previous.get("text", {})
    for field in ("problems", "other_matters"):
        text = " ".join(getattr(report, field).split())
        if text and text == " ".join((last_text.get(field) or "").split()):
            yield Warning(
                "照抄上年内容",
                f"{SECTIONS[field]}与{report.year - 1}年度已发布报告的文字完全相同，请按本年度情况撰写。",
            )


GENRE_LABELS = {t.GENRES[0]: "规章", t.GENRES[1]: "行政规范性文件"}


def stock_discontinuous(data, scope, previous):
    """现行有效 this year against last year's published figure, 制发, 废止 and 失效 (one query)."""
    if not previous or data is None:
        return
    from .build import data_from_snapshot

    last = data_from_snapshot(previous).section2
    expired = t.expired_in_year(scope)
    for genre, label in GENRE_LABELS.items():
        now = data.section2[genre]
        expected = last[genre][t.VALID] + now[t.ISSUED] - now[t.REPEALED] - expired.get(genre, 0)
        if now[t.VALID] != expected:
            yield Warning(
                "现行有效件数不连续",
                f"{label}本年现行有效{now[t.VALID]}件，但上年已发布报告的{last[genre][t.VALID]}件"
                f" + 本年制发{now[t.ISSUED]}件 − 本年废止{now[t.REPEALED]}件"
                f" − 本年失效{expired.get(genre, 0)}件 = {expected}件；请核对目录中文件的有效性和日期。",
            )


def accountability_missing(report):
    if report.agency.kind != Agency.Kind.GOVERNMENT:
        return
    text = "".join(getattr(report, field) for field in SECTIONS)
    missing = [word for word in ACCOUNTABILITY if word not in text]
    if missing:
        yield Warning(
            "缺少考核、评议、追究情况",
            f"人民政府的报告应当报告政府信息公开工作的考核、评议、追究情况（条例第五十条），"
            f"文字中未出现“{'、'.join(missing)}”。",
        )


def figures_differ(report, data):
    if data is None:
        return
    found = stated_figures.differences(report.overview, data)
    if found:
        shown = "；".join(found[:5]) + (f"；另有{len(found) - 5}处" if len(found) > 5 else "")
        yield Warning(
            "一中的数字与表格不一致",
            f"{SECTIONS['overview']}{shown}。请按表格更正文字，或核对表格的数据。",
        )


def warnings(report, data=None, scope=None, previous=None):
    """Every warning of `report` (with its computed `data` and `scope`, and `previous`, the
    snapshot of last year's published report, reports/build.py), in the order above."""
    found = [*placeholders_left(report), *copied_from_last_year(report, previous)]
    found.extend(accountability_missing(report))
    found.extend(stock_discontinuous(data, scope, previous))
    found.extend(figures_differ(report, data))
    return found
