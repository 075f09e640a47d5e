from django.urls import path

from supervision import views

app_name = "supervision"
urlpatterns = [
    path("sessioner/", views.SessionListView.as_view(), name="sessions"),
    path("sessioner/ny/", views.SessionLogView.as_view(), name="session_add"),
    path(
        "sessioner/vaelg-familie/",
        views.SessionFamilyPickerView.as_view(),
        name="session_family_picker",
    ),
    path(
        "sessioner/vaelg-deltager/",
        views.SessionMemberPickerView.as_view(),
        name="session_member_picker",
    ),
    path(
        "kurser/vaelg-deltager/", views.EnrolMemberPickerView.as_view(), name="enrol_member_picker"
    ),
    path("sessioner/<uuid:public_id>/", views.SessionDetailView.as_view(), name="session_detail"),
    path(
        "sessioner/<uuid:public_id>/noter/", views.SessionNotesView.as_view(), name="session_notes"
    ),
    path(
        "familier/<uuid:public_id>/forloeb/ny/",
        views.SupervisionCourseCreateView.as_view(),
        name="course_add",
    ),
    path(
        "familier/<uuid:public_id>/forloeb/<uuid:course_id>/forlaeng/",
        views.SupervisionCourseExtendView.as_view(),
        name="course_extend",
    ),
    path(
        "familier/<uuid:public_id>/undtagelse/",
        views.ExceptionCreateView.as_view(),
        name="exception_add",
    ),
    path("supervisor/", views.SupervisorHomeView.as_view(), name="supervisor_home"),
    path("kurser/", views.CourseListView.as_view(), name="courses"),
    path("kurser/ny/", views.CourseKindCreateView.as_view(), name="course_kind_add"),
    path("kurser/hold/ny/", views.CourseRunCreateView.as_view(), name="run_add"),
    path("kurser/hold/<uuid:public_id>/", views.CourseRunDetailView.as_view(), name="run_detail"),
    path("kurser/hold/<uuid:public_id>/tilmeld/", views.EnrolView.as_view(), name="enrol"),
    path(
        "kurser/hold/<uuid:public_id>/fremmoede/",
        views.AttendanceView.as_view(),
        name="attendance",
    ),
    path("aarshjul/", views.YearPlanView.as_view(), name="year_plan"),
    path("daekning/", views.CoverageView.as_view(), name="coverage"),
]
