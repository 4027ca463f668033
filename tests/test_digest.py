"""The staff daily digest (send_digest) through a local SMTP server: one mail per person, only
their own agencies, nothing when nothing waits, never twice a day; 督办 repeated until the
request moves."""

import pytest
from django.core.management import call_command

from tests.requesting import freeze_today, make_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(make_staff, county, agency_a, agency_b):
    def staff(name, roles, agency):
        user = make_staff(name, roles=roles, agencies=[agency])
        user.email = f"{name}@example.gov.cn"
        user.save()
        return user

    return {
        "handler_a": staff("banli_a", ["办理人"], agency_a),
        "other_a": staff("banli_a2", ["办理人"], agency_a),
        "handler_b": staff("banli_b", ["办理人"], agency_b),
        "head_a": staff("fuzeren_a", ["负责人"], agency_a),
        "office": staff("gongkaiban", ["公开办", "负责人"], county),
    }


def test_digest_lists_each_persons_own_work_once_a_day(
    monkeypatch, smtp_server, people, agency_a, agency_b, county
):
    freeze_today(monkeypatch, "2025-02-20")
    overdue, _ = make_request(agency_a, received_on="2025-01-10", notify_by="none")
    soon, _ = make_request(agency_a, received_on="2025-01-24", notify_by="none")
    make_request(agency_b, received_on="2025-02-19", notify_by="none")  # nothing due yet
    overdue.assign(people["handler_a"], people["handler_a"])
    soon.assign(people["other_a"], people["other_a"])
    freeze_today(monkeypatch, "2025-02-20")
    call_command("send_digest")
    mine = smtp_server.to("banli_a@example.gov.cn")
    assert len(mine) == 1
    body = smtp_server.body(mine[0])
    assert overdue.number in body and soon.number not in body and "已超期" in body
    assert soon.number in smtp_server.body(smtp_server.to("banli_a2@example.gov.cn")[0])
    assert not smtp_server.to("banli_b@example.gov.cn")  # nothing waits: no mail
    head = smtp_server.body(smtp_server.to("fuzeren_a@example.gov.cn")[0])
    assert overdue.number in head and soon.number in head
    office = smtp_server.body(smtp_server.to("gongkaiban@example.gov.cn")[0])
    assert overdue.number in office
    count = len(smtp_server.messages)
    call_command("send_digest")  # the same day again: nothing sent twice
    assert len(smtp_server.messages) == count


def test_digest_repeats_supervision_until_the_request_moves(
    monkeypatch, smtp_server, people, agency_a
):
    freeze_today(monkeypatch, "2025-03-03")
    obj, _ = make_request(agency_a, received_on="2025-03-03", notify_by="none")
    obj.supervise(people["office"], "请尽快办理", __import__("datetime").date(2025, 3, 10))
    call_command("send_digest")
    body = smtp_server.body(smtp_server.to("banli_a@example.gov.cn")[0])
    assert "督办" in body and "请尽快办理" in body
    freeze_today(monkeypatch, "2025-03-04")
    call_command("send_digest")
    assert "请尽快办理" in smtp_server.body(smtp_server.to("banli_a@example.gov.cn")[-1])
    obj.assign(people["handler_a"], people["handler_a"])  # the request moves
    freeze_today(monkeypatch, "2025-03-05")
    before = len(smtp_server.to("banli_a@example.gov.cn"))
    call_command("send_digest")
    assert len(smtp_server.to("banli_a@example.gov.cn")) == before


def test_digest_tells_the_receiving_agency_what_waits_for_signing(
    monkeypatch, smtp_server, people, county, agency_a
):
    freeze_today(monkeypatch, "2025-03-03")
    obj, _ = make_request(county, received_on="2025-03-03", notify_by="none")
    call_command("send_digest")
    assert "待分办" in smtp_server.body(smtp_server.to("gongkaiban@example.gov.cn")[0])
    obj.route(people["office"], agency_a, "属财政局")
    freeze_today(monkeypatch, "2025-03-04")
    call_command("send_digest")
    body = smtp_server.body(smtp_server.to("banli_a@example.gov.cn")[-1])
    assert "待签收" in body and obj.number in body
    assert not smtp_server.to("banli_b@example.gov.cn")
