from django.urls import path

from . import attachment_views, feeds, search_views, views
from .caching import public_page

app_name = "catalog"

urlpatterns = [
    path("", views.home, name="home"),
    path("catalog/", views.item_list, name="list"),
    path("search/", search_views.search_page, name="search"),
    path("agencies/", views.agency_list, name="agency_list"),
    path("agencies/switch/", views.agency_switch, name="agency_switch"),
    path("agencies/<str:code>/", views.agency_detail, name="agency"),
    path("agencies/<str:code>/guide/", views.agency_guide, name="agency_guide"),
    path("agencies/<str:code>/rules/", views.agency_rules, name="agency_rules"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    # MEDIA_URL: attachments, checked against their item (attachment_views.py).
    path("media/<path:name>", attachment_views.attachment_file, name="attachment_file"),
    path("feeds/latest/", public_page(feeds.LatestFeed()), name="latest_feed"),
    path("feeds/agencies/<str:code>/", public_page(feeds.AgencyFeed()), name="agency_feed"),
    path("feeds/directories/<int:pk>/", public_page(feeds.DirectoryFeed()), name="directory_feed"),
    path(
        "feeds/agencies/<str:code>/directories/<int:pk>/",
        public_page(feeds.DirectoryFeed()),
        name="agency_directory_feed",
    ),
]
