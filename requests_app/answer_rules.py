"""What an answer must state for its outcome (条例第三十六条–第三十九条; docs/legal-rules.md §5),
checked before it is issued. Each problem is a Chinese message keyed by the answer form's field."""

from .outcomes import DEFAULT_CASE, OUTCOME_CASES, OUTCOME_INFO, AnswerCase, Outcome

# 部分公开 and 其他法律行政法规禁止 name the law of the withheld part; 行政查询事项 names the law
# whose procedure the applicant is to follow (第三十六条第（七）项).
NEEDS_SPECIFIC_LAW = {
    Outcome.PARTLY_GRANTED: "请写明不予公开部分所依据的具体法律、行政法规或条例条款。",
    Outcome.PROHIBITED_BY_LAW: "请写明禁止公开该信息的法律、行政法规名称及条款。",
    Outcome.ADMIN_QUERY: "请写明对该信息的获取有特别规定的法律、行政法规，申请人应依照其规定办理。",
}


def answer_case(outcome, case):
    """The case the answer applies (its default when none is named), or "" for outcomes without."""
    outcome = Outcome(outcome)
    return case or DEFAULT_CASE.get(outcome, "")


def answer_problems(outcome, *, case="", reasons="", published_ref="", search_note="",
                    specific_law="", no_consultation_reason="", consulted=False,
                    objection_unanswered=False, reasons_asked=False):  # fmt: skip
    """{field name: message} of what the answer lacks; empty when it may be issued.

    `consulted`: a third party's opinion is on record (consent, objection or silence);
    `objection_unanswered`: a third party objected and was not told of a decision to disclose;
    `reasons_asked`: the applicant was asked for reasons (条例第三十五条).
    """
    outcome = Outcome(outcome)
    problems = {}
    cases = OUTCOME_CASES.get(outcome, ())
    if case and case not in cases:
        problems["case"] = f"办理结果“{OUTCOME_INFO[outcome].short_name}”没有这种答复情形。"
    elif cases and not case:
        problems["case"] = "请选择答复情形：经检索信息不存在，或者不属于本机关负责公开。"
    if case == AnswerCase.PUBLISHED and not published_ref.strip():
        problems["published_ref"] = (
            "已主动公开的，请填写该信息的网址或索引号（条例第三十六条第（一）项）。"
        )
    if case == AnswerCase.NONEXISTENT and not search_note.strip():
        problems["search_note"] = (
            "请写明检索说明：在何处、以何种方式检索过（条例第三十六条第（四）项）。"
        )
    if outcome in NEEDS_SPECIFIC_LAW and not specific_law.strip():
        problems["specific_law"] = NEEDS_SPECIFIC_LAW[outcome]
    if outcome == Outcome.THIRD_PARTY and not consulted and not no_consultation_reason.strip():
        problems["no_consultation_reason"] = (
            "以保护第三方合法权益为由不予公开，应先书面征求第三方意见（条例第三十二条）；"
            "未征求的，请写明不需要征求的理由。"
        )
    if outcome == Outcome.GRANTED and objection_unanswered:
        problems["outcome"] = (
            "第三方不同意公开：决定予以公开的，应先将决定公开的内容和理由书面告知第三方"
            "（条例第三十二条，“告知第三方决定公开”）。"
        )
    if outcome == Outcome.EXCESSIVE and not reasons_asked:
        problems["outcome"] = (
            "以申请数量、频次明显超过合理范围为由不予处理，应先要求申请人说明理由（条例第三十五条）。"
        )
    # 信息不存在 is explained by its 检索说明; every other refusal states its reasons.
    needs_reasons = OUTCOME_INFO[outcome].needs_reasons and case != AnswerCase.NONEXISTENT
    if needs_reasons and not reasons.strip():
        problems["reasons"] = "不予公开、部分公开、无法提供、不予处理等答复须说明理由。"
    return problems
