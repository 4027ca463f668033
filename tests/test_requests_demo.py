import pytest
from django.contrib.auth.models import User
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
    # 财政局's 负责人 finds an answer whose file waits for its 保密审查 (条例第十七条)
    waiting = [
        r for r in Request.objects.filter(agency__name="舒城县财政局", status="in_progress")
        if r.answer_files() and r.answer_secrecy_review() is None
    ]  # fmt: skip
    assert len(waiting) == 1
    head = User.objects.get(username="czj_fuzeren")
    assert "secrecy" in waiting[0].allowed_actions(head)
    call_command("seed_demo")
    assert Request.objects.count() == count
