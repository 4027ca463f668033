"""Personal data in text: what counts as a hit, and how it is masked (docs/catalog.md §6).

`find(text)` returns the personal data found in a text: 身份证号 (18 digits with the ISO 7064
MOD 11-2 check digit and a real birth date, or the old 15-digit form with a real birth date),
mobile numbers, fixed-line numbers (written with an area code), bank card numbers (16 to 19
digits starting 3-6 and passing the Luhn check) and e-mail addresses. `mask(text)` replaces each hit by its
masked form in the national style of the 去标识化 notices: 138****1234, 35*************123.

The rules err on the side of finding: a number that looks like a 身份证号 but belongs to
somebody's office still blocks publication until the 审核人 accepts it with a reason
(catalog/screening.py). Numbers inside longer runs of letters and digits (统一社会信用代码,
索引号, 文号) are not split into hits.
"""

import datetime
import hashlib
import re
from dataclasses import dataclass

from stdnum import luhn
from stdnum.cn import ric
from stdnum.exceptions import ValidationError as NumberError


class Kind:
    ID_CARD = "身份证号"
    MOBILE = "手机号码"
    LANDLINE = "固定电话"
    BANK_CARD = "银行卡号"
    EMAIL = "电子邮箱"


# A value is not preceded or followed by a letter, a digit, another piece of the same number,
# or a "/" (numbers in paths are codes: /reports/<统一社会信用代码>/2025/). Each pattern starts
# with the character class of its first character and checks what precedes it just after
# (`(?<![…].)`): a pattern that starts with a character class lets the regex engine skip
# ahead to candidates, one that starts with a look-behind tries every position (3x slower).
_NOT_BEFORE = r"(?<![0-9A-Za-z_\-+*/].)"
_END = r"(?![0-9A-Za-z_*/])"

_ID_CARD = re.compile(r"(\d" + _NOT_BEFORE + r"(?:\d{16}[0-9Xx]|\d{14}))" + _END)
_MOBILE = re.compile(
    r"([+81]"
    + _NOT_BEFORE
    + r"(?:(?<=\+)86[ -]?1|(?<=8)6[ -]?1|(?<=1))[3-9]\d(?:[ -]?\d{4}){2})"
    + _END
)
# An area code (010, 02x, 0xxx) in brackets or followed by a hyphen, then 7-8 digits,
# optionally an extension. Without a separator 11-12 digits are too often other numbers.
_LANDLINE = re.compile(
    r"([（(0]" + _NOT_BEFORE + r"(?:(?<=[（(])0\d{2,3}[）)] ?|(?<=0)\d{2,3}-)"
    r"[2-9]\d{2,3}-?\d{4}(?:[-转]\d{1,5})?)" + _END
)
_BANK_CARD = re.compile(r"(\d" + _NOT_BEFORE + r"\d{3}(?:[ -]?\d{4}){3}(?:[ -]?\d{1,3})?)" + _END)
_EMAIL = re.compile(
    r"([A-Za-z0-9](?<![A-Za-z0-9._%+-].)[A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})"
)


@dataclass(frozen=True)
class Hit:
    """One piece of personal data in a text: where (start, end), what kind, the value."""

    kind: str
    start: int
    end: int
    value: str

    @property
    def masked(self):
        return mask_value(self.kind, self.value)

    @property
    def digest(self):
        """Names the value without storing it: an acceptance refers to a value by this."""
        return value_digest(self.kind, self.value)


def value_digest(kind, value):
    normalised = _digits(value) if kind != Kind.EMAIL else value.lower()
    return hashlib.sha256(f"{kind}:{normalised}".encode()).hexdigest()[:32]


def _digits(text):
    return re.sub(r"[^0-9Xx]", "", text).upper()


def is_id_card(number):
    """18 digits with a right check digit and a real birth date, or 15 digits with a real one."""
    number = number.upper()
    if len(number) == 15:
        if not number.isdigit():
            return False
        # The 1999 conversion: 19 inserted before the two-digit year, then a check digit.
        number = number[:6] + "19" + number[6:]
        number += ric.calc_check_digit(number + "0")
    if len(number) != 18 or not number[:17].isdigit():
        return False
    try:
        if number[-1] != ric.calc_check_digit(number):
            return False
        born = ric.get_birth_date(number)
    except NumberError:
        return False
    return datetime.date(1900, 1, 1) <= born <= datetime.date.today()


