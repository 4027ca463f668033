"""The answer letter is right in law: the decision in words with its article, what each outcome
must state, the remedies naming the 复议机关 and the court, the 文号, and the letter's form
(docs/legal-rules.md §5)."""

import datetime
import io

import pytest
from docx import Document

from organisation import review_bodies
from organisation.models import Agency
from requests_app.models import Request, TransitionError
from requests_app.outcomes import Outcome
from tests.requesting import freeze_today, make_request

pytestmark = pytest.mark.django_db

LAW = "《中华人民共和国政府信息公开条例》"
WITHHELD = [
    Outcome.STATE_SECRET,
    Outcome.PROHIBITED_BY_LAW,
    Outcome.SECURITY_STABILITY,
    Outcome.THIRD_PARTY,
    Outcome.INTERNAL_AFFAIRS,
    Outcome.PROCESS_INFO,
    Outcome.ENFORCEMENT_FILE,
    Outcome.ADMIN_QUERY,
]


@pytest.fixture
def city(make_agency):
    return make_agency("六安市人民政府", kind=Agency.Kind.GOVERNMENT)


@pytest.fixture
def county(make_agency, city):
    return make_agency("舒城县人民政府", parent=city, kind=Agency.Kind.GOVERNMENT)


@pytest.fixture
def handler(make_staff, agency_a, county):
    return make_staff("banli", roles=["办理人"], agencies=[agency_a, county])


@pytest.fixture(autouse=True)
def today(monkeypatch):
    return freeze_today(monkeypatch, "2026-03-20")


def letter_of(client, handler, request, kind="answer"):
    client.force_login(handler)
    response = client.get(f"/staff/requests/{request.pk}/documents/{kind}/")
    assert response.status_code == 200
    return response.content.decode()


def answered(agency, handler, outcome, **fields):
    request, _ = make_request(agency, handler, received_on="2026-03-02")
    request.answer(handler, outcome=outcome, **{"reasons": "理由见正文", **fields})
    return Request.objects.get(pk=request.pk)


# --- 复议机关 and court (行政复议法第二十四条、第二十七条; 行政诉讼法第十四条、第十五条) -------------


def test_review_body_is_named_from_the_agency_tree(make_agency, city, county, agency_a):
    township = make_agency("城关镇人民政府", parent=county, kind=Agency.Kind.TOWNSHIP)
    tax = make_agency("国家税务总局舒城县税务局", parent=county, vertically_led=True)
    assert review_bodies.review_body(agency_a) == "舒城县人民政府"  # 部门 → 本级人民政府
    assert review_bodies.review_body(township) == "舒城县人民政府"  # 乡镇 → 上一级人民政府
    assert review_bodies.review_body(county) == "六安市人民政府"  # 人民政府 → 上一级人民政府
    assert review_bodies.review_body(tax) == ""  # 第二十七条: the higher department must be named
    tax.review_body = "国家税务总局六安市税务局"
    assert review_bodies.review_body(tax) == "国家税务总局六安市税务局"
    assert review_bodies.court(agency_a) == "舒城县人民法院"
    assert review_bodies.court(county) == "六安市中级人民法院"  # 行政诉讼法第十五条
    agency_a.court = "六安市金安区人民法院"  # 集中管辖
    assert review_bodies.court(agency_a) == "六安市金安区人民法院"


def test_vertically_led_agency_without_a_named_review_body_cannot_issue(
    make_agency, county, make_staff
):
    tax = make_agency("国家税务总局舒城县税务局", parent=county, vertically_led=True)
    user = make_staff("shuiwu", roles=["办理人"], agencies=[tax])
    request, _ = make_request(tax, user, received_on="2026-03-02")
    with pytest.raises(TransitionError, match="行政复议机关"):
        request.answer(user, outcome=Outcome.GRANTED)
    Agency.objects.filter(pk=tax.pk).update(review_body="国家税务总局六安市税务局")
    request = Request.objects.get(pk=request.pk)
    request.answer(user, outcome=Outcome.GRANTED)
    assert request.answer_record.review_body == "国家税务总局六安市税务局"


