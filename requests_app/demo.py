"""Demo requests for the county of organisation/demo.py: 2024–2026, every outcome and branch.

Idempotent: an agency that already has demo requests is skipped. Dates are set in the past
relative to today so the clock has something to show (open, due soon, overdue, closed).
"""

import datetime
import random

from django.contrib.auth.models import User
from django.db import transaction

from workcalendar import workdays

from .models import Case, Consultation, FeeNotice, Request, Service
from .outcomes import ABANDONMENT_OUTCOMES, OUTCOME_INFO, Outcome

AGENCIES = [
    ("舒城县财政局", "czj_banli", "czj_fuzeren"),
    ("舒城县人民政府办公室", "xzf_banli", "gongkaiban"),
    ("舒城县杭埠镇人民政府", "hbz_shenhe", "gongkaiban"),
    ("舒城县自然资源和规划局", None, "gongkaiban"),
    ("舒城县住房和城乡建设局", None, "gongkaiban"),
    ("舒城县教育体育局", None, "gongkaiban"),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = ["伟", "芳", "娜", "敏", "静", "强", "磊", "洋", "艳", "勇", "军", "杰", "涛", "明", "超"]
ORGANISATIONS = {
    Request.ApplicantKind.BUSINESS: ["舒城县龙舒建材有限公司", "安徽杭埠电子科技有限公司"],
    Request.ApplicantKind.RESEARCH: ["安徽农业大学经济管理学院", "六安市农业科学研究院"],
    Request.ApplicantKind.PUBLIC_INTEREST: ["舒城县慈善协会", "六安市环保志愿者协会"],
    Request.ApplicantKind.LEGAL_SERVICE: ["安徽龙舒律师事务所", "舒城县法律援助中心"],
    Request.ApplicantKind.OTHER: ["杭埠镇某村村民委员会", "舒城县个体劳动者协会"],
}
TOPICS = [
    "{year}年度部门预算及“三公”经费支出情况",
    "城关镇梅河路道路改造工程的招标文件及中标结果",
    "本人房屋所在地块的征收补偿安置方案及批复文件",
    "{year}年农村危房改造补助资金发放名单",
    "杭埠镇工业园区规划环评批复文件",
    "某小区建设工程规划许可证及附图",
    "{year}年城乡居民最低生活保障资金使用情况",
    "义务教育阶段学校划片招生方案",
    "本村土地承包经营权流转合同备案情况",
    "县域内耕地占补平衡项目验收材料",
]
CHANNELS = [
    Request.Channel.ONLINE,
    Request.Channel.ONLINE,
    Request.Channel.LETTER,
    Request.Channel.IN_PERSON,
    Request.Channel.EMAIL,
    Request.Channel.FAX,
]
FORMS = [Request.Form.PAPER, Request.Form.ELECTRONIC]
DELIVERIES = [Request.Delivery.POST, Request.Delivery.EMAIL, Request.Delivery.COLLECT]
REASONS = {
    Outcome.PARTLY_GRANTED: "申请公开的信息中含有个人隐私，已作区分处理。",
    Outcome.NOT_HELD: "经检索，本机关未制作或获取该信息。",
}


# What each outcome must state beyond its reasons (requests_app/answer_rules.py).
FACTS = {
    Outcome.NOT_HELD: {"case": "not_ours"},
    Outcome.PARTLY_GRANTED: {"specific_law": "《中华人民共和国政府信息公开条例》第十五条"},
    Outcome.PROHIBITED_BY_LAW: {"specific_law": "《中华人民共和国统计法》第三十九条"},
    Outcome.ADMIN_QUERY: {"specific_law": "《不动产登记暂行条例》第二十七条"},
    Outcome.THIRD_PARTY: {
        "no_consultation_reason": "申请人所需信息为他人的身份证号码，公开必然损害其合法权益。"
    },
}


def _serve(request, handler, letter, day, record_id=None):
    """The letter handed to the applicant on `day` (送达), from which its period runs."""
    request.record_service(handler, letter=letter, record_id=record_id,
                           method=Service.Method.IN_PERSON, sent_on=day, received_on=day)  # fmt: skip


def _ask_reasons_if_excessive(request, handler, outcome, received):
    """条例第三十五条: a 不予处理 for too many requests follows a request for reasons."""
    if outcome == Outcome.EXCESSIVE:
        request.ask_reasons(handler, matter="申请人本月已提出40件内容相近的申请",
                            asked_on=_plus(received, 2))  # fmt: skip


def _applicant(rng):
    kind = rng.choice([Request.ApplicantKind.PERSON] * 6 + list(ORGANISATIONS))
    if kind == Request.ApplicantKind.PERSON:
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(["", *GIVEN])
        return {"applicant_kind": kind, "applicant_name": name,
                "id_type": Request.IdType.RESIDENT_ID,
                "id_number": f"3415231980{rng.randrange(10**7, 10**8)}"}  # fmt: skip
    return {"applicant_kind": kind, "applicant_name": rng.choice(ORGANISATIONS[kind]),
            "id_type": Request.IdType.CREDIT_CODE, "id_number": "",
            "contact_person": "联系人"}  # fmt: skip


def _workday_before(day, n):
    while n:
        day -= datetime.timedelta(days=1)
        n -= workdays.is_workday(day)
    return day


def _plus(day, n):
    return workdays.add_workdays(day, n).date


def seed_requests(progress=print, today=None):
    """Create demo requests once per agency; returns how many were created."""
    from organisation.models import Agency

    today = today or datetime.date.today()
    rng = random.Random(2025)  # noqa: S311 -- demo data
    outcomes = [o for o in Outcome if o not in ABANDONMENT_OUTCOMES and o != Outcome.STILL_UNCLEAR]
    created = 0
    progress("依申请公开演示数据 …")
    for index, (agency_name, handler_name, head_name) in enumerate(AGENCIES):
        agency = Agency.objects.filter(name=agency_name).first()
        if agency is None or Request.objects.filter(agency=agency).exists():
            continue
        users = demo_users()
        handler = users.get(handler_name) or users["admin"]
        head = users.get(head_name) or users["admin"]
        with transaction.atomic():
            created += _seed_agency(agency, handler, head, rng, outcomes, index, today)
            if index == 0:
                created += _answer_awaiting_review(agency, handler, today)
    progress(f"  {created} 件申请")
    return created


def _register(agency, handler, rng, received_on, year):
    fields = _applicant(rng)
    topic = rng.choice(TOPICS).format(year=year - 1)
    contact = {"phone": f"139{rng.randrange(10**7, 10**8)}", "address": "安徽省六安市舒城县城关镇"}
    request, _ = Request.register(
        agency=agency, user=handler, channel=rng.choice(CHANNELS), received_on=received_on,
        description=f"申请公开{topic}。", form_wanted=rng.choice(FORMS),
        delivery=rng.choice(DELIVERIES), **fields, **contact,
    )  # fmt: skip
    return request


def _seed_agency(agency, handler, head, rng, outcomes, index, today):
    """Closed requests over 2024–2025 (every outcome and branch), open ones near today."""
    count = 0
    plan = []
    for year in (2024, 2025):
        for month in range(1, 13, 2 if index else 1):
            plan.append(datetime.date(year, month, rng.randrange(3, 25)))
    for offset in (3, 8, 12, 18, 22, 26, 30):
        plan.append(_workday_before(today, offset))
    for n, received in enumerate(plan):
        if received > today:
            continue
        received = received if workdays.is_workday(received) else _plus(received, 1)
        if received > today:
            continue
        closing = received < _workday_before(today, 35)
        request = _register(agency, handler, rng, received, received.year)
        _life(request, handler, head, rng, outcomes, n + index, closing, today)
        count += 1
    if index == 0:
        Case.objects.get_or_create(agency=agency, kind=Case.Kind.REVIEW,
                                   filed_on=datetime.date(2025, 4, 8), defaults={
                                       "result": Case.Result.UPHELD,
                                       "decided_on": datetime.date(2025, 6, 3)})  # fmt: skip
        Case.objects.get_or_create(agency=agency, kind=Case.Kind.DIRECT_SUIT,
                                   filed_on=datetime.date(2025, 11, 12))  # fmt: skip
    return count


def _life(request, handler, head, rng, outcomes, n, closing, today):
    """Move one request along a branch chosen by n; dates follow the legal clock."""
    received = request.received_on
    branch = n % 9
    if branch == 1:  # 补正, then either corrected or abandoned
        request.request_correction(handler, items="请明确所需信息的名称、文号或时间范围。",
                                   notified_on=_plus(received, 2))  # fmt: skip
        _serve(request, handler, "correction", _plus(received, 2))
        deadline = request.correction.deadline
        if closing and n % 2:
            request.abandon_uncorrected(handler, on=_plus(deadline, 1))
            return
        corrected = _plus(received, 6)
        if corrected > today:
            return
        request.receive_correction(handler, corrected_on=corrected, note="补充了文号。")
        if closing:
            outcome = Outcome.STILL_UNCLEAR if n % 4 == 1 else Outcome.GRANTED
            request.answer(handler, outcome=outcome, answered_on=_plus(corrected, 12),
                           reasons="补正后仍无法确定所需信息。" if outcome == Outcome.STILL_UNCLEAR else "")  # fmt: skip
        return
    if branch == 2:  # consultation with a third party
        sent = _plus(received, 3)
        if sent > today:
            return
        consultation = request.start_consultation(
            handler, kind=Consultation.Kind.THIRD_PARTY, addressee="舒城县龙舒建材有限公司",
            matter="该公司参与投标的报价文件", sent_on=sent)  # fmt: skip
        replied = _plus(sent, 6)
        if replied > today:
            return
        request.record_consultation_reply(
            handler, consultation, opinion=Consultation.Opinion.OBJECTION, replied_on=replied,
            summary="涉及商业秘密，不同意公开。")  # fmt: skip
        if closing:
            request.answer(handler, outcome=Outcome.THIRD_PARTY, answered_on=_plus(replied, 10),
                           reasons="第三方不同意公开，且不公开不会对公共利益造成重大影响。")  # fmt: skip
        return
    if branch in (3, 4):  # extension approved by the 负责人
        if _plus(received, 15) > today:
            return
        request.request_extension(handler, reason="申请内容涉及多个年度档案，需调档查阅")
        with_approval(request, head, _plus(received, 15))
        if closing:
            outcome = rng.choice(outcomes)
            _ask_reasons_if_excessive(request, handler, outcome, received)
            request.answer(handler, outcome=outcome, answered_on=_plus(received, 35),
                           reasons="依法作出答复。", content="相关信息见附件。",
                           **FACTS.get(outcome, {}))  # fmt: skip
        return
    if branch == 5:  # fee notice, then paid or abandoned
        notified = _plus(received, 4)
        if notified > today:
            return
        request.issue_fee_notice(handler, basis=FeeNotice.Basis.PER_PAGE, pages=rng.randrange(40, 160),
                                 notified_on=notified)  # fmt: skip
        _serve(request, handler, "fee", notified, request.fee_notices.get().pk)
        if not closing:
            return
        if n % 2:
            request.abandon_unpaid(handler, on=_plus(request.fee_notices.get().pay_by, 1))
            return
        request.record_payment(handler, paid_on=_plus(notified, 5))
        request.answer(handler, outcome=Outcome.GRANTED, answered_on=_plus(received, 22),
                       content="已按您选择的方式提供纸质材料。")  # fmt: skip
        return
    if closing:
        outcome = outcomes[n % len(outcomes)]
        late = 21 if n % 7 == 0 else rng.randrange(5, 19)
        info = OUTCOME_INFO[outcome]
        reasons = REASONS.get(outcome, f"该申请{info.leaf_label}。") if info.needs_reasons else ""
        referral = "舒城县自然资源和规划局，电话0564-8600008" if outcome == Outcome.NOT_HELD else ""
        _ask_reasons_if_excessive(request, handler, outcome, received)
        request.answer(handler, outcome=outcome, answered_on=_plus(received, late), reasons=reasons,
                       content="" if info.needs_reasons else "所申请信息已通过电子邮件提供。",
                       referral=referral, **FACTS.get(outcome, {}))  # fmt: skip


def _answer_awaiting_review(agency, handler, today):
    """An answer drafted with a file to give, waiting for its 保密审查 (条例第十七条): the
    负责人 (czj_fuzeren) sees the privacy screen's hit in the file and records the review."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from stdnum.cn import ric

    from spreadsheets.xlsx import workbook_bytes, write_table

    received = _workday_before(today, 4)
    if received.year < 2025:
        return 0
    request = _register(agency, handler, random.Random(18), received, received.year)  # noqa: S311
    first17 = "34152319800101123"  # a made-up 身份证号 the screen finds (valid check digit)
    rows = [
        ["王*", "34**************12", "12000"],
        ["李四", first17 + ric.calc_check_digit(first17 + "0"), "9800"],
    ]
    book = workbook_bytes(
        write_table(["姓名", "身份证号", "补助金额（元）"], rows, title="发放名单")
    )
    upload = SimpleUploadedFile("补助资金发放名单.xlsx", book)
    request.add_attachment(handler, upload, source="answer")
    request.save_answer_draft(handler, outcome=Outcome.GRANTED, content="所申请的发放名单见附件。")
    return 1


def with_approval(request, head, on):
    from unittest import mock

    # Approval must fall before the original due date: record it as of that day.
    with mock.patch("django.utils.timezone.localdate", return_value=on):
        request.decide_extension(head, approve=True, note="同意延期")


def demo_users():
    return {user.username: user for user in User.objects.all()}
