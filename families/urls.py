from django.urls import path

from families import views

app_name = "families"
urlpatterns = [
    path("", views.FamilyListView.as_view(), name="list"),
    path("ny/", views.FamilyCreateView.as_view(), name="create"),
    path("tal/", views.FamilyStatsView.as_view(), name="stats"),
    path("vaelg-familie/", views.FamilyPickerView.as_view(), name="picker"),
    path(
        "vaelg-familie/anbringelse/",
        views.PlaceableFamilyPickerView.as_view(),
        name="placeable_picker",
    ),
    path("<uuid:public_id>/", views.FamilyDetailView.as_view(), name="detail"),
    path("<uuid:public_id>/anden-kommune/", views.FamilySharedView.as_view(), name="shared"),
    path("<uuid:public_id>/adgangslog/", views.FamilyAccessLogView.as_view(), name="access_log"),
    path("<uuid:public_id>/rediger/", views.FamilyUpdateView.as_view(), name="update"),
    path("<uuid:public_id>/konsulent/", views.ConsultantChangeView.as_view(), name="consultant"),
    path("<uuid:public_id>/medlemmer/ny/", views.MemberFormView.as_view(), name="member_add"),
    path(
        "<uuid:public_id>/medlemmer/<int:member_id>/",
        views.MemberFormView.as_view(),
        name="member_edit",
    ),
    path(
        "<uuid:public_id>/medlemmer/<int:member_id>/slet/",
        views.MemberDeleteView.as_view(),
        name="member_delete",
    ),
    path(
        "<uuid:public_id>/godkendelser/ny/", views.ApprovalFormView.as_view(), name="approval_add"
    ),
    path(
        "<uuid:public_id>/godkendelser/<uuid:approval_id>/",
        views.ApprovalFormView.as_view(),
        name="approval_edit",
    ),
    path(
        "<uuid:public_id>/vurderinger/ny/",
        views.AssessmentFormView.as_view(),
        name="assessment_add",
    ),
    path(
        "<uuid:public_id>/vurderinger/<uuid:assessment_id>/",
        views.AssessmentFormView.as_view(),
        name="assessment_edit",
    ),
    path(
        "<uuid:public_id>/vurderinger/<uuid:assessment_id>/afgoerelse/",
        views.AssessmentDecideView.as_view(),
        name="assessment_decide",
    ),
]
