"""The letters generated from a request's record (登记回执, 补正告知书, 延期答复告知书, 征求意见书,
收费通知, 答复书): one `Letter` per document, rendered as a printable A4 page or as DOCX."""

import io
from dataclasses import dataclass, field

from django.http import Http404
from django.utils import timezone

from organisation import review_bodies
from workcalendar.workdays import count_workdays

from .deadlines import CONSULTATION_CAP, FEE_PAYMENT_DAYS
from .outcomes import OUTCOME_INFO, Outcome
from .remedies import remedy_paragraphs
from .wording import clause, decision, join

# The days the 说明理由通知书 gives the applicant; 条例第三十五条 sets none, so the office's
# usual period for a reply in writing is offered.
REASONS_DAYS = 15
KINDS = {
    "receipt": "政府信息公开申请登记回执",
    "correction": "政府信息公开申请补正告知书",
    "extension": "政府信息公开申请延期答复告知书",
    "consultation": "政府信息公开征求意见书",
    "fee": "政府信息公开信息处理费收费通知",
    "answer": "政府信息公开申请答复书",
    "reasons": "政府信息公开申请说明理由通知书",
    "delay": "政府信息公开申请延迟答复告知书",
    "disclosure": "政府信息公开第三方意见处理告知书",
    "answer_correction": "政府信息公开申请答复更正告知书",
}
# An answer's title by its report group: 不予处理 and 终止 letters say so in the title.
NOT_HANDLED_TITLE = "政府信息公开申请不予处理告知书"
TERMINATED_TITLE = "政府信息公开申请终止办理告知书"


@dataclass
class Letter:
    title: str
    addressee: str
    paragraphs: list
    agency: str
    date: object
    number: str  # the request's 申请编号
    facts: list = field(default_factory=list)  # (label, value) rows shown as a table
    letter_number: str = ""  # the 文号 of a numbered letter
    draft: bool = False  # a preview of a letter not yet issued

    @property
    def reference(self):
        """The line under the title: the 文号, else the 申请编号."""
        if self.draft:
            return "文号：出具时编号"
        return self.letter_number or f"申请编号：{self.number}"

    @property
    def filename(self):
        return f"{self.number}-{self.title}.docx"


def _d(day):
    return f"{day:%Y年%m月%d日}".replace("年0", "年").replace("月0", "月") if day else ""


def you(r):
    """How a letter addresses the applicant: 您 for a person, 贵单位 for an organisation."""
    return "贵单位" if r.is_organisation else "您"


def _request_line(r):
    return f"{you(r)}于{_d(r.received_on)}向本机关提出的政府信息公开申请（申请编号：{r.number}）"


def build(request, kind, record_id=None):
    """The Letter of `kind` for `request`; Http404 when the record it needs does not exist."""
    builder = {
        "receipt": _receipt,
        "correction": _correction,
        "extension": _extension,
        "consultation": _consultation,
        "fee": _fee,
        "answer": _answer,
        "reasons": _reasons,
        "delay": _delay,
        "disclosure": _disclosure,
        "answer_draft": _answer_draft,
        "answer_correction": _answer_correction,
    }.get(kind)
    if builder is None:
        raise Http404("没有这种文书")
    letter = builder(request, record_id)
    if letter is None:
        raise Http404("该申请还没有这份文书")
    return letter


def available(request):
    """(kind, record id, title) of every document the record supports now."""
    docs = [("receipt", None, KINDS["receipt"])]
    if request._one("correction"):
        docs.append(("correction", None, KINDS["correction"]))
    for c in request._prefetched("consultations"):
        docs.append(("consultation", c.pk, f"{KINDS['consultation']}（{c.addressee}）"))
    for c in request._prefetched("consultations"):
        if c.disclosure_notified_on:
            docs.append(("disclosure", c.pk, f"{KINDS['disclosure']}（{c.addressee}）"))
    reasons = request._one("reasons_request")
    if reasons:
        docs.append(("reasons", None, KINDS["reasons"]))
        if reasons.delay_until:
            docs.append(("delay", None, KINDS["delay"]))
    extension = request._one("extension")
    if extension and extension.is_approved:
        docs.append(("extension", None, KINDS["extension"]))
    for notice in request._prefetched("fee_notices"):
        docs.append(("fee", notice.pk, f"{KINDS['fee']}（{_d(notice.notified_on)}）"))
    answer = request._one("answer_record")
    if answer:
        docs.append(("answer", None, answer_title(answer.outcome)))
    elif request._one("answer_draft"):
        docs.append(("answer_draft", None, "答复书（草稿预览，未出具）"))
    for c in request._prefetched("answer_corrections"):
        docs.append(
            ("answer_correction", c.pk, f"{KINDS['answer_correction']}（{c.letter_number}）")
        )
    return docs