# --- remedies (行政复议法（2023）第二十三条) --------------------------------------------------


@pytest.mark.parametrize("outcome", WITHHELD)
def test_every_refusal_tells_review_first(client, agency_a, handler, outcome):
    request = answered(
        agency_a,
        handler,
        outcome,
        specific_law="《中华人民共和国保守国家秘密法》第三十条",
        no_consultation_reason="第三方已注销，无法征求",
    )
    letter = letter_of(client, handler, request)
    assert "应当先自收到本答复之日起60日内向舒城县人民政府申请行政复议" in letter
    assert "第二十三条第一款第（四）项、第二款" in letter
    assert "对行政复议决定不服的" in letter
    assert "6个月" not in letter and "上一级行政机关" not in letter


def test_other_outcomes_keep_the_choice_and_name_the_court(client, agency_a, handler):
    letter = letter_of(client, handler, answered(agency_a, handler, Outcome.GRANTED))
    assert "可以自收到本答复之日起60日内向舒城县人民政府申请行政复议" in letter
    assert "6个月内向舒城县人民法院提起行政诉讼" in letter
    assert "应当先" not in letter


def test_partial_grant_tells_review_first_for_the_withheld_part(client, agency_a, handler):
    request = answered(
        agency_a,
        handler,
        Outcome.PARTLY_GRANTED,
        reasons="其中的身份证号码属于个人隐私。",
        specific_law=f"{LAW}第十五条",
    )
    letter = letter_of(client, handler, request)
    assert "对本答复中不予公开的部分不服的" in letter and "应当先" in letter
    assert "对本答复的其他部分不服的" in letter and "6个月内向舒城县人民法院" in letter
    assert "区分处理的，只计这一情形" not in letter  # the report's footnote stays in the report
    assert "决定部分公开" in letter and "第十五条" in letter and "。，" not in letter


def test_review_body_and_court_are_fixed_when_the_letter_is_issued(client, agency_a, handler):
    request = answered(agency_a, handler, Outcome.STATE_SECRET)
    Agency.objects.filter(pk=agency_a.pk).update(review_body="某某机关", court="某某法院")
    letter = letter_of(client, handler, request)
    assert "舒城县人民政府" in letter and "某某机关" not in letter


# --- decisions in words, per outcome (条例第三十六条–第三十九条、第四十二条) ---------------------


def test_not_held_is_split_into_two_answers_that_count_in_one_report_row(client, agency_a, handler):
    with pytest.raises(TransitionError) as refused:
        answered(agency_a, handler, Outcome.NOT_HELD)
    assert "请选择答复情形" in str(refused.value)
    with pytest.raises(TransitionError, match="检索说明"):
        answered(agency_a, handler, Outcome.NOT_HELD, case="nonexistent")
    missing = answered(
        agency_a, handler, Outcome.NOT_HELD, case="nonexistent",
        search_note="检索了本局档案室2019—2025年文书档案和OA系统，未找到。",
    )  # fmt: skip
    letter = letter_of(client, handler, missing)
    assert "第三十六条第（四）项" in letter and "该政府信息不存在" in letter
    assert "本机关的检索情况：检索了本局档案室" in letter
    elsewhere = answered(
        agency_a, handler, Outcome.NOT_HELD, case="not_ours",
        reasons="该信息由自然资源部门制作", referral="舒城县自然资源和规划局，电话0564-8600008",
    )  # fmt: skip
    letter = letter_of(client, handler, elsewhere)
    assert "第三十六条第（五）项" in letter and "舒城县自然资源和规划局，电话0564-8600008" in letter
    assert elsewhere.answer_record.legal_basis.endswith("第三十六条第（五）项")
    # both count in the report's （四）1, which reads the outcome
    assert list(Request.objects.exclude(outcome="").values_list("outcome", flat=True)) == [
        "not_held",
        "not_held",
    ]


