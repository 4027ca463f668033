"""The decision of an answer in words (docs/legal-rules.md §5): one sentence per outcome, of the
form "经审查，……根据《条例》第×条第×项，决定……", and the helpers that join staff text into
sentences without ever producing "。，" or "。。".

The report's row label ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）") belongs to the
annual report only; letters, the tracking page and the log use `decision_name` and these sentences.
"""

from .outcomes import OUTCOME_INFO, AnswerCase, Outcome, default_basis

LAW = "《中华人民共和国政府信息公开条例》"
_TRAILING = "。；;，,.、：: \n\t"


def clause(text):
    """Staff text to be continued inside a sentence: stripped of closing punctuation."""
    return str(text or "").strip().rstrip(_TRAILING).strip()


def sentence(text):
    """Staff text as a whole sentence: ends with exactly one full stop (or its own ！？)."""
    text = clause(text)
    if not text:
        return ""
    return text if text[-1] in "！？!?" else f"{text}。"


def join(*parts):
    """Sentences joined into a paragraph, empty parts dropped."""
    return "".join(sentence(part) for part in parts if clause(part))


# The name of a decision as the letter's applicant and the log read it.
_CASE_NAMES = {
    AnswerCase.PUBLISHED: "予以公开（已主动公开）",
    AnswerCase.PROVIDED: "予以公开",
    AnswerCase.NONEXISTENT: "信息不存在",
    AnswerCase.NOT_OURS: "不属于本机关负责公开",
}


# Rows whose own label is a sentence: the name a person says instead.
_SHORT_NAMES = {
    Outcome.ADMIN_QUERY: "告知依照有关法律、行政法规办理（行政查询事项）",  # guidance, not a refusal
    Outcome.NOT_CORRECTED: "终止办理（逾期不补正）",
    Outcome.FEE_UNPAID: "终止办理（逾期未缴费）",
    Outcome.OTHER: "其他处理",
}


def decision_name(outcome, case=""):
    """ "部分公开", "不予公开（属于国家秘密）", "信息不存在" …, never the report's row label."""
    outcome = Outcome(outcome)
    if case:
        return _CASE_NAMES[AnswerCase(case)]
    info = OUTCOME_INFO[outcome]
    heading = info.group[3:].split("（")[0]  # without the report's footnote
    if info.number is None:
        return heading
    if outcome in _SHORT_NAMES:
        return _SHORT_NAMES[outcome]
    return f"{heading}（{info.leaf_label}）"


def _withheld(reason, articles):
    return f"经审查，您申请公开的信息{reason}。根据{LAW}{articles}的规定，本机关决定不予公开"


def decision(answer, you="您", deadline_text=""):
    """The decision paragraph of `answer` (an `Answer`), addressed with `you` (您 / 贵单位)."""
    outcome, case = Outcome(answer.outcome), answer.case
    law, content = clause(answer.specific_law), clause(answer.content)
    text = _decision(outcome, case, answer, law, content, deadline_text)
    text = text.replace("您", you)
    reasons = "" if outcome in _REASONS_INSIDE else clause(answer.reasons)
    # a basis staff wrote beyond the article the sentence cites is printed, never dropped
    basis = clause(answer.legal_basis)
    extra = basis and outcome != Outcome.OTHER and basis != clause(default_basis(outcome, case))
    return join(
        text,
        f"理由：{reasons}" if reasons else "",
        f"本答复的法律依据还包括{basis}" if extra else "",
    )


# Outcomes whose sentence carries the reasons itself.
_REASONS_INSIDE = {Outcome.PARTLY_GRANTED, Outcome.OTHER, Outcome.EXCESSIVE}


