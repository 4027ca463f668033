"""Routing through the county (docs/legal-rules.md §10): 待分办, 转办, 签收, 退回, 承办人, 督办,
through the staff pages; the clock keeps running from the original received date."""

import datetime

import pytest

from requests_app.models import Request, RequestEvent, RoutingMove
from tests.requesting import freeze_today, make_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def today(monkeypatch):
    return freeze_today(monkeypatch, "2025-03-20")


@pytest.fixture
def office(make_staff, county):
    return make_staff("gongkaiban", roles=["公开办", "负责人"], agencies=[county])


@pytest.fixture
def handler_a(make_staff, agency_a):
    return make_staff("banli_a", roles=["办理人"], agencies=[agency_a])


@pytest.fixture
def handler_b(make_staff, agency_b):
    return make_staff("banli_b", roles=["办理人"], agencies=[agency_b])


@pytest.fixture
def filed(county, agency_a, agency_b, today):
    obj, _ = make_request(county, received_on="2025-03-03", description="财政预算执行情况")
    return obj


def route(client, obj, agency, note="属财政局职责"):
    return client.post(
        f"/staff/requests/{obj.pk}/routing/route/", {"to_agency": agency.pk, "note": note}
    )


def test_request_filed_with_the_county_waits_in_the_office_list(client, office, filed):
    assert filed.routing == Request.Routing.TO_ROUTE and filed.filed_with_id == filed.agency_id
    client.force_login(office)
    page = client.get("/staff/requests/routing/").content.decode()
    assert filed.number in page and "没有待签收的申请" in page


def test_request_to_a_department_needs_no_routing(agency_a, today):
    obj, _ = make_request(agency_a)
    assert obj.routing == ""


def test_route_accept_and_the_clock_keeps_running(client, office, handler_a, handler_b, filed):
    due = filed.due_on
    client.force_login(office)
    response = route(client, filed, filed.agency.get_children()[0])
    assert response.status_code == 302
    filed.refresh_from_db()
    assert filed.agency.name == "舒城县财政局" and filed.routing == Request.Routing.TO_ACCEPT
    assert filed.due_on == due and filed.received_on == datetime.date(2025, 3, 3)
    # The receiving agency sees it, the 公开办 still does, the other agency does not.
    assert client.get(f"/staff/requests/{filed.pk}/").status_code == 200
    client.force_login(handler_b)
    assert client.get(f"/staff/requests/{filed.pk}/").status_code == 404
    assert client.post(f"/staff/requests/{filed.pk}/routing/accept/").status_code == 404
    client.force_login(handler_a)
    page = client.get("/staff/requests/routing/").content.decode()
    assert filed.number in page
    # Before 签收 the agency cannot answer.
    assert "answer" not in filed.allowed_actions(handler_a)
    assert client.post(f"/staff/requests/{filed.pk}/routing/accept/").status_code == 302
    filed.refresh_from_db()
    assert filed.routing == Request.Routing.ACCEPTED and filed.due_on == due
    assert "answer" in filed.allowed_actions(handler_a)
    kinds = list(filed.events.values_list("kind", flat=True))
    assert kinds[-2:] == [RequestEvent.Kind.ROUTED, RequestEvent.Kind.ACCEPTED]
    move = filed.moves.first()
    assert (move.actor, move.from_agency.name, move.to_agency.name, move.note) == (
        office,
        "舒城县人民政府",
        "舒城县财政局",
        "属财政局职责",
    )


def test_return_goes_back_to_the_office_with_the_reason(client, office, handler_a, filed):
    client.force_login(office)
    route(client, filed, filed.agency.get_children()[0])
    client.force_login(handler_a)
    response = client.post(f"/staff/requests/{filed.pk}/routing/return/", {"reason": " "})
    assert response.status_code == 400 and "请填写退回理由" in response.content.decode()
    response = client.post(
        f"/staff/requests/{filed.pk}/routing/return/", {"reason": "本局不掌握该信息"}
    )
    assert response.status_code == 302 and response["Location"] == "/staff/requests/routing/"
    filed.refresh_from_db()
    assert filed.agency.name == "舒城县人民政府" and filed.routing == Request.Routing.TO_ROUTE
    assert client.get(f"/staff/requests/{filed.pk}/").status_code == 404
    last = filed.moves.last()
    assert last.kind == RoutingMove.Kind.RETURNED and last.note == "本局不掌握该信息"
    assert "本局不掌握该信息" in filed.events.last().message


def test_route_refuses_bad_input(client, office, handler_a, make_agency, filed):
    elsewhere = make_agency("霍山县财政局")
    client.force_login(office)
    response = route(client, filed, elsewhere)
    assert response.status_code == 400
    assert "请选择本级政府所属的机关" in response.content.decode()
    response = route(client, filed, filed.agency.get_children()[0], note="")
    assert response.status_code == 400 and "请填写转办说明" in response.content.decode()
    response = client.post(
        f"/staff/requests/{filed.pk}/routing/route/", {"to_agency": "<script>", "note": "x"}
    )
    assert response.status_code == 400 and "<script>" not in response.content.decode()
    filed.refresh_from_db()
    assert filed.routing == Request.Routing.TO_ROUTE and not filed.moves.exists()
    # A 办理人 cannot route.
    client.force_login(handler_a)
    assert route(client, filed, filed.agency.get_children()[0]).status_code == 404