def test_granted_records_whether_it_was_already_published(client, agency_a, handler):
    with pytest.raises(TransitionError, match="网址或索引号"):
        answered(agency_a, handler, Outcome.GRANTED, case="published")
    request = answered(
        agency_a, handler, Outcome.GRANTED, case="published",
        published_ref="https://www.shucheng.gov.cn/public/123（索引号 11341523-2026-00008）",
    )  # fmt: skip
    letter = letter_of(client, handler, request)
    assert "第三十六条第（一）项" in letter and "索引号 11341523-2026-00008" in letter
    provided = answered(agency_a, handler, Outcome.GRANTED, content="所申请的文件见附件")
    assert "第三十六条第（二）项" in letter_of(client, handler, provided)


def test_withheld_part_and_prohibiting_law_must_be_named(agency_a, handler):
    for outcome in (Outcome.PARTLY_GRANTED, Outcome.PROHIBITED_BY_LAW, Outcome.ADMIN_QUERY):
        with pytest.raises(TransitionError, match="法律、行政法规"):
            answered(agency_a, handler, outcome)


def test_third_party_refusal_needs_a_consultation_or_a_reason(agency_a, handler):
    with pytest.raises(TransitionError, match="征求第三方意见"):
        answered(agency_a, handler, Outcome.THIRD_PARTY)
    request, _ = make_request(agency_a, handler, received_on="2026-03-02")
    consultation = request.start_consultation(
        handler, kind="third_party", addressee="某某建设有限公司", matter="投标报价",
        sent_on=datetime.date(2026, 3, 3),
    )  # fmt: skip
    request.record_consultation_reply(handler, consultation, opinion="objection")
    request.answer(handler, outcome=Outcome.THIRD_PARTY, reasons="涉及商业秘密")
    assert request.outcome == Outcome.THIRD_PARTY


def test_admin_query_is_guidance_not_a_refusal(client, agency_a, handler):
    request = answered(
        agency_a, handler, Outcome.ADMIN_QUERY, reasons="", specific_law="《不动产登记暂行条例》"
    )
    letter = letter_of(client, handler, request)
    assert "请您依照《不动产登记暂行条例》的规定办理" in letter
    assert "决定不予公开" not in letter


def test_confirmation_cites_article_two_and_is_titled_not_handled(client, agency_a, handler):
    request = answered(agency_a, handler, Outcome.CONFIRMATION)
    assert request.answer_record.legal_basis.endswith("第二条")
    letter = letter_of(client, handler, request)
    assert "政府信息公开申请不予处理告知书" in letter and "第二条所称" in letter
    assert "第三十九条第二款" not in letter


def test_unpaid_fee_letter_is_a_termination_citing_article_42(
    client, agency_a, handler, monkeypatch
):
    request, _ = make_request(agency_a, handler, received_on="2026-03-02")
    notice = request.issue_fee_notice(handler, basis="per_page", pages=80)
    request.record_service(
        handler, letter="fee", record_id=notice.pk, method="in_person", sent_on=notice.notified_on,
        received_on=notice.notified_on,
    )  # fmt: skip
    freeze_today(monkeypatch, "2026-05-20")
    request.abandon_unpaid(handler)
    letter = letter_of(client, handler, request)
    assert "政府信息公开申请终止办理告知书" in letter
    assert "第四十二条" in letter and "国办函〔2020〕109号" in letter and "视为放弃申请" in letter


def test_the_log_and_the_page_show_the_decision_not_the_report_label(client, agency_a, handler):
    request = answered(agency_a, handler, Outcome.PARTLY_GRANTED, specific_law=f"{LAW}第十五条")
    message = request.events.get(kind="answered").message
    assert message.startswith("部分公开（2026-03-20）") and "区分处理" not in message
    client.force_login(handler)
    page = client.get(f"/staff/requests/{request.pk}/").content.decode()
    assert "已办结：部分公开" in page and "只计这一情形" not in page


