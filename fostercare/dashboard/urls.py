from django.urls import path

from fostercare.dashboard import views

app_name = "dashboard"
urlpatterns = [
    path("", views.StartView.as_view(), name="start"),
    path("plejefamilier/mine/", views.MyFamiliesView.as_view(), name="my_families"),
]
