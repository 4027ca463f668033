"""Each outcome's row in section 三 is declared once, by `Outcome` (requests_app/outcomes.py); the
report's groups and numbers are read from it and reports/layout.py draws the table from them."""

from reports import layout
from reports import tables as t
from requests_app.outcomes import OUTCOME_INFO, REPORT_GROUPS, Outcome, parse_outcome


def test_the_groups_of_section_3_are_read_from_the_outcomes_in_order():
    assert [group for group, _ in REPORT_GROUPS] == [
        "（一）予以公开",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        "（三）不予公开",
        "（四）无法提供",
        "（五）不予处理",
        "（六）其他处理",
    ]
    assert [outcome for _, outcomes in REPORT_GROUPS for outcome in outcomes] == list(Outcome)
    assert [str(o) for _, outcomes in REPORT_GROUPS for o in outcomes] == t.OUTCOMES


def test_rows_are_numbered_from_one_in_each_group_and_a_single_row_has_no_number():
    """Reordering the enum without renumbering its labels (or the reverse) fails here."""
    for _group, outcomes in REPORT_GROUPS:
        numbers = [OUTCOME_INFO[outcome].number for outcome in outcomes]
        assert numbers == ([None] if len(outcomes) == 1 else list(range(1, len(outcomes) + 1)))


def test_a_label_is_its_rows_group_number_and_own_label():
    for outcome, info in OUTCOME_INFO.items():
        expected = (
            info.group if info.number is None else f"{info.group} {info.number}.{info.leaf_label}"
        )
        assert outcome.label == expected
        assert layout.row_label(str(outcome)) == outcome.label
    state_secret = OUTCOME_INFO[Outcome.STATE_SECRET]
    assert (state_secret.row, state_secret.leaf_label) == ("（三）1", "属于国家秘密")
    granted = OUTCOME_INFO[Outcome.GRANTED]
    assert (granted.row, granted.leaf_label) == ("（一）", "予以公开")


def test_the_ledger_still_reads_every_name_of_a_row():
    assert parse_outcome("（三）1属于国家秘密") == Outcome.STATE_SECRET
    assert parse_outcome("（三）不予公开 1.属于国家秘密") == Outcome.STATE_SECRET
    assert parse_outcome("不予公开-国家秘密") == Outcome.STATE_SECRET
    assert parse_outcome("予以公开") == Outcome.GRANTED
    assert parse_outcome("（六）3其他") == Outcome.OTHER
