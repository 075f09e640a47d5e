from django.urls import path

from economics import views

app_name = "economics"
urlpatterns = [
    path("ansoegninger/", views.WorklistView.as_view(), name="worklist"),
    path(
        "ansoegninger/<uuid:public_id>/", views.ApplicationDetailView.as_view(), name="application"
    ),
    path("ansoegninger/<uuid:public_id>/afgoerelse/", views.DecideView.as_view(), name="decide"),
    path(
        "ansoegninger/<uuid:public_id>/udbetaling/",
        views.PaymentRecordView.as_view(),
        name="payment_record",
    ),
    path("afgoerelser/<uuid:public_id>/brev/", views.LetterView.as_view(), name="letter"),
    path("afgoerelser/<uuid:public_id>/brev.pdf", views.LetterPdfView.as_view(), name="letter_pdf"),
    path(
        "familier/<uuid:public_id>/udgifter/ny/",
        views.CostApplicationCreateView.as_view(),
        name="cost_application_add",
    ),
    path(
        "familier/<uuid:public_id>/tabt-arbejdsfortjeneste/ny/",
        views.LostEarningsApplicationCreateView.as_view(),
        name="lost_earnings_application_add",
    ),
    path(
        "anbringelser/<uuid:public_id>/vederlag/ny/",
        views.FeeAgreementCreateView.as_view(),
        name="fee_add",
    ),
    path("vederlag/<uuid:public_id>/tildel/", views.FeeAssignView.as_view(), name="fee_assign"),
    path(
        "vederlag/<uuid:public_id>/genforhandling/",
        views.FeeRenegotiationView.as_view(),
        name="fee_renegotiate",
    ),
    path(
        "genforhandlinger/<uuid:public_id>/afslut/",
        views.FeeConcludeView.as_view(),
        name="fee_conclude",
    ),
    path("udbetalinger/", views.PaymentListView.as_view(), name="payment_list"),
    path("tal/", views.FiguresView.as_view(), name="figures"),
]
