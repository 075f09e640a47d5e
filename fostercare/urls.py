from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from fostercare.health import health, health_workers

admin.site.site_header = _("Foster care – administration")
admin.site.site_title = _("Foster care")
admin.site.index_title = _("Administration")

urlpatterns = [
    path("", include("fostercare.dashboard.urls")),
    path("", include("fostercare.accounts.urls")),
    path("boern/", include("cases.urls")),
    path("plejefamilier/", include("families.urls")),
    path("akuttelefon/", include("hotline.urls")),
    path("supervision/", include("supervision.urls")),
    path("oekonomi/", include("economics.urls")),
    path("stoette/", include("support.urls")),
    path("planlaegning/", include("planning.urls")),
    path("arbejdsdage/", include("fostercare.workdays.urls")),
    path("sprog/", include("django.conf.urls.i18n")),
    path("health/", health, name="health"),
    path("health/workers/", health_workers, name="health_workers"),
    path(settings.ADMIN_URL, admin.site.urls),
]
