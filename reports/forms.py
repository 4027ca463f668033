"""Forms of the annual report pages: they parse; `reports.build` and the models decide."""

from django import forms
from django.utils import timezone

from . import checks
from .layout import format_fee
from .models import FIRST_YEAR, AnnualReport

MAX_COUNT = 99_999_999
MAX_TEXT = 20_000
COUNT_ERRORS = {
    "required": "请填写数量，没有请填0。",
    "invalid": "请填写整数。",
    "min_value": "不能为负数。",
    "max_value": "数量过大，请核对。",
}


def report_years():
    return list(range(timezone.localdate().year, FIRST_YEAR - 1, -1))


def default_year():
    """Reports are written early in the year about the year before."""
    return timezone.localdate().year - 1


class YearForm(forms.Form):
    year = forms.TypedChoiceField(label="年度", coerce=int, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, f"{y}年") for y in report_years()]
        # The menu names the year of the table below it, also before anything is chosen.
        self.fields["year"].initial = default_year()
        self.fields["year"].error_messages["invalid_choice"] = "请选择列表中的年度。"

    def chosen_year(self):
        return (self.cleaned_data.get("year") if self.is_bound else None) or default_year()


def _count(label):
    return forms.IntegerField(
        label=label, min_value=0, max_value=MAX_COUNT, error_messages=COUNT_ERRORS
    )


def _text(label, rows, help_text=""):
    return forms.CharField(
        label=label,
        required=False,
        max_length=MAX_TEXT,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"max_length": f"不能超过{MAX_TEXT}字。"},
    )


class ReportForm(forms.ModelForm):
    """The figures other business systems know, and the prose of 一, 五 and 六."""

    licences = _count("行政许可（本年处理决定数量）")
    penalties = _count("行政处罚（本年处理决定数量）")
    coercions = _count("行政强制（本年处理决定数量）")
    fees = forms.DecimalField(
        label="行政事业性收费（本年收费金额，万元）",
        min_value=0,
        max_digits=14,
        decimal_places=4,
        help_text="以万元为单位，可保留四位小数，如 0.12",
        error_messages={
            "required": "请填写金额，没有请填0。",
            "invalid": "请填写数字，如 0.12。",
            "min_value": "不能为负数。",
            "max_decimal_places": "最多保留四位小数（即精确到元）。",
            "max_digits": "金额过大，请核对。",
            "max_whole_digits": "金额过大，请核对。",
        },
    )
    overview = _text("一、总体情况", 10, "可在系统生成的草稿基础上修改")
    problems = _text("五、存在的主要问题及改进情况", 6)
    other_matters = _text("六、其他需要报告的事项", 4, "包括信息处理费收取情况")

    class Meta:
        model = AnnualReport
        fields = [
            "licences",
            "penalties",
            "coercions",
            "fees",
            "overview",
            "problems",
            "other_matters",
            "cases_filed_earlier",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Stored with four decimals; shown as entered (0.12, not 0.1200).
        self.initial["fees"] = format_fee(self.initial.get("fees") or 0)


class OverrideForm(forms.Form):
    """Accept a failing check with a reason, so that the report may be published."""

    key = forms.ChoiceField(choices=[(key, title) for key, title in checks.TITLES.items()])
    reason = forms.CharField(
        label="理由",
        min_length=4,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": "请说明为什么接受这项未通过的校验。",
            "min_length": "理由过短，请说明具体原因。",
            "max_length": "理由不能超过500字。",
        },
    )

    def __init__(self, *args, results=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.results = {result.key: result for result in results}
        self.fields["key"].error_messages["invalid_choice"] = "没有这项校验。"

    def clean_key(self):
        key = self.cleaned_data["key"]
        result = self.results.get(key)
        if result is None or result.passed:
            raise forms.ValidationError("这项校验已经通过，无需确认。")
        return key
