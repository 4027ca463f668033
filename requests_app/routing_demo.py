"""Demo data for routing (`seed_demo`): requests filed with the county government, one waiting
in the 公开办's 待分办 list, one routed to the 财政局 and waiting for its 签收, with a 督办."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from organisation.models import Agency
from workcalendar import workdays

from .models import Request

COUNTY = "舒城县人民政府"
AGENCY = "舒城县财政局"
APPLICANT = {
    "applicant_kind": Request.ApplicantKind.PERSON,
    "applicant_name": "陈明",
    "id_type": Request.IdType.RESIDENT_ID,
    "id_number": "341523198005061234",
    "phone": "13955550000",
    "notify_by": Request.NotifyBy.SMS,
}


def _received(today, back):
    day = today
    while back:
        day -= datetime.timedelta(days=1)
        back -= workdays.is_workday(day)
    return day


def seed_routing(progress=print, today=None):
    """Create the routing samples once; returns how many requests were created."""
    today = today or datetime.date.today()
    county = Agency.objects.filter(name=COUNTY).first()
    agency = Agency.objects.filter(name=AGENCY).first()
    office = get_user_model().objects.filter(username="gongkaiban").first()
    if not (county and agency and office) or Request.objects.filter(filed_with=county).exists():
        return 0
    with transaction.atomic():
        Request.register(
            agency=county, user=office, channel=Request.Channel.LETTER,
            received_on=_received(today, 2), description="2025年县城老旧小区改造项目清单及资金安排。",
            **APPLICANT,
        )  # fmt: skip
        routed, _ = Request.register(
            agency=county, user=office, channel=Request.Channel.IN_PERSON,
            received_on=_received(today, 6), description="2025年县级财政专项资金分配结果。",
            **APPLICANT,
        )  # fmt: skip
        routed.route(office, agency, "专项资金分配由财政局掌握，请签收办理。")
        routed.supervise(office, "已超过5个工作日未签收，请尽快签收办理。", today)
    progress("  分办演示：2 件向县人民政府提出的申请（待分办 1 件，转办待签收并督办 1 件）")
    return 2
