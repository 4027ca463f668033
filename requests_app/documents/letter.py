"""What every letter is made of: the `Letter` a builder returns, the kinds and their titles, and
the phrases the letters share (a date in words, how the applicant is addressed)."""

from dataclasses import dataclass, field

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


def date_text(day):
    """ "2025年4月1日", or "" for no day."""
    return f"{day:%Y年%m月%d日}".replace("年0", "年").replace("月0", "月") if day else ""


def you(r):
    """How a letter addresses the applicant: 您 for a person, 贵单位 for an organisation."""
    return "贵单位" if r.is_organisation else "您"


def request_line(r):
    return f"{you(r)}于{date_text(r.received_on)}向本机关提出的政府信息公开申请（申请编号：{r.number}）"


def make_letter(r, kind, paragraphs, date, addressee=None, facts=()):
    """A letter of `kind` about request `r`, from its agency to the applicant (or `addressee`)."""
    return Letter(
        title=KINDS[kind],
        addressee=addressee or f"{r.applicant_name}：",
        paragraphs=paragraphs,
        agency=r.agency.name,
        date=date,
        number=r.number,
        facts=list(facts),
    )
