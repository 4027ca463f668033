"""The access matrix for what admin widgets fetch and show (issue 17, finding 1).

Pages are walked by tests/test_access_matrix.py; the widgets on them reach further: a raw-id
field shows a label for whatever id the URL names (`?request=32`), its magnifier opens the
related list as a popup (`?_to_field=id&_popup=1`), an autocomplete box asks
/admin/autocomplete/ for matches. Each widget of every registered admin (and its inlines) must
be classified here, with what it may show to whom; `test_every_widget_is_classified` fails for
a new raw-id or autocomplete field until someone says so.

Rows: widget → (URL, text that only the listed roles may see, those roles). Agency A owns the
request, the draft and the pending item; B's staff must never see them through a widget.
"""

import json

import pytest
from django.contrib import admin

from tests.access import ROLES, SECRET_ID, SECRET_NAME, SECRET_PHONE, build_world

STAFF = {"staff_a", "staff_b", "office", "admin"}
A_AND_ABOVE = {"staff_a", "office", "admin"}

# (kind, admin model, field) → rows of (URL template, what may be shown, who may see it)
WIDGETS = {
    ("raw_id", "requests_app.case", "request"): [
        # The label beside the field on the add page (the 公开办 may not add cases: 403).
        (
            "/admin/requests_app/case/add/?request={w.request.pk}",
            "{w.request.number}",
            {"staff_a", "admin"},
        ),
        ("/admin/requests_app/case/add/?request={w.request.pk}", SECRET_NAME, {"staff_a", "admin"}),
        # The popup the magnifier opens.
        ("/admin/requests_app/request/?_to_field=id&_popup=1", "{w.request.number}", A_AND_ABOVE),
    ],
    ("autocomplete", "catalog.item", "interprets"): [
        (
            "/admin/autocomplete/?app_label=catalog&model_name=item&field_name=interprets&term=",
            "{w.draft.title}",
            A_AND_ABOVE,
        ),
        (
            "/admin/autocomplete/?app_label=catalog&model_name=item&field_name=interprets&term=",
            "{w.pending.title}",
            A_AND_ABOVE,
        ),
        # A 解读 may explain any agency's published policy: B's staff find it too.
        (
            "/admin/autocomplete/?app_label=catalog&model_name=item&field_name=interprets&term=",
            "{w.published.title}",
            STAFF,
        ),
    ],
    ("autocomplete", "catalog.item", "extra_directories"): [
        # The directory tree is shared by every agency.
        (
            "/admin/autocomplete/?app_label=catalog&model_name=item&field_name=extra_directories&term=",
            "{w.directory.name}",
            STAFF,
        ),
    ],
}


def widget_fields():
    """(kind, model label, field) of every raw-id and autocomplete field in the admin."""
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label_lower
        admins = [model_admin, *(inline(model, admin.site) for inline in model_admin.inlines)]
        for each in admins:
            for name in each.raw_id_fields:
                yield (
                    "raw_id",
                    each.model._meta.label_lower if each is not model_admin else label,
                    name,
                )
            for name in each.autocomplete_fields:
                yield (
                    "autocomplete",
                    each.model._meta.label_lower if each is not model_admin else label,
                    name,
                )


def test_every_widget_is_classified():
    unclassified = set(widget_fields()) - WIDGETS.keys()
    assert not unclassified, (
        "admin widgets nobody said who may see through; add them to tests/test_access_widgets.py:\n"
        + "\n".join(map(str, sorted(unclassified)))
    )
    assert set(WIDGETS) <= set(widget_fields()), "a classified widget no longer exists"


@pytest.fixture
def world(make_agency, make_staff):
    return build_world(make_agency, make_staff)


def shown(response, text):
    body = response.content.decode()
    if response.get("Content-Type", "").startswith("application/json"):
        body = json.dumps(response.json(), ensure_ascii=False)
    return text in body


@pytest.mark.parametrize("role", ROLES)
def test_widgets_show_only_what_the_user_may_see(world, role):
    """Before: B's staff saw A's request number and applicant's name as the raw-id label."""
    client = world.client(role)
    wrong = []
    for widget, rows in WIDGETS.items():
        for template, text, allowed in rows:
            url, text = template.format(w=world), text.format(w=world)
            response = client.get(url)
            if role in allowed and not shown(response, text):
                wrong.append(f"{widget} {url}: {text!r} missing ({response.status_code})")
            if role not in allowed and shown(response, text):
                wrong.append(f"{widget} {url}: shows {text!r}")
            if role not in allowed | {"staff_a", "office", "admin"}:
                leaked = [s for s in (SECRET_NAME, SECRET_PHONE, SECRET_ID) if shown(response, s)]
                if leaked:
                    wrong.append(f"{widget} {url}: shows personal data {leaked}")
    assert not wrong, f"as {role}:\n" + "\n".join(wrong)


def test_a_raw_id_label_for_a_made_up_id_is_empty_not_an_error(world):
    client = world.client("staff_a")
    for value in ("99999999999999999999", "abc", "-1", "1.5"):
        response = client.get(f"/admin/requests_app/case/add/?request={value}")
        assert response.status_code == 200, value
