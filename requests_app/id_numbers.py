"""Checks of the identity numbers an applicant gives (条例第二十九条: 身份证明).

居民身份证 (GB 11643-1999): 17 digits (6 for the address, 8 for the birth date, 3 for the
serial) and a check character. 统一社会信用代码: `organisation.credit_code`.
"""

import datetime

from django.utils import timezone

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"  # indexed by the weighted sum mod 11


def normalize(number):
    """Upper case, without spaces or the hyphens people type between groups."""
    return "".join(str(number).split()).replace("-", "").upper()


def resident_id_check_character(first17):
    return CHECK[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


def resident_id_problem(number):
    """Say in Chinese what is wrong with an 18-character 居民身份证号码, or None if it is valid."""
    if len(number) == 15 and number.isdigit():
        return "15位身份证号码已停止使用，请填写18位居民身份证号码"
    if len(number) != 18:
        return f"居民身份证号码应为18位，当前为{len(number)}位"
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        return "居民身份证号码前17位应为数字，最后一位为数字或X"
    try:
        born = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return "居民身份证号码中的出生日期无效，请核对"
    if born > timezone.localdate() or born.year < 1900:
        return "居民身份证号码中的出生日期无效，请核对"
    if resident_id_check_character(number[:17]) != number[17]:
        return "居民身份证号码校验位错误，请核对后重新输入"
    return None
