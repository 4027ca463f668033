import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

# Loaded now, with DEBUG off: seed_demo (DEBUG on) reverses URLs when it publishes a report,
# and a URLconf first loaded with DEBUG on would keep the media route for good.
import disclosure_portal.urls  # noqa: F401, E402
from organisation.models import Agency
from reports.build import build_report
from reports.models import AnnualReport


@pytest.mark.django_db
def test_the_demo_county_has_a_2025_report_that_reconciles(settings, client):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")  # idempotent: one report per agency, year and scope
    # The URLconf may load in this test: with DEBUG on it would add the media route for good.
    settings.DEBUG = False
    assert AnnualReport.objects.filter(year=2025).count() == 3
    county = Agency.objects.get(name="舒城县人民政府")
    built = build_report(county, 2025, with_subordinates=True)
    assert built.report.licences > 0 and built.report.fees > 0 and built.report.problems
    assert built.data.section3["total"]["total"] > 20
    assert all(result.passed for result in built.results), [r.explanation for r in built.results]
    client.force_login(User.objects.get(username="gongkaiban"))
    page = client.get(f"/staff/reports/{county.pk}/2025/all/").content.decode()
    assert "6项校验全部通过" in page and "4862" in page
