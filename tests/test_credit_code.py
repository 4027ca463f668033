import pytest
from django.core.exceptions import ValidationError

from organisation.credit_code import check_character, credit_code_problem, validate_credit_code


@pytest.mark.parametrize(
    "code",
    ["91350100M000100Y43", "11100000000013127D", "91110000600037341L"],
)
def test_real_codes_are_valid(code):
    assert credit_code_problem(code) is None


def test_check_character_is_the_gb32100_check():
    assert check_character("91350100M000100Y4") == "3"


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("91350100M000100Y4", "应为18位"),
        ("91350100M000100Y44", "校验位错误"),
        ("91350100M000100I43", "无效字符：I"),
        ("91350100m000100y43", "无效字符"),
    ],
)
def test_bad_codes_get_a_chinese_reason(code, message):
    with pytest.raises(ValidationError) as excinfo:
        validate_credit_code(code)
    assert message in excinfo.value.messages[0]
