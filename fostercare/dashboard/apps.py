from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    """The composition layer: pages built from several apps' selectors (the start
    pages, the managers' dashboards). The only app that may import every other."""

    name = "fostercare.dashboard"
    label = "dashboard"
    verbose_name = _("Start pages and dashboards")