def _letter(r, kind, paragraphs, date, addressee=None, facts=()):
    return Letter(
        title=KINDS[kind],
        addressee=addressee or f"{r.applicant_name}：",
        paragraphs=paragraphs,
        agency=r.agency.name,
        date=date,
        number=r.number,
        facts=list(facts),
    )


def _receipt(r, _):
    due = r.due()
    facts = [
        ("申请编号", r.number),
        ("申请人", r.applicant_name),
        ("申请方式", r.get_channel_display()),
        ("收到申请之日", _d(r.received_on)),
        ("所需信息", r.description),
        (
            "答复期限",
            f"{_d(due.date)}{'（暂定）' if due.provisional else ''}" if due else "待补正后重新计算",
        ),
    ]
    paragraphs = [
        f"本机关已收到{you(r)}的政府信息公开申请，登记信息如下。本机关将依照《中华人民共和国政府信息公开条例》"
        "第三十三条的规定，自收到申请之日起20个工作日内予以答复；需要延长答复期限的，将另行告知。",
        f"{you(r)}可以凭申请编号和查询码在本门户“依申请公开”栏目查询办理进度。查询码请妥善保管。",
    ]
    return _letter(r, "receipt", paragraphs, r.received_on, facts=facts)


def _period(r, letter, record_id, sent_on, limit):
    """The working days a letter gives, counted from its receipt (送达) as the limit now stands."""
    service = next(
        (s for s in r.services.all() if s.letter == letter and s.record_id == record_id), None
    )
    return count_workdays(service.received_on if service else sent_on, limit).days


def _correction(r, _):
    c = r._one("correction")
    if c is None:
        return None
    paragraphs = [
        f"{_request_line(r)}收悉。经审查，{you(r)}的申请内容不明确，根据《中华人民共和国政府信息公开条例》"
        f"第三十条的规定，请{you(r)}对以下事项作出补正：",
        c.items,
        f"请自收到本告知书之日起{_period(r, 'correction', None, c.notified_on, c.deadline)}个工作日内"
        "向本机关提交补正材料。答复期限自本机关收到补正后的申请之日起重新计算。"
        "无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。",
    ]
    return _letter(r, "correction", paragraphs, c.notified_on)


def _extension(r, _):
    e = r._one("extension")
    if e is None or not e.is_approved:
        return None
    original, extended = r.due(extended=False), r.due()
    paragraphs = [
        f"{_request_line(r)}，因{clause(e.reason)}，不能在规定期限内作出答复。根据《中华人民共和国政府信息公开条例》"
        f"第三十三条第二款的规定，经本机关政府信息公开工作机构负责人同意，答复期限延长20个工作日，"
        f"由{_d(original.date)}延长至{_d(extended.date)}{'（暂定）' if extended.provisional else ''}。",
        "特此告知。",
    ]
    return _letter(r, "extension", paragraphs, e.decided_at.date() if e.decided_at else None)


