from django.urls import path

from hotline import views

app_name = "hotline"
urlpatterns = [
    path("", views.RegisterSearchView.as_view(), name="register"),
    path("ny/ukendt/", views.CallRegisterView.as_view(), name="register_unknown"),
    path("ny/<uuid:public_id>/", views.CallRegisterView.as_view(), name="register_family"),
    path("mine-opkald/", views.MyCallsView.as_view(), name="my_calls"),
    path(
        "uden-for-aabningstid/ny/",
        views.OutOfHoursContactView.as_view(),
        name="out_of_hours_contact",
    ),
    path("opfoelgning/", views.InboxView.as_view(), name="inbox"),
    path("opkald/<uuid:public_id>/", views.CallDetailView.as_view(), name="call_detail"),
    path(
        "opkald/<uuid:public_id>/udfoert/", views.FollowUpDoneView.as_view(), name="follow_up_done"
    ),
    path(
        "opkald/<uuid:public_id>/omfordel/",
        views.FollowUpReassignView.as_view(),
        name="follow_up_reassign",
    ),
    path("alle/", views.CallListView.as_view(), name="call_list"),
    path("tal/", views.CallStatsView.as_view(), name="stats"),
    path("opfoelgninger/", views.FollowUpListView.as_view(), name="follow_ups"),
    path("fordeling/", views.UnassignedView.as_view(), name="unassigned"),
    path("levering/", views.DeliveryProblemsView.as_view(), name="deliveries"),
    path("fravaer/", views.AbsenceListView.as_view(), name="absences"),
    path("fravaer/ny/", views.AbsenceCreateView.as_view(), name="absence_add"),
]