# --- the letter's form ----------------------------------------------------------------------


def test_letters_are_numbered_from_the_agency_series(client, agency_a, handler):
    Agency.objects.filter(pk=agency_a.pk).update(short_name="舒财")
    agency_a.refresh_from_db()
    first = answered(agency_a, handler, Outcome.GRANTED)
    second = answered(agency_a, handler, Outcome.GRANTED)
    assert first.answer_record.letter_number == "舒财依复〔2026〕1号"
    assert second.answer_record.letter_number == "舒财依复〔2026〕2号"
    assert "舒财依复〔2026〕2号" in letter_of(client, handler, second)
    assert "文号 舒财依复〔2026〕2号" in second.events.get(kind="answered").message


def test_letter_number_pattern_is_checked(agency_a):
    from django.core.exceptions import ValidationError

    agency_a.vertically_led = True
    with pytest.raises(ValidationError, match="第二十七条"):
        agency_a.full_clean()
    agency_a.vertically_led = False

    agency_a.letter_number_pattern = "{简称}〔{年}〕号"
    with pytest.raises(ValidationError, match="须包含"):
        agency_a.full_clean()
    agency_a.letter_number_pattern = "{名称}〔{年}〕{号}号"
    with pytest.raises(ValidationError, match="只能使用"):
        agency_a.full_clean()


def test_organisations_are_addressed_as_gui_danwei(client, agency_a, handler):
    request, _ = make_request(
        agency_a, handler, received_on="2026-03-02", applicant_kind="business",
        applicant_name="舒城某建设有限公司", id_type="credit_code", id_number="",
    )  # fmt: skip
    request.answer(handler, outcome=Outcome.GRANTED)
    letter = letter_of(client, handler, request)
    assert "贵单位于2026年3月2日" in letter and "贵单位对本答复不服的" in letter
    assert "您" not in letter.split('class="letter"')[1]
    person = answered(agency_a, handler, Outcome.GRANTED)
    assert "您于2026年3月2日" in letter_of(client, handler, person)


def test_the_letter_carries_agency_date_and_seal_in_print_and_docx(client, agency_a, handler):
    request = answered(agency_a, handler, Outcome.GRANTED)
    letter = letter_of(client, handler, request)
    assert "（盖章）" in letter and "2026年3月20日" in letter and "舒城县财政局" in letter
    response = client.get(f"/staff/requests/{request.pk}/documents/answer/?format=docx")
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "（盖章）" in text and "依复〔2026〕1号" in text and "舒城县人民法院" in text


def test_staff_text_never_yields_stop_comma(client, agency_a, handler, make_staff, monkeypatch):
    head = make_staff("fuzeren", roles=["负责人"], agencies=[agency_a])
    request, _ = make_request(agency_a, handler, received_on="2026-03-02")
    request.request_extension(handler, reason="需调取多个年度的档案。")
    request.decide_extension(head, approve=True)
    letter = letter_of(client, handler, request, "extension")
    assert "因需调取多个年度的档案，不能在规定期限内作出答复" in letter and "。，" not in letter


