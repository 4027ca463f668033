"""The letters sent while a request is handled, before the answer: 登记回执, 补正告知书, 延期答复
告知书, 征求意见书, 第三方意见处理告知书, 说明理由通知书, 延迟答复告知书 and 收费通知. Each builder
takes the request and the record's id (for a kind a request may have several of) and returns a
`Letter`, or None when the record it needs does not exist."""

from workcalendar.workdays import count_workdays

from ..deadlines import CONSULTATION_CAP, FEE_PAYMENT_DAYS
from ..wording import clause, join
from .letter import date_text, make_letter, request_line, you

# The days the 说明理由通知书 gives the applicant; 条例第三十五条 sets none, so the office's
# usual period for a reply in writing is offered.
REASONS_DAYS = 15


def receipt(r, _):
    due = r.due()
    facts = [
        ("申请编号", r.number),
        ("申请人", r.applicant_name),
        ("申请方式", r.get_channel_display()),
        ("收到申请之日", date_text(r.received_on)),
        ("所需信息", r.description),
        (
            "答复期限",
            f"{date_text(due.date)}{'（暂定）' if due.provisional else ''}"
            if due
            else "待补正后重新计算",
        ),
    ]
    paragraphs = [
        f"本机关已收到{you(r)}的政府信息公开申请，登记信息如下。本机关将依照《中华人民共和国政府信息公开条例》"
        "第三十三条的规定，自收到申请之日起20个工作日内予以答复；需要延长答复期限的，将另行告知。",
        f"{you(r)}可以凭申请编号和查询码在本门户“依申请公开”栏目查询办理进度。查询码请妥善保管。",
    ]
    return make_letter(r, "receipt", paragraphs, r.received_on, facts=facts)


def _period(r, letter, record_id, sent_on, limit):
    """The working days a letter gives, counted from its receipt (送达) as the limit now stands."""
    service = next(
        (s for s in r.services.all() if s.letter == letter and s.record_id == record_id), None
    )
    return count_workdays(service.received_on if service else sent_on, limit).days


def correction(r, _):
    c = r._one("correction")
    if c is None:
        return None
    paragraphs = [
        f"{request_line(r)}收悉。经审查，{you(r)}的申请内容不明确，根据《中华人民共和国政府信息公开条例》"
        f"第三十条的规定，请{you(r)}对以下事项作出补正：",
        c.items,
        f"请自收到本告知书之日起{_period(r, 'correction', None, c.notified_on, c.deadline)}个工作日内"
        "向本机关提交补正材料。答复期限自本机关收到补正后的申请之日起重新计算。"
        "无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。",
    ]
    return make_letter(r, "correction", paragraphs, c.notified_on)


def extension(r, _):
    e = r._one("extension")
    if e is None or not e.is_approved:
        return None
    original, extended = r.due(extended=False), r.due()
    paragraphs = [
        f"{request_line(r)}，因{clause(e.reason)}，不能在规定期限内作出答复。根据《中华人民共和国政府信息公开条例》"
        f"第三十三条第二款的规定，经本机关政府信息公开工作机构负责人同意，答复期限延长20个工作日，"
        f"由{date_text(original.date)}延长至{date_text(extended.date)}{'（暂定）' if extended.provisional else ''}。",
        "特此告知。",
    ]
    return make_letter(r, "extension", paragraphs, e.decided_at.date() if e.decided_at else None)


def consultation(r, record_id):
    c = next((c for c in r._prefetched("consultations") if c.pk == record_id), None)
    if c is None:
        return None
    asked = [
        f"本机关于{date_text(r.received_on)}收到政府信息公开申请（申请编号：{r.number}），申请公开以下信息：",
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
    return make_letter(r, "consultation", paragraphs, c.sent_on, addressee=f"{c.addressee}：")


def disclosure(r, record_id):
    """条例第三十二条: the third party objected; the agency discloses in the public interest."""
    c = next((c for c in r._prefetched("consultations") if c.pk == record_id), None)
    if c is None or not c.disclosure_notified_on:
        return None
    paragraphs = [
        f"本机关于{date_text(c.sent_on)}就政府信息公开申请（申请编号：{r.number}）涉及的下列信息书面征求"
        f"贵方意见，贵方{'于' + date_text(c.replied_on) if c.replied_on else ''}表示不同意公开：",
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
    return make_letter(
        r, "disclosure", paragraphs, c.disclosure_notified_on, addressee=f"{c.addressee}："
    )


def reasons(r, _):
    """条例第三十五条: the request clearly exceeds a reasonable range; the applicant is asked why."""
    q = r._one("reasons_request")
    if q is None:
        return None
    paragraphs = [
        f"{request_line(r)}收悉。经审查，{clause(q.matter)}，申请公开政府信息的数量、频次明显超过"
        "合理范围。",
        f"根据《中华人民共和国政府信息公开条例》第三十五条的规定，请{you(r)}自收到本通知之日起"
        f"{REASONS_DAYS}个工作日内向本机关书面说明申请理由。本机关认为申请理由不合理的，将告知"
        f"{you(r)}不予处理；认为申请理由合理，但是无法在条例第三十三条规定的期限内答复的，将确定"
        "延迟答复的合理期限并告知。",
    ]
    return make_letter(r, "reasons", paragraphs, q.asked_on)


def delay(r, _):
    q = r._one("reasons_request")
    if q is None or not q.delay_until:
        return None
    paragraphs = [
        join(
            f"{request_line(r)}收悉",
            f"本机关于{date_text(q.asked_on)}要求{you(r)}说明申请理由"
            + (f"，{you(r)}于{date_text(q.replied_on)}作出了说明" if q.replied_on else ""),
            f"经审查，本机关认为申请理由合理，但因{clause(q.delay_reason)}，无法在《中华人民共和国政府"
            "信息公开条例》第三十三条规定的期限内答复",
        ),
        f"根据条例第三十五条的规定，本机关确定延迟答复的合理期限，将于{date_text(q.delay_until)}前作出答复。",
        "特此告知。",
    ]
    return make_letter(r, "delay", paragraphs, q.delayed_on)


def fee(r, record_id):
    n = next((n for n in r._prefetched("fee_notices") if n.pk == record_id), None)
    if n is None:
        return None
    basis = (
        f"按件计收（本月第{n.quantity}件申请）"
        if n.basis == n.Basis.PER_REQUEST
        else f"按量计收（共{n.quantity}页）"
    )
    paragraphs = [
        f"{request_line(r)}，根据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），"
        f"本机关决定收取信息处理费，计收方式为{basis}，金额为人民币{n.amount}元。",
        f"请于收到本通知之日起{FEE_PAYMENT_DAYS}个工作日内缴纳。"
        "缴费期间不计算在答复期限内；逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。",
    ]
    return make_letter(r, "fee", paragraphs, n.notified_on)