def _consultation(r, record_id):
    c = next((c for c in r._prefetched("consultations") if c.pk == record_id), None)
    if c is None:
        return None
    asked = [
        f"本机关于{_d(r.received_on)}收到政府信息公开申请（申请编号：{r.number}），申请公开以下信息：",
        c.matter,
    ]
    if c.kind == c.Kind.AGENCY:
        # 条例第三十四条: the co-producing agency's silence is consent.
        paragraphs = [
            *asked,
            "该政府信息由本机关与贵机关共同制作。根据《中华人民共和国政府信息公开条例》第三十四条的"
            f"规定，现征求贵机关意见。请贵机关自收到本征求意见书之日起{CONSULTATION_CAP}个工作日内"
            "提出意见；逾期未提出意见的，视为同意公开。",
        ]
    else:
        paragraphs = [
            *asked,
            "本机关认为，公开该信息可能损害贵方的合法权益。根据《中华人民共和国政府信息公开条例》"
            f"第三十二条的规定，现书面征求贵方意见。请贵方自收到本征求意见书之日起{CONSULTATION_CAP}个"
            "工作日内提出意见；逾期未提出意见的，由本机关依照条例的规定决定是否公开。不同意公开的，"
            "请说明理由。第三方不同意公开且有合理理由的，本机关不予公开；本机关认为不公开可能对公共"
            "利益造成重大影响的，可以决定予以公开，并将决定公开的内容和理由书面告知贵方。",
        ]
    return _letter(r, "consultation", paragraphs, c.sent_on, addressee=f"{c.addressee}：")


def _disclosure(r, record_id):
    """条例第三十二条: the third party objected; the agency discloses in the public interest."""
    c = next((c for c in r._prefetched("consultations") if c.pk == record_id), None)
    if c is None or not c.disclosure_notified_on:
        return None
    paragraphs = [
        f"本机关于{_d(c.sent_on)}就政府信息公开申请（申请编号：{r.number}）涉及的下列信息书面征求"
        f"贵方意见，贵方{'于' + _d(c.replied_on) if c.replied_on else ''}表示不同意公开：",
        c.matter,
        join(
            "经审查，本机关认为不公开上述信息可能对公共利益造成重大影响，理由是："
            f"{clause(c.disclosure_reason)}",
            "根据《中华人民共和国政府信息公开条例》第三十二条的规定，本机关决定予以公开，"
            "现将决定公开的政府信息内容和理由书面告知贵方",
        ),
        "贵方对本决定不服的，可以自收到本告知书之日起60日内依法申请行政复议，或者自收到本告知书"
        "之日起6个月内依法提起行政诉讼。",
    ]
    return _letter(
        r, "disclosure", paragraphs, c.disclosure_notified_on, addressee=f"{c.addressee}："
    )


def _reasons(r, _):
    """条例第三十五条: the request clearly exceeds a reasonable range; the applicant is asked why."""
    q = r._one("reasons_request")
    if q is None:
        return None
    paragraphs = [
        f"{_request_line(r)}收悉。经审查，{clause(q.matter)}，申请公开政府信息的数量、频次明显超过"
        "合理范围。",
        f"根据《中华人民共和国政府信息公开条例》第三十五条的规定，请{you(r)}自收到本通知之日起"
        f"{REASONS_DAYS}个工作日内向本机关书面说明申请理由。本机关认为申请理由不合理的，将告知"
        f"{you(r)}不予处理；认为申请理由合理，但是无法在条例第三十三条规定的期限内答复的，将确定"
        "延迟答复的合理期限并告知。",
    ]
    return _letter(r, "reasons", paragraphs, q.asked_on)


def _delay(r, _):
    q = r._one("reasons_request")
    if q is None or not q.delay_until:
        return None
    paragraphs = [
        join(
            f"{_request_line(r)}收悉",
            f"本机关于{_d(q.asked_on)}要求{you(r)}说明申请理由"
            + (f"，{you(r)}于{_d(q.replied_on)}作出了说明" if q.replied_on else ""),
            f"经审查，本机关认为申请理由合理，但因{clause(q.delay_reason)}，无法在《中华人民共和国政府"
            "信息公开条例》第三十三条规定的期限内答复",
        ),
        f"根据条例第三十五条的规定，本机关确定延迟答复的合理期限，将于{_d(q.delay_until)}前作出答复。",
        "特此告知。",
    ]
    return _letter(r, "delay", paragraphs, q.delayed_on)


def _fee(r, record_id):
    n = next((n for n in r._prefetched("fee_notices") if n.pk == record_id), None)
    if n is None:
        return None
    basis = (
        f"按件计收（本月第{n.quantity}件申请）"
        if n.basis == n.Basis.PER_REQUEST
        else f"按量计收（共{n.quantity}页）"
    )
    paragraphs = [
        f"{_request_line(r)}，根据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），"
        f"本机关决定收取信息处理费，计收方式为{basis}，金额为人民币{n.amount}元。",
        f"请于收到本通知之日起{FEE_PAYMENT_DAYS}个工作日内缴纳。"
        "缴费期间不计算在答复期限内；逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。",
    ]
    return _letter(r, "fee", paragraphs, n.notified_on)


