"""Demo annual reports for the county of organisation/demo.py: the 2025 reports of 舒城县人民政府
(own and with subordinates) and 舒城县财政局, with the figures other systems would supply.

Idempotent: a report that exists is left alone (staff may have edited it).
"""

from decimal import Decimal

from django.contrib.auth.models import User

from organisation.models import Agency

from . import drafts
from .build import build_report
from .models import AnnualReport

YEAR = 2025
# agency name, with subordinates, 行政许可, 行政处罚, 行政强制, 行政事业性收费 (万元)
FIGURES = [
    ("舒城县人民政府", False, 12, 0, 0, Decimal("0")),
    ("舒城县人民政府", True, 4862, 1375, 86, Decimal("1268.35")),
    ("舒城县财政局", False, 36, 4, 0, Decimal("0.12")),
]
PROBLEMS = (
    "一是部分单位对政府信息公开工作重视程度不够，信息更新不够及时；二是政策解读形式较为单一，"
    "图解、视频等解读方式运用较少；三是依申请公开答复的规范性有待提高。\n\n"
    "下一步，将加强业务培训，落实信息发布审核制度，丰富政策解读形式，"
    "严格按照法定时限和格式办理依申请公开，不断提升政府信息公开工作质量。"
)


def seed_reports(progress=print):
    progress("政府信息公开工作年度报告 …")
    author = User.objects.filter(username="gongkaiban").first()
    made = 0
    for name, with_subordinates, licences, penalties, coercions, fees in FIGURES:
        agency = Agency.objects.filter(name=name).first()
        if (
            agency is None
            or AnnualReport.objects.filter(
                agency=agency, year=YEAR, with_subordinates=with_subordinates
            ).exists()
        ):
            continue
        built = build_report(agency, YEAR, with_subordinates)
        AnnualReport.save_edits(
            agency=agency,
            year=YEAR,
            with_subordinates=with_subordinates,
            user=author,
            licences=licences,
            penalties=penalties,
            coercions=coercions,
            fees=fees,
            overview=drafts.overview(built.scope, built.data),
            problems=PROBLEMS,
            other_matters=drafts.other_matters(built.scope),
        )
        made += 1
    progress(f"  {made} 份{YEAR}年度报告（未发布）")
