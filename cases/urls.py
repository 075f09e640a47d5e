from django.urls import path

from cases import views

app_name = "cases"
urlpatterns = [
    path("", views.ChildListView.as_view(), name="list"),
    path("mine-sager/", views.WorklistView.as_view(), name="worklist"),
    path("anbringelser/", views.PlacementListView.as_view(), name="placements"),
    path("flytninger/", views.PlacementChangeListView.as_view(), name="changes"),
    path("ny/", views.ChildCreateView.as_view(), name="create"),
    path("<uuid:public_id>/", views.ChildDetailView.as_view(), name="detail"),
    path("<uuid:public_id>/adgangslog/", views.ChildAccessLogView.as_view(), name="access_log"),
    path("<uuid:public_id>/rediger/", views.ChildUpdateView.as_view(), name="update"),
    path("<uuid:public_id>/raadgiver/", views.CaseworkerChangeView.as_view(), name="caseworker"),
    path(
        "<uuid:public_id>/anbringelser/<uuid:placement_id>/afslut/",
        views.PlacementEndView.as_view(),
        name="placement_end",
    ),
    path("<uuid:public_id>/tilsyn/ny/", views.VisitCreateView.as_view(), name="visit_add"),
    path(
        "<uuid:public_id>/information/ny/",
        views.InformationCreateView.as_view(),
        name="information_add",
    ),
    path(
        "<uuid:public_id>/samvaer/ny/",
        views.ContactArrangementCreateView.as_view(),
        name="contact_add",
    ),
    path(
        "<uuid:public_id>/handleplan/ny/",
        views.ActionPlanCreateView.as_view(),
        name="action_plan_add",
    ),
    path(
        "<uuid:public_id>/flytning/ny/",
        views.PlacementChangeCreateView.as_view(),
        name="change_add",
    ),
    path(
        "<uuid:public_id>/flytning/<uuid:change_id>/",
        views.PlacementChangeStepsView.as_view(),
        name="change",
    ),
    path(
        "<uuid:public_id>/flytning/<uuid:change_id>/rediger/",
        views.PlacementChangeUpdateView.as_view(),
        name="change_update",
    ),
    path(
        "<uuid:public_id>/flytning/<uuid:change_id>/annuller/",
        views.PlacementChangeCancelView.as_view(),
        name="change_cancel",
    ),
    path(
        "<uuid:public_id>/flytning/<uuid:change_id>/gennemfoer/",
        views.PlacementChangeCompleteView.as_view(),
        name="change_complete",
    ),
]