def _decision(outcome, case, a, law, content, deadline_text):  # noqa: C901 -- one case per outcome
    match outcome:
        case Outcome.GRANTED if case == AnswerCase.PUBLISHED:
            return (
                f"经审查，您申请公开的信息已经主动公开。根据{LAW}第三十六条第（一）项的规定，"
                f"现告知您获取该政府信息的方式和途径：{clause(a.published_ref)}"
            )
        case Outcome.GRANTED:
            return (
                f"经审查，您申请公开的信息属于可以公开的政府信息。根据{LAW}第三十六条第（二）项的"
                f"规定，本机关决定予以公开，{content or '所申请的信息随本答复书一并提供'}"
            )
        case Outcome.PARTLY_GRANTED:
            return (
                f"经审查，您申请公开的信息中含有不应当公开的内容，但是能够作区分处理。根据{LAW}"
                f"第三十七条的规定，本机关决定部分公开：对可以公开的部分予以公开"
                f"{'，' + content if content else ''}；对其中不予公开的部分，根据{law}和{LAW}"
                f"第三十六条第（三）项的规定，决定不予公开，理由是：{clause(a.reasons)}"
            )
        case Outcome.STATE_SECRET:
            return _withheld("属于国家秘密", "第十四条、第三十六条第（三）项")
        case Outcome.PROHIBITED_BY_LAW:
            return (
                f"经审查，您申请公开的信息属于{law}禁止公开的政府信息。根据{law}和{LAW}第十四条、"
                "第三十六条第（三）项的规定，本机关决定不予公开"
            )
        case Outcome.SECURITY_STABILITY:
            return _withheld(
                "公开后可能危及国家安全、公共安全、经济安全、社会稳定",
                "第十四条、第三十六条第（三）项",
            )
        case Outcome.THIRD_PARTY:
            return _withheld(
                "涉及商业秘密、个人隐私等公开会对第三方合法权益造成损害的内容，且不公开不会对公共"
                "利益造成重大影响",
                "第十五条、第三十二条、第三十六条第（三）项",
            )
        case Outcome.INTERNAL_AFFAIRS:
            return _withheld(
                "属于人事管理、后勤管理、内部工作流程等方面的内部事务信息",
                "第十六条第一款、第三十六条第（三）项",
            )
        case Outcome.PROCESS_INFO:
            return _withheld(
                "属于行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、请示报告等"
                "过程性信息",
                "第十六条第二款、第三十六条第（三）项",
            )
        case Outcome.ENFORCEMENT_FILE:
            return _withheld("属于行政执法案卷信息", "第十六条第二款、第三十六条第（三）项")
        case Outcome.ADMIN_QUERY:
            return (
                f"经审查，您申请获取的信息属于{law}对信息的获取有特别规定的查询事项。根据{LAW}"
                f"第三十六条第（七）项的规定，请您依照{law}的规定办理"
            )
        case Outcome.NOT_HELD if case == AnswerCase.NONEXISTENT:
            return join(
                f"经检索，本机关没有您申请公开的政府信息。根据{LAW}第三十六条第（四）项的规定，"
                "现告知您该政府信息不存在",
                f"本机关的检索情况：{clause(a.search_note)}",
            )
        case Outcome.NOT_HELD:
            referral = clause(a.referral)
            return join(
                f"经审查，您申请公开的信息不属于本机关负责公开。根据{LAW}第三十六条第（五）项的规定，"
                "现予告知",
                f"负责公开该政府信息的机关为{referral}，您可以向其提出申请" if referral else "",
            )
        case Outcome.NEEDS_CREATION:
            return (
                f"经审查，您申请的信息需要本机关对现有政府信息进行加工、分析才能形成。根据{LAW}"
                "第三十八条的规定，本机关不予提供"
            )
        case Outcome.STILL_UNCLEAR:
            return (
                f"经审查，您补正后的申请内容仍不明确，本机关无法据此确定您所需要的政府信息。根据{LAW}"
                "第二十九条第二款、第三十条的规定，本机关无法提供"
            )
        case Outcome.PETITION:
            return (
                f"经审查，您以政府信息公开申请的形式提出信访、投诉、举报等诉求。根据{LAW}第三十九条"
                "第一款的规定，本机关不作为政府信息公开申请处理，请您通过相应渠道提出"
            )
        case Outcome.REPEATED:
            return (
                f"经审查，本机关已就您的申请作出答复，您重复申请公开相同的政府信息。根据{LAW}"
                "第三十六条第（六）项的规定，本机关不予重复处理"
            )
        case Outcome.PUBLICATION:
            return (
                f"经审查，您申请获取的是公开出版物。根据{LAW}第三十九条第二款的规定，本机关不予处理，"
                f"您可以通过{content or '公开出版发行渠道'}获取"
            )
        case Outcome.EXCESSIVE:
            reasons = clause(a.reasons)
            return (
                f"经审查，您申请公开政府信息的数量、频次明显超过合理范围，经本机关要求说明理由，"
                f"{reasons + '，' if reasons else ''}本机关认为申请理由不合理。根据{LAW}第三十五条的"
                "规定，本机关不予处理"
            )
        case Outcome.CONFIRMATION:
            return (
                "经审查，您要求本机关对已获取的政府信息进行确认或者重新出具。该要求不属于"
                f"{LAW}第二条所称的获取政府信息，本机关不作为政府信息公开申请处理"
            )
        case Outcome.NOT_CORRECTED:
            return (
                f"您未在补正期限{deadline_text}内补正，也未说明正当理由。根据{LAW}第三十条的规定，"
                "视为放弃申请，本机关不再处理您的政府信息公开申请"
            )
        case Outcome.FEE_UNPAID:
            return (
                f"您未在缴费期限{deadline_text}内缴纳信息处理费。根据{LAW}第四十二条和《政府信息公开"
                "信息处理费管理办法》（国办函〔2020〕109号）的规定，视为放弃申请，本机关不再处理"
                "您的政府信息公开申请"
            )
        case _:
            basis = clause(a.legal_basis)
            return join(
                f"经审查，{clause(a.reasons)}" if a.reasons else "",
                f"根据{basis}的规定作出本答复" if basis else "",
            )
