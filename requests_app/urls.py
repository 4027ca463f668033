from django.urls import include, path

from . import ledger_views, public_views, routing_views, to_catalog_views, views

app_name = "requests_app"

# The staff workbench (views.py), under /staff/requests/.
staff_patterns = [
    path("", views.worklist, name="worklist"),
    path("new/", views.register, name="register"),
    path("new/on-the-spot/", views.on_the_spot, name="on_the_spot"),
    path("ledger/import/", ledger_views.ledger_import, name="ledger_import"),
    path(
        "ledger/import/confirm/", ledger_views.ledger_import_confirm, name="ledger_import_confirm"
    ),
    path("ledger/export/", ledger_views.ledger_export, name="ledger_export"),
    path("cases/import/", ledger_views.cases_import, name="cases_import"),
    path("cases/import/confirm/", ledger_views.cases_import_confirm, name="cases_import_confirm"),
    path("routing/", routing_views.to_route, name="routing"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/to-catalog/", to_catalog_views.draft, name="to_catalog"),
    path("to-catalog/candidates/", to_catalog_views.candidates, name="to_catalog_candidates"),
    path("<int:pk>/routing/<slug:name>/", routing_views.act, name="routing_act"),
    path("<int:pk>/do/<slug:name>/", views.action, name="action"),
    path("<int:pk>/reset-code/", views.reset_code, name="reset_code"),
    path("<int:pk>/attachments/", views.add_attachment, name="add_attachment"),
    path("<int:pk>/attachments/<int:attachment_pk>/", views.attachment, name="attachment"),
    path("<int:pk>/documents/<slug:kind>/", views.document, name="document"),
    path("<int:pk>/documents/<slug:kind>/<int:record_id>/", views.document, name="document"),
]

# The applicants' pages (public_views.py): no account, no personal data in any URL.
public_patterns = [
    path("apply/", public_views.choose_agency, name="apply"),
    path("apply/receipt/", public_views.receipt, name="apply_receipt"),
    path("apply/suggest/", public_views.suggest, name="apply_suggest"),
    path("apply/<str:code>/", public_views.apply, name="apply_form"),
    path("track/", public_views.track, name="track"),
    path("track/end/", public_views.track_end, name="track_end"),
    path(
        "track/attachments/<int:attachment_pk>/",
        public_views.track_attachment,
        name="track_attachment",
    ),
    path("track/documents/<slug:kind>/", public_views.track_document, name="track_document"),
    path(
        "track/documents/<slug:kind>/<int:record_id>/",
        public_views.track_document,
        name="track_document",
    ),
]

urlpatterns = [path("staff/requests/", include(staff_patterns)), *public_patterns]
