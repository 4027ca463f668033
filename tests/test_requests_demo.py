import pytest
from django.core.management import call_command

from requests_app.models import Request


@pytest.mark.django_db
def test_seed_demo_adds_requests_once(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    count = Request.objects.count()
    assert count > 100
    assert (
        Request.objects.filter(status=Request.Status.CLOSED).values("outcome").distinct().count()
        >= 18
    )
    call_command("seed_demo")
    assert Request.objects.count() == count
