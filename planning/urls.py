from django.urls import path

from planning import views

app_name = "planning"
urlpatterns = [
    path("boern/<uuid:public_id>/netvaerk/", views.NetworkView.as_view(), name="network"),
    path(
        "boern/<uuid:public_id>/netvaerk/person/ny/",
        views.NetworkPersonAddView.as_view(),
        name="person_add",
    ),
    path(
        "boern/<uuid:public_id>/netvaerk/person/<uuid:person_id>/",
        views.NetworkPersonEditView.as_view(),
        name="person_edit",
    ),
    path(
        "boern/<uuid:public_id>/netvaerk/moede/ny/",
        views.NetworkMeetingAddView.as_view(),
        name="meeting_add",
    ),
    path("boern/<uuid:public_id>/behov/", views.NeedsProfileView.as_view(), name="needs"),
    path("boern/<uuid:public_id>/matching/", views.MatchingView.as_view(), name="matching"),
    path("boern/<uuid:public_id>/anbring/", views.PlaceView.as_view(), name="place"),
    path(
        "familier/<uuid:public_id>/profil/",
        views.FamilyProfileView.as_view(),
        name="family_profile",
    ),
]
