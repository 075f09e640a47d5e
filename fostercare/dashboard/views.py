"""Pages that combine several apps: the start page of each role, "My families", and
the managers' dashboard (an overview and a page per theme, ``themes/``)."""

from django.apps import apps
from django.http import Http404, HttpResponse
from django.utils.functional import cached_property
from django.views.generic import TemplateView

from economics.selectors import expense_application_late_count, rates_missing
from families.selectors import family_list_mine
from fostercare.accounts.mixins import RoleRequiredMixin
from fostercare.accounts.models import Role
from fostercare.accounts.selectors import staff_counts_by_role, staff_list
from fostercare.audit.services import log_access_rows
from fostercare.dashboard import pages
from fostercare.dashboard.exports import table_columns, table_rows
from fostercare.dashboard.figures import Board
from fostercare.dashboard.periods import PeriodForm
from fostercare.dashboard.snapshots import page_figures
from fostercare.dashboard.themes import THEMES, theme_get
from fostercare.dashboard.themes.base import Theme
from fostercare.exports import FORMATS, export_response
from fostercare.workdays.calendar import office_status
from hotline.selectors import follow_up_inbox, notification_list_unread
from supervision.selectors import obligation_list_by_family
from support.selectors import condition_list_by_family


class StartView(RoleRequiredMixin, TemplateView):
    """The page each role lands on; its template is chosen by role."""

    permission = "start.view"

    def get_template_names(self) -> list[str]:
        return [f"dashboard/start/{self.request.user.role}.html"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(office_status(user.municipality_id, days_ahead=30))
        if user.role in (Role.CONSULTANT, Role.MANAGER):
            context["notifications"] = notification_list_unread(user=user)
        if user.role == Role.MANAGER:
            context["staff_counts"] = staff_counts_by_role(user=user)
        if user.role == Role.CONSULTANT:
            families = list(family_list_mine(user=user))
            context["my_family_count"] = len(families)
            context["expiring_families"] = [f for f in families if f.expiring]
            context["inbox"] = follow_up_inbox(user=user)
            context["late_applications"] = expense_application_late_count(user=user)
        if user.role == Role.ADMIN:
            context["rates_missing"] = rates_missing()
        return context


class MyFamiliesView(RoleRequiredMixin, TemplateView):
    """The consultant's own families with their approvals, supervision obligations and
    the support conditions due within 14 days or overdue."""

    permission = "families.mine"
    template_name = "dashboard/my_families.html"

    def get_context_data(self, **kwargs):
        families = list(family_list_mine(user=self.request.user))
        obligations = obligation_list_by_family(families)
        conditions = condition_list_by_family(families)
        for family in families:
            family.obligations = obligations[family.pk]
            family.conditions = conditions.get(family.pk, [])
        return super().get_context_data(families=families, **kwargs)


# --- the managers' dashboard ------------------------------------------------------------
class DashboardMixin(RoleRequiredMixin):
    """Managers and admins only; to every other role the dashboard does not exist (404,
    see ``permissions.PERMISSIONS["dashboard.view"]``). The period comes from the query
    string (``PeriodForm``)."""

    permission = "dashboard.view"
    not_found_if_denied = True
    scope = ""

    @cached_property
    def period_form(self) -> PeriodForm:
        user = self.request.user
        return PeriodForm(
            self.request.GET or None,
            scopes=(self.scope,) if self.scope else (),
            caseworkers=staff_list(roles=Role.CASEWORKER, user=user),
            consultants=staff_list(roles=Role.CONSULTANT, user=user),
        )

    @cached_property
    def board(self) -> Board:
        form = self.period_form
        period = form.chosen_period()
        return Board(
            user=self.request.user,
            period=period,
            previous=period.previous(),
            caseworker=form.chosen_staff("caseworker"),
            consultant=form.chosen_staff("consultant"),
        )

    def period_query(self) -> str:
        """The period part of the query string, for links between dashboard pages."""
        query = self.request.GET.copy()
        for key in ("caseworker", "consultant", "eksport"):
            query.pop(key, None)
        return query.urlencode()

    def get_context_data(self, **kwargs):
        board = self.board
        return super().get_context_data(
            form=self.period_form,
            board=board,
            period=board.period,
            previous=board.previous,
            period_query=self.period_query(),
            themes=THEMES,
            **kwargs,
        )


class OverviewView(DashboardMixin, TemplateView):
    """The key figures of every theme, with small charts; each theme has its page."""

    template_name = "dashboard/overview.html"

    def get_context_data(self, **kwargs):
        overview = page_figures(self.board, "overview", pages.overview)
        return super().get_context_data(overview=overview, **kwargs)


class ThemeView(DashboardMixin, TemplateView):
    """One theme's figures and charts, for the whole municipality or one caseworker or
    consultant; its tables download as CSV or XLSX (``?eksport=``)."""

    template_name = "dashboard/theme.html"
    scoped_objects = ("theme",)

    @cached_property
    def theme(self) -> Theme:
        theme = theme_get(self.kwargs["slug"])
        if theme is None:
            raise Http404
        return theme

    @property
    def scope(self) -> str:
        return self.theme.scope

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("eksport")
        if fmt in FORMATS:
            return self.export(fmt)
        return super().get(request, *args, **kwargs)

    @cached_property
    def sections(self):
        return page_figures(self.board, self.theme.slug, self.theme.sections)

    def export(self, fmt: str) -> HttpResponse:
        board = self.board
        rows = table_rows(self.sections)
        period, previous = board.period, board.previous
        response = export_response(
            rows=rows,
            columns=table_columns(period, previous),
            filename=f"overblik-{self.theme.slug}-{period.since}-{period.until}",
            fmt=fmt,
        )
        filters = self.request.GET.copy()
        filters.pop("eksport", None)
        log_access_rows(
            user=self.request.user,
            model=apps.get_model(self.theme.record_model),
            action="export",
            path=self.request.path,
            details={"format": fmt, "filters": filters.dict(), "rows": len(rows)},
        )
        return response

    def get_context_data(self, **kwargs):
        board = self.board
        return super().get_context_data(
            theme=self.theme,
            sections=self.sections,
            scoped_to=board.caseworker or board.consultant,
            **kwargs,
        )
