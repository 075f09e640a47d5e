from django.urls import path

from fostercare.dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("", views.StartView.as_view(), name="start"),
    path("plejefamilier/mine/", views.MyFamiliesView.as_view(), name="my_families"),
    path("overblik/", views.OverviewView.as_view(), name="overview"),
    path("overblik/<slug:slug>/", views.ThemeView.as_view(), name="theme"),
]
