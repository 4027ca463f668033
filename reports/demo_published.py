"""A published demo report, so that a visitor of `make run` finds one: 舒城县人民政府's 2024
report summed over the county, published by the 公开办 (`gongkaiban`) with its charts.

Idempotent: once a revision exists nothing is published again. The 2025 reports of
reports/demo.py stay drafts, for staff to check, edit and publish themselves.
"""

from decimal import Decimal

from django.contrib.auth.models import User

from organisation.models import Agency

from . import drafts
from .build import build_report
from .demo import PROBLEMS
from .models import AnnualReport, ReportRevision

AGENCY, YEAR = "舒城县人民政府", 2024
FIGURES = {"licences": 4517, "penalties": 1208, "coercions": 73, "fees": Decimal("1175.6")}


def seed_published_report(progress=print):
    agency = Agency.objects.filter(name=AGENCY).first()
    author = User.objects.filter(username="gongkaiban").first()
    if agency is None or author is None:
        return
    if ReportRevision.objects.filter(
        report__agency=agency, report__year=YEAR, report__with_subordinates=True
    ).exists():
        progress(f"  {AGENCY}{YEAR}年度报告已发布")
        return
    built = build_report(agency, YEAR, True)
    report = AnnualReport.save_edits(
        agency=agency,
        year=YEAR,
        with_subordinates=True,
        user=author,
        overview=drafts.overview(built.scope, built.data).replace(
            "（四）政府信息管理、平台建设和监督保障。（请补充）",
            "（四）政府信息管理、平台建设和监督保障。全县统一使用政务公开门户发布政府信息，"
            "落实信息发布“三审三校”制度，定期开展政务公开培训和检查。",
        ),
        problems=PROBLEMS,
        other_matters=_filled(drafts.other_matters(built.scope)),
        **FIGURES,
    )
    revision = report.publish(author)
    progress(f"  已发布{AGENCY}{YEAR}年度报告（含下级机关），索引号 {revision.item.index_number}")


# The demo county's own words for the headed placeholders of the 六 draft (reports/drafts.py).
FILLED = {
    "（二）落实上级年度政务公开工作要点情况。（请补充）": "（二）落实上级年度政务公开工作要点情况。"
    "逐项分解落实省、市年度政务公开工作要点，按季度调度进展。",
    "（三）人大代表建议和政协委员提案办理结果公开情况。（请补充）": "（三）人大代表建议和政协委员提案"
    "办理结果公开情况。全年承办的建议、提案办理复文均在答复后按规定公开。",
    "（四）政务公开工作创新情况。（请补充）": "（四）政务公开工作创新情况。推行政策文件“一文一解读”，"
    "开展政府开放日活动；政务公开工作纳入年度考核，开展社会评议，未发生责任追究事项。",
}


def _filled(text):
    for placeholder, words in FILLED.items():
        text = text.replace(placeholder, words)
    return text
