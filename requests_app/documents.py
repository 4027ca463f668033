"""The letters generated from a request's record (登记回执, 补正告知书, 延期答复告知书, 征求意见书,
收费通知, 答复书): one `Letter` per document, rendered as a printable A4 page or as DOCX."""

import io
from dataclasses import dataclass, field

from django.http import Http404

from .deadlines import CONSULTATION_CAP, FEE_PAYMENT_DAYS
from .outcomes import Outcome

REMEDIES = (
    "如对本答复不服，可以自收到本答复之日起60日内依法向{reviewer}申请行政复议，"
    "或者自收到本答复之日起6个月内依法向人民法院提起行政诉讼。"
)
KINDS = {
    "receipt": "政府信息公开申请登记回执",
    "correction": "政府信息公开申请补正告知书",
    "extension": "政府信息公开申请延期答复告知书",
    "consultation": "政府信息公开征求意见书",
    "fee": "政府信息公开信息处理费收费通知",
    "answer": "政府信息公开申请答复书",
}


@dataclass
class Letter:
    title: str
    addressee: str
    paragraphs: list
    agency: str
    date: object
    number: str
    facts: list = field(default_factory=list)  # (label, value) rows shown as a table

    @property
    def filename(self):
        return f"{self.number}-{self.title}.docx"


def _d(day):
    return f"{day:%Y年%m月%d日}".replace("年0", "年").replace("月0", "月") if day else ""


def _request_line(r):
    return f"您（单位）于{_d(r.received_on)}向本机关提出的政府信息公开申请（申请编号：{r.number}）"


def build(request, kind, record_id=None):
    """The Letter of `kind` for `request`; Http404 when the record it needs does not exist."""
    builder = {
        "receipt": _receipt,
        "correction": _correction,
        "extension": _extension,
        "consultation": _consultation,
        "fee": _fee,
        "answer": _answer,
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
    extension = request._one("extension")
    if extension and extension.is_approved:
        docs.append(("extension", None, KINDS["extension"]))
    for notice in request._prefetched("fee_notices"):
        docs.append(("fee", notice.pk, f"{KINDS['fee']}（{_d(notice.notified_on)}）"))
    if request._one("answer_record"):
        docs.append(("answer", None, KINDS["answer"]))
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
        "本机关已收到您（单位）的政府信息公开申请，登记信息如下。本机关将依照《中华人民共和国政府信息公开条例》"
        "第三十三条的规定，自收到申请之日起20个工作日内予以答复；需要延长答复期限的，将另行告知。",
        "您可以凭申请编号和查询码在本门户“依申请公开”栏目查询办理进度。查询码请妥善保管。",
    ]
    return _letter(r, "receipt", paragraphs, r.received_on, facts=facts)


def _correction(r, _):
    c = r._one("correction")
    if c is None:
        return None
    paragraphs = [
        f"{_request_line(r)}收悉。经审查，您的申请内容不明确，根据《中华人民共和国政府信息公开条例》"
        "第三十条的规定，请您对以下事项作出补正：",
        c.items,
        f"请于{_d(c.deadline)}前向本机关提交补正材料。答复期限自本机关收到补正后的申请之日起重新计算。"
        "无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。",
    ]
    return _letter(r, "correction", paragraphs, c.notified_on)


def _extension(r, _):
    e = r._one("extension")
    if e is None or not e.is_approved:
        return None
    original, extended = r.due(extended=False), r.due()
    paragraphs = [
        f"{_request_line(r)}，因{e.reason}，不能在规定期限内作出答复。根据《中华人民共和国政府信息公开条例》"
        f"第三十三条第二款的规定，经本机关政府信息公开工作机构负责人同意，答复期限延长20个工作日，"
        f"由{_d(original.date)}延长至{_d(extended.date)}{'（暂定）' if extended.provisional else ''}。",
        "特此告知。",
    ]
    return _letter(r, "extension", paragraphs, e.decided_at.date() if e.decided_at else None)


def _consultation(r, record_id):
    c = next((c for c in r._prefetched("consultations") if c.pk == record_id), None)
    if c is None:
        return None
    paragraphs = [
        f"本机关于{_d(r.received_on)}收到政府信息公开申请（申请编号：{r.number}），申请公开以下信息：",
        c.matter,
        "该信息的公开可能损害贵方的合法权益（或涉及贵机关）。根据《中华人民共和国政府信息公开条例》"
        f"第三十二条的规定，现书面征求贵方意见。请自收到本征求意见书之日起{CONSULTATION_CAP}个工作日内"
        "提出意见；逾期未提出意见的，由本机关依照条例的规定决定是否公开。"
        "不同意公开的，请说明理由。",
    ]
    return _letter(r, "consultation", paragraphs, c.sent_on, addressee=f"{c.addressee}：")


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
        f"请于收到本通知之日起{FEE_PAYMENT_DAYS}个工作日内（{_d(n.pay_by)}前）缴纳。"
        "缴费期间不计算在答复期限内；逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。",
    ]
    return _letter(r, "fee", paragraphs, n.notified_on)


def _answer(r, _):
    a = r._one("answer_record")
    if a is None:
        return None
    outcome = Outcome(a.outcome)
    paragraphs = [f"{_request_line(r)}收悉。现答复如下："]
    paragraphs.append(f"办理结果：{outcome.label}。")
    if a.content:
        paragraphs.append(a.content)
    if a.reasons:
        paragraphs.append(f"理由：{a.reasons}")
    if a.referral:
        paragraphs.append(f"该信息不属于本机关负责公开，请向{a.referral}申请。")
    if a.legal_basis:
        paragraphs.append(f"依据：{a.legal_basis}。")
    parent = r.agency.parent.name if r.agency.parent_id else "上一级行政机关或者同级人民政府"
    paragraphs.append(REMEDIES.format(reviewer=parent))
    return _letter(r, "answer", paragraphs, a.answered_on)


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
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(letter.title)
    run.bold, run.font.size = True, Pt(20)
    number = document.add_paragraph(f"申请编号：{letter.number}")
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
    for text in (letter.agency, _d(letter.date)):
        signature = document.add_paragraph(text)
        signature.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
