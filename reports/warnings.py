"""What third-party evaluators check in an annual report, shown as warnings beside the checks
(docs/annual-report-2021.md §3.2): they do not block publishing, since only a person can judge
whether, say, a sentence repeated from last year is still true.

Each warning is a plain function of the report returning the `Warning`s it finds:
- no placeholder text "（请补充）" is left in 一, 五 or 六;
- 五 and 六 are not last year's published text copied unchanged;
- a 人民政府's report covers 考核、评议、追究 (条例第五十条第（四）项 asks for 政府信息公开工作
  的考核、评议、追究情况 among 存在的主要问题及改进情况 and the other matters).
"""

from dataclasses import dataclass

from organisation.models import Agency

from .models import ReportRevision

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


def copied_from_last_year(report):
    if not (report.problems.strip() or report.other_matters.strip()):
        return  # nothing written yet: no query
    previous = (
        ReportRevision.objects.filter(
            report__agency_id=report.agency_id,
            report__year=report.year - 1,
            report__with_subordinates=report.with_subordinates,
        )
        .order_by("-number")
        .values_list("snapshot", flat=True)
        .first()
    )
    if not previous:
        return
    last_text = previous.get("text", {})
    for field in ("problems", "other_matters"):
        text = " ".join(getattr(report, field).split())
        if text and text == " ".join((last_text.get(field) or "").split()):
            yield Warning(
                "照抄上年内容",
                f"{SECTIONS[field]}与{report.year - 1}年度已发布报告的文字完全相同，请按本年度情况撰写。",
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


def warnings(report):
    """Every warning of `report`, in the order above."""
    found = []
    for rule in (placeholders_left, copied_from_last_year, accountability_missing):
        found.extend(rule(report))
    return found