def test_office_can_take_on_a_request_itself(client, make_staff, county, filed):
    own = make_staff("xzf", roles=["办理人"], agencies=[county])
    client.force_login(own)
    client.post(f"/staff/requests/{filed.pk}/routing/accept/")
    filed.refresh_from_db()
    assert filed.routing == Request.Routing.ACCEPTED and filed.agency_id == county.pk


def test_tracking_page_shows_the_handling_agency(client, office, today, county, agency_a):
    obj, code = make_request(county)
    client.force_login(office)
    route(client, obj, agency_a)
    client.logout()
    client.post("/track/", {"number": obj.number, "code": code})
    page = client.get("/track/").content.decode()
    assert "已转办至舒城县财政局办理" in page


def test_assign_handler_and_filter_the_worklist(client, make_staff, agency_a, handler_a, today):
    other_agency_user = make_staff("wai", roles=["办理人"], agencies=[])
    obj, _ = make_request(agency_a, applicant_name="甲")
    make_request(agency_a, applicant_name="乙")
    client.force_login(handler_a)
    response = client.post(
        f"/staff/requests/{obj.pk}/routing/assign/", {"handler": other_agency_user.pk}
    )
    assert response.status_code == 400 and "承办人须为本机关的办理人" in response.content.decode()
    client.post(f"/staff/requests/{obj.pk}/routing/assign/", {"handler": handler_a.pk})
    obj.refresh_from_db()
    assert obj.handler == handler_a
    assert obj.events.last().kind == RequestEvent.Kind.ASSIGNED
    mine = client.get(f"/staff/requests/?handler={handler_a.pk}").content.decode()
    assert "甲" in mine and "乙" not in mine
    unassigned = client.get("/staff/requests/?handler=none").content.decode()
    assert "乙" in unassigned and ">甲<" not in unassigned
    assert "未分配" in client.get("/staff/requests/").content.decode()


def test_supervision_shows_on_the_agency_home_until_the_request_moves(
    client, office, handler_a, agency_a, today
):
    obj, _ = make_request(agency_a)
    client.force_login(office)
    response = client.post(
        f"/staff/requests/{obj.pk}/routing/supervise/",
        {"note": "请尽快答复", "expect_by": "2025-03-19"},
    )
    assert response.status_code == 400 and "不能早于今天" in response.content.decode()
    client.post(
        f"/staff/requests/{obj.pk}/routing/supervise/",
        {"note": "请尽快答复", "expect_by": "2025-03-25"},
    )
    assert obj.events.last().kind == RequestEvent.Kind.SUPERVISED
    client.force_login(handler_a)
    home = client.get("/staff/").content.decode()
    assert "请尽快答复" in home and obj.number in home
    # A 办理人 cannot issue a 督办.
    response = client.post(
        f"/staff/requests/{obj.pk}/routing/supervise/", {"note": "x", "expect_by": "2025-03-25"}
    )
    assert obj.supervisions.count() == 1 and response.status_code == 302
    client.post(f"/staff/requests/{obj.pk}/routing/assign/", {"handler": handler_a.pk})
    assert "请尽快答复" not in client.get("/staff/").content.decode()


def test_supervised_view_of_the_worklist(client, office, agency_a, today):
    obj, _ = make_request(agency_a, applicant_name="被督办者")
    make_request(agency_a, applicant_name="未督办者")
    client.force_login(office)
    client.post(
        f"/staff/requests/{obj.pk}/routing/supervise/",
        {"note": "请办理", "expect_by": "2025-03-25"},
    )
    page = client.get("/staff/requests/?view=supervised").content.decode()
    assert "被督办者" in page and "未督办者" not in page


def test_home_counts_what_waits_for_routing_and_signing(client, office, handler_a, filed):
    client.force_login(office)
    home = client.get("/staff/")
    counts = {c.label: c for p in home.context["panels"] for c in p.counts}
    assert counts["待分办"].number == 1
    listed = client.get(counts["待分办"].url)
    assert listed.context["page"].paginator.count == 1
    route(client, filed, filed.agency.get_children()[0])
    client.force_login(handler_a)
    home = client.get("/staff/")
    counts = {c.label: c for p in home.context["panels"] for c in p.counts}
    assert counts["待签收"].number == 1 and "待分办" not in counts
    assert client.get(counts["待签收"].url).context["page"].paginator.count == 1


def test_demo_seeds_a_request_to_route_and_one_to_sign_for(settings, client):
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("seed_demo", stdout=__import__("io").StringIO())
    call_command("seed_demo", stdout=__import__("io").StringIO())  # idempotent
    filed = Request.objects.filter(filed_with__name="舒城县人民政府")
    assert sorted(filed.values_list("routing", flat=True)) == ["to_accept", "to_route"]
    routed = filed.get(routing="to_accept")
    assert routed.agency.name == "舒城县财政局" and routed.supervisions.count() == 1
