from django.urls import include, path

from . import public_urls, reminder_views, views

app_name = "reports"

# One report page per agency and year; `all/` is the same report summed over the subtree.
staff_patterns = [
    path("", views.report_list, name="list"),
    path("unpublished/", reminder_views.unpublished_list, name="unpublished"),
    path("<int:pk>/<int:year>/", views.report_detail, name="detail"),
    path("<int:pk>/<int:year>/xlsx/", views.report_xlsx, name="xlsx"),
    path("<int:pk>/<int:year>/override/", views.override_check, name="override"),
    path(
        "<int:pk>/<int:year>/all/", views.report_detail, {"subordinates": True}, name="detail_all"
    ),
    path(
        "<int:pk>/<int:year>/all/xlsx/", views.report_xlsx, {"subordinates": True}, name="xlsx_all"
    ),
    path(
        "<int:pk>/<int:year>/all/override/",
        views.override_check,
        {"subordinates": True},
        name="override_all",
    ),
]

staff_patterns += public_urls.staff_patterns  # 发布, 撤回

urlpatterns = [
    path("staff/reports/", include(staff_patterns)),
    path("reports/", include(public_urls.public_patterns)),  # published reports, public
]
