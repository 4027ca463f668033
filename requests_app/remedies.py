"""The remedies an answer letter tells the applicant (docs/legal-rules.md §5): one table,
`REMEDY`, from each outcome to the kind of remedy, and the sentences for each kind.

Since 2024-01-01 行政复议法（2023）第二十三条第一款第（四）项 makes 行政复议 compulsory before a
lawsuit when "申请政府信息公开，行政机关不予公开", and 第二款 obliges the agency to say so in its
decision. Every 不予公开 outcome therefore tells the applicant to apply first to the named 复议机关;
a 部分公开 answer says so for the withheld part and leaves the choice for the rest; every other
outcome keeps the choice between 复议 (60 days, 第二十条) and 诉讼 (6 months, 行政诉讼法第四十六条).
"""

import enum

from .outcomes import REPORT_GROUPS, Outcome


class Remedy(enum.Enum):
    REVIEW_FIRST = "复议前置"
    CHOICE = "复议或者诉讼"
    PARTLY_REVIEW_FIRST = "不予公开部分复议前置，其余可选择"


_WITHHELD = {
    outcome
    for group, outcomes in REPORT_GROUPS
    if group == "（三）不予公开"
    for outcome in outcomes
}

# The one table: every outcome's remedy. 行政查询事项 (条例第三十六条第（七）项) is counted under
# （三）不予公开 and an applicant may well read it as a refusal, so it keeps 复议前置: telling a
# needless 复议 first costs the applicant time, telling a wrong choice may cost the lawsuit.
REMEDY = {
    outcome: (
        Remedy.REVIEW_FIRST
        if outcome in _WITHHELD
        else Remedy.PARTLY_REVIEW_FIRST
        if outcome == Outcome.PARTLY_GRANTED
        else Remedy.CHOICE
    )
    for outcome in Outcome
}

_REVIEW_FIRST = (
    "{subject}不服的，根据《中华人民共和国行政复议法》第二十三条第一款第（四）项、第二款的规定，"
    "应当先自收到本答复之日起60日内向{review_body}申请行政复议；"
    "对行政复议决定不服的，可以自收到行政复议决定书之日起15日内依法向人民法院提起行政诉讼。"
)
_CHOICE = (
    "{subject}不服的，可以自收到本答复之日起60日内向{review_body}申请行政复议，"
    "也可以自收到本答复之日起6个月内向{court}提起行政诉讼。"
)


def remedy_paragraphs(outcome, *, review_body, court, you="您"):
    """The remedy sentences of an answer with `outcome`, naming the 复议机关 and the court."""
    names = {"review_body": review_body, "court": court}
    match REMEDY[Outcome(outcome)]:
        case Remedy.REVIEW_FIRST:
            return [_REVIEW_FIRST.format(subject=f"{you}对本答复", **names)]
        case Remedy.PARTLY_REVIEW_FIRST:
            return [
                _REVIEW_FIRST.format(subject=f"{you}对本答复中不予公开的部分", **names),
                _CHOICE.format(subject=f"{you}对本答复的其他部分", **names),
            ]
        case Remedy.CHOICE:
            return [_CHOICE.format(subject=f"{you}对本答复", **names)]
