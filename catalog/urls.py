from django.urls import path

from . import views

app_name = "catalog"

urlpatterns = [
    path("", views.home, name="home"),
    path("agencies/", views.agency_list, name="agency_list"),
    path("agencies/switch/", views.agency_switch, name="agency_switch"),
    path("agencies/<str:code>/", views.agency_detail, name="agency"),
    path("items/<int:pk>/", views.item_detail, name="item"),
]
