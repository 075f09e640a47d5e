from django.urls import path

from support import views

app_name = "support"
urlpatterns = [
    path("", views.GroupListView.as_view(), name="groups"),
    path("grupper/ny/", views.GroupCreateView.as_view(), name="group_create"),
    path("grupper/<uuid:public_id>/", views.GroupDetailView.as_view(), name="group_detail"),
    path("grupper/<uuid:public_id>/familie/", views.MemberAddView.as_view(), name="member_add"),
    path("grupper/<uuid:public_id>/status/", views.GroupStateView.as_view(), name="group_state"),
    path("grupper/<uuid:public_id>/moede/", views.MeetingAddView.as_view(), name="meeting_add"),
    path(
        "familie/<uuid:public_id>/mentorer/",
        views.MentorSearchView.as_view(),
        name="mentor_search",
    ),
    path(
        "familie/<uuid:public_id>/mentor/ny/",
        views.PairingCreateView.as_view(),
        name="pairing_create",
    ),
    path("mentorer/<uuid:public_id>/", views.PairingDetailView.as_view(), name="pairing_detail"),
    path(
        "mentorer/<uuid:public_id>/opfoelgning/",
        views.CheckInAddView.as_view(),
        name="check_in_add",
    ),
    path("familie/<uuid:public_id>/maal/ny/", views.GoalCreateView.as_view(), name="goal_create"),
    path("maal/<uuid:public_id>/", views.GoalReviewView.as_view(), name="goal_review"),
    path("daekning/", views.CoverageView.as_view(), name="coverage"),
]
