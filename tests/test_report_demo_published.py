import pytest
from django.core.management import call_command

# Loaded now, with DEBUG off: seed_demo (DEBUG on) reverses URLs when it publishes a report,
# and a URLconf first loaded with DEBUG on would keep the media route for good.
import disclosure_portal.urls  # noqa: F401, E402
from organisation.models import Agency
from reports.models import ReportRevision


@pytest.mark.django_db
def test_the_demo_shows_a_published_county_report_with_charts(settings, client):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")  # idempotent: published once
    # The URLconf may load in this test: with DEBUG on it would add the media route for good.
    settings.DEBUG = False
    revision = ReportRevision.objects.get()
    assert (revision.report.year, revision.report.with_subordinates) == (2024, True)
    assert all(check["passed"] for check in revision.snapshot["checks"])
    county = Agency.objects.get(name="舒城县人民政府")
    html = client.get(f"/reports/{county.credit_code}/2024/all/").content.decode()
    assert "舒城县人民政府2024年政府信息公开工作年度报告（含下级机关）" in html
    assert html.count('<svg class="chart-svg"') == 3 and "4517" in html
    assert "（请补充）" not in html
    listing = client.get(f"/reports/{county.credit_code}/").content.decode()
    assert f'href="/reports/{county.credit_code}/2024/all/"' in listing