def _is_bank_card(value):
    # Payment cards start with 3-6 (银联 62, Visa 4, Mastercard 5, JCB 35); codes of 机关
    # (统一社会信用代码 11…) that happen to pass the Luhn check are not cards.
    digits = _digits(value)
    return (
        16 <= len(digits) <= 19
        and digits.isdigit()
        and digits[0] in "3456"
        and luhn.is_valid(digits)
    )


def find(text):
    """The personal data in `text`, in order of position, without overlaps."""
    if not text:
        return []
    found = []
    for match in _ID_CARD.finditer(text):
        if is_id_card(match.group(1)):
            found.append(Hit(Kind.ID_CARD, match.start(1), match.end(1), match.group(1)))
    for match in _BANK_CARD.finditer(text):
        if _is_bank_card(match.group(1)):
            found.append(Hit(Kind.BANK_CARD, match.start(1), match.end(1), match.group(1)))
    for pattern, kind in ((_MOBILE, Kind.MOBILE), (_LANDLINE, Kind.LANDLINE), (_EMAIL, Kind.EMAIL)):
        for match in pattern.finditer(text):
            found.append(Hit(kind, match.start(1), match.end(1), match.group(1)))
    # 身份证号 and bank cards were added first: an overlapping phone-like part of them is dropped.
    kept, taken = [], []
    for hit in found:
        if not any(hit.start < end and start < hit.end for start, end in taken):
            kept.append(hit)
            taken.append((hit.start, hit.end))
    return sorted(kept, key=lambda hit: hit.start)


def mask_value(kind, value):
    """The masked form of one value (the digits kept follow the national notices' examples)."""
    if kind == Kind.EMAIL:
        local, _, domain = value.partition("@")
        return f"{local[0]}***@{domain}"
    digits = _digits(value)
    if kind == Kind.ID_CARD:
        return _keep(value, 2, 3)  # 35*************123
    if kind == Kind.MOBILE:
        prefix = len(digits) - 11  # +86
        return _keep(value, prefix + 3, 4)  # 138****1234
    if kind == Kind.LANDLINE:
        area = 3 if digits[:2] in ("01", "02") else 4  # 010, 02x: three digits
        return _keep(value, area, len(digits) - area - 4)  # 0564-****000: four digits hidden
    return _keep(value, 4, 4)  # bank card: 6222***********0123


def _keep(value, head, tail):
    """Keep the first `head` and the last `tail` digits; every other digit becomes *."""
    total = sum(char.isalnum() for char in value)
    out, seen = [], 0
    for char in value:
        if char.isalnum():
            seen += 1
            if head < seen <= total - tail:
                char = "*"
        out.append(char)
    return "".join(out)


def mask(text, keep=frozenset()):
    """`text` with every hit masked, except values whose digest is in `keep` (accepted ones)."""
    out, last = [], 0
    for hit in find(text):
        if hit.digest in keep:
            continue
        out.append(text[last : hit.start])
        out.append(hit.masked)
        last = hit.end
    out.append(text[last:])
    return "".join(out)


def in_context(text, width=12):
    """[(hit, context)]: each hit with a few characters around it, every hit in them masked.

    Shows staff where to look without repeating any value, not even a neighbour's.
    """
    hits = find(text)
    pieces, spans, last, length = [], [], 0, 0
    for hit in hits:
        pieces.append(text[last : hit.start])
        length += hit.start - last
        spans.append((length, length + len(hit.masked)))
        pieces.append(hit.masked)
        length += len(hit.masked)
        last = hit.end
    pieces.append(text[last:])
    masked = "".join(pieces)
    out = []
    for hit, (start, end) in zip(hits, spans, strict=True):
        before = " ".join(masked[max(0, start - width) : start].split())
        after = " ".join(masked[end : end + width].split())
        out.append((hit, f"…{before}{hit.masked}{after}…"))
    return out