def answer_title(outcome):
    group = OUTCOME_INFO[Outcome(outcome)].group
    if group == "（五）不予处理":
        return NOT_HANDLED_TITLE
    if Outcome(outcome) in (Outcome.NOT_CORRECTED, Outcome.FEE_UNPAID):
        return TERMINATED_TITLE
    return KINDS["answer"]


def _abandonment_deadline(r, outcome):
    """ "（2025年4月1日）": the limit the applicant let pass, for a 终止 letter."""
    if outcome == Outcome.NOT_CORRECTED and r._one("correction"):
        return f"（{_d(r.correction.deadline)}）"
    notices = [n for n in r._prefetched("fee_notices") if n.paid_on is None]
    return f"（{_d(notices[-1].pay_by)}）" if outcome == Outcome.FEE_UNPAID and notices else ""


def _remedies(r, a):
    return remedy_paragraphs(
        a.outcome,
        # fixed at issue; a draft, or an answer imported from a ledger, names them as they are today
        review_body=a.review_body
        or review_bodies.review_body(r.agency)
        or "有管辖权的行政复议机关",
        court=a.court or review_bodies.court(r.agency) or "有管辖权的人民法院",
        you=you(r),
    )


def _attachments(r):
    """ "附件：1.…" of the files that go to the applicant with the answer, or ""."""
    files = [a.name for a in r.attachments.all() if a.source == a.Source.ANSWER]
    if not files:
        return ""
    return "附件：" + "；".join(f"{n}. {name}" for n, name in enumerate(files, start=1))


def _answer_letter(r, a, date):
    outcome = Outcome(a.outcome)
    paragraphs = [
        f"{_request_line(r)}收悉。现答复如下：",
        decision(a, you(r), _abandonment_deadline(r, outcome)),
        *_remedies(r, a),
        _attachments(r),
    ]
    letter = _letter(r, "answer", [p for p in paragraphs if p], date)
    letter.title = answer_title(outcome)
    letter.letter_number = a.letter_number
    return letter


def _answer(r, _):
    a = r._one("answer_record")
    return _answer_letter(r, a, a.answered_on) if a else None


def _answer_draft(r, _):
    """The letter the draft will become, dated today, without its 文号 yet."""
    a = r._one("answer_draft")
    if a is None or r._one("answer_record"):
        return None
    letter = _answer_letter(r, a, timezone.localdate())
    letter.draft = True
    return letter


def _answer_correction(r, record_id):
    """An issued answer is corrected by a new numbered letter; the answer itself stays."""
    c = next((c for c in r._prefetched("answer_corrections") if c.pk == record_id), None)
    a = r._one("answer_record")
    if c is None or a is None:
        return None
    paragraphs = [
        f"本机关于{_d(a.answered_on)}就{_request_line(r)}作出的《{answer_title(a.outcome)}》"
        f"（{a.letter_number}）有误，现更正如下：",
        c.text,
        "原答复书的其他内容不变。",
        *_remedies(r, a),
    ]
    letter = _letter(r, "answer_correction", paragraphs, c.issued_on)
    letter.letter_number = c.letter_number
    return letter


def to_docx(letter):
    """The letter as DOCX bytes (python-docx), laid out like the printable page."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(26)
    style = document.styles["Normal"]
    style.font.size = Pt(14)
    style.font.name = "仿宋"
    if letter.draft:
        mark = document.add_paragraph("草稿预览：尚未出具，不得交付申请人")
        mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(letter.title)
    run.bold, run.font.size = True, Pt(20)
    number = document.add_paragraph(letter.reference)
    number.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_paragraph(letter.addressee)
    for text in letter.paragraphs:
        paragraph = document.add_paragraph(text)
        paragraph.paragraph_format.first_line_indent = Pt(28)
    if letter.facts:
        table = document.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for label, value in letter.facts:
            cells = table.add_row().cells
            cells[0].text, cells[1].text = label, str(value)
    document.add_paragraph()
    for text in (letter.agency, "（盖章）", _d(letter.date)):
        signature = document.add_paragraph(text)
        signature.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
