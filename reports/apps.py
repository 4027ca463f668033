from django.apps import AppConfig

from organisation.roles import DISCLOSURE_OFFICE, HEAD_OF_OFFICE

_REPORTING = [
    "reports.view_annualreport",
    "reports.add_annualreport",
    "reports.change_annualreport",
    "reports.publish_annualreport",
]


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "年度报告"

    # A department has no 公开办 of its own: its 负责人 signs off its annual report.
    role_permissions = {HEAD_OF_OFFICE: _REPORTING, DISCLOSURE_OFFICE: _REPORTING}
