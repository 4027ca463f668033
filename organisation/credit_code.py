"""统一社会信用代码 (GB 32100-2015): 18 characters, the last one a check character."""

from django.core.exceptions import ValidationError

# GB 32100-2015 leaves out I, O, Z, S and V so that codes are not misread.
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def check_character(first17):
    """Return the check character (the 18th) for the first 17 characters of a code."""
    total = sum(
        ALPHABET.index(char) * weight for char, weight in zip(first17, WEIGHTS, strict=True)
    )
    return ALPHABET[(31 - total % 31) % 31]


def credit_code_problem(code):
    """Say in Chinese what is wrong with a code, or return None if it is valid."""
    if len(code) != 18:
        return f"统一社会信用代码应为18位，当前为{len(code)}位"
    bad = sorted({char for char in code if char not in ALPHABET})
    if bad:
        return (
            "统一社会信用代码含有无效字符："
            + "、".join(bad)
            + "（只允许数字和除I、O、Z、S、V以外的大写字母）"
        )
    if check_character(code[:17]) != code[17]:
        return "统一社会信用代码校验位错误，请核对后重新输入"
    return None


def validate_credit_code(code):
    problem = credit_code_problem(code)
    if problem:
        raise ValidationError(problem, code="invalid_credit_code")