def test_staff_answer_form_shows_each_missing_fact_in_chinese(client, agency_a, handler):
    request, _ = make_request(agency_a, handler, received_on="2026-03-02")
    client.force_login(handler)
    response = client.post(
        f"/staff/requests/{request.pk}/do/draft/",
        {"outcome": "not_held", "case": "nonexistent"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "请写明检索说明" in page
    request.refresh_from_db()
    assert request.status == Request.Status.IN_PROGRESS


# --- 送达: periods run from the recorded receipt --------------------------------------------


def test_correction_limit_runs_from_the_signed_receipt(client, agency_a, handler, monkeypatch):
    freeze_today(monkeypatch, "2026-03-04")
    request, _ = make_request(agency_a, handler, received_on="2026-03-02")
    request.request_correction(handler, items="请写明工程名称")  # 15 working days: 25 March
    assert request.correction.deadline == datetime.date(2026, 3, 25)
    freeze_today(monkeypatch, "2026-03-09")
    client.force_login(handler)
    response = client.post(
        f"/staff/requests/{request.pk}/do/service/",
        {"letter": "correction:", "method": "post", "sent_on": "2026-03-04",
         "received_on": "2026-03-09"},
    )  # fmt: skip
    assert response.status_code == 400 and "请填写邮件单号" in response.content.decode()
    response = client.post(
        f"/staff/requests/{request.pk}/do/service/",
        {"letter": "correction:", "method": "post", "sent_on": "2026-03-04",
         "received_on": "2026-03-09", "reference": "XA123456789CN"},
    )  # fmt: skip
    assert response.status_code == 302
    request = Request.objects.get(pk=request.pk)
    assert request.correction.deadline == datetime.date(2026, 3, 30)  # 15 days from 9 March
    page = client.get(f"/staff/requests/{request.pk}/").content.decode()
    assert "已送达：邮寄，2026-03-09（XA123456789CN）" in page
    assert "补正期限自送达之日起算，至 2026-03-30" in page
    freeze_today(monkeypatch, "2026-03-26")
    with pytest.raises(TransitionError, match="尚未届满"):  # 25 March counted from sending
        request.abandon_uncorrected(handler)


def test_fee_and_third_party_periods_run_from_receipt(agency_a, handler, monkeypatch):
    freeze_today(monkeypatch, "2026-03-04")
    request, _ = make_request(agency_a, handler, received_on="2026-03-02")
    consultation = request.start_consultation(
        handler, kind="third_party", addressee="某某公司", matter="合同"
    )
    assert consultation.reply_limit().date == datetime.date(2026, 3, 25)
    freeze_today(monkeypatch, "2026-03-06")
    request.record_service(
        handler, letter="consultation", record_id=consultation.pk, method="email",
        sent_on=datetime.date(2026, 3, 4), received_on=datetime.date(2026, 3, 6),
    )  # fmt: skip
    assert consultation.reply_limit().date == datetime.date(2026, 3, 27)
    freeze_today(monkeypatch, "2026-03-26")
    with pytest.raises(TransitionError, match="尚未届满"):
        request.record_consultation_reply(handler, consultation, opinion="no_reply")
    with pytest.raises(TransitionError, match="已经登记过送达"):
        request.record_service(
            handler, letter="consultation", record_id=consultation.pk, method="email",
            sent_on=datetime.date(2026, 3, 4), received_on=datetime.date(2026, 3, 6),
        )  # fmt: skip


def test_co_producing_agency_letter_says_silence_is_consent(client, agency_a, handler):
    request, _ = make_request(agency_a, handler, received_on="2026-03-02")
    consultation = request.start_consultation(
        handler, kind="agency", addressee="舒城县教育体育局", matter="联合发文"
    )
    client.force_login(handler)
    letter = client.get(
        f"/staff/requests/{request.pk}/documents/consultation/{consultation.pk}/"
    ).content.decode()
    assert "第三十四条" in letter and "逾期未提出意见的，视为同意公开" in letter


def test_a_legal_basis_staff_add_is_printed(client, agency_a, handler):
    request = answered(
        agency_a,
        handler,
        Outcome.STATE_SECRET,
        legal_basis="《中华人民共和国保守国家秘密法》第二条。",
    )
    letter = letter_of(client, handler, request)
    assert "本答复的法律依据还包括《中华人民共和国保守国家秘密法》第二条。" in letter
    plain = answered(agency_a, handler, Outcome.STATE_SECRET)
    assert "还包括" not in letter_of(client, handler, plain)
