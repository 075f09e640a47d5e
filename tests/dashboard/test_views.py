"""The managers' dashboard pages (fostercare/dashboard/views.py): the overview and a
page per theme, for the whole municipality or one caseworker or consultant, every
number linked to the list behind it (where the user may open it), the tables as CSV
and XLSX with an access-log row, bad input answered on the form, figures kept and
refreshed (``snapshots``). Who may open them at all: tests/test_permission_matrix.py."""

import csv
import io
import re
from datetime import date, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from cases.models import CaseworkerAssignment
from fostercare.accounts.models import Role
from fostercare.audit.models import AccessLog
from fostercare.dashboard.figures import Board
from fostercare.dashboard.pages import PAGES
from fostercare.dashboard.periods import year_period
from fostercare.dashboard.snapshots import SOURCES, figures_refresh
from fostercare.dashboard.themes import THEMES
from tests.factories import (
    ApprovalFactory,
    ChildFactory,
    FamilyFactory,
    PlacementFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
OVERVIEW = reverse("dashboard:overview")


def theme_url(slug: str) -> str:
    return reverse("dashboard:theme", kwargs={"slug": slug})


def overdue_child(home, caseworker=None, *, placed_days_ago=400):
    """A child in full-time care for ``placed_days_ago`` days, never visited."""
    family = ApprovalFactory(family=FamilyFactory(municipality=home)).family
    child = ChildFactory(municipality=home)
    start = timezone.localdate() - timedelta(days=placed_days_ago)
    PlacementFactory(child=child, family=family, start_date=start)
    if caseworker:
        CaseworkerAssignment.objects.create(child=child, caseworker=caseworker, starts_on=start)
    return child


def figure(response, key: str) -> str:
    """The text of a figure's card on a theme page."""
    html = response.content.decode()
    match = re.search(
        rf'data-figure="{re.escape(key)}".*?data-testid="figure-now">(.*?)</p>', html, re.S
    )
    assert match, key
    return match.group(1)


def test_the_overview_shows_every_theme_with_its_key_figures(client, manager, home):
    overdue_child(home)
    client.force_login(manager)
    response = client.get(OVERVIEW)
    assert response.status_code == 200
    html = response.content.decode()
    for theme in THEMES:
        assert theme_url(theme.slug) in html
    assert [item["theme"] for item in response.context["overview"]] == list(THEMES)
    visits = next(i for i in response.context["overview"] if i["theme"].slug == "tilsyn")
    overdue = next(f for f in visits["figures"] if f.key == "visits.overdue")
    assert overdue.now.number == 1
    assert "situation=visit_overdue" in overdue.now.url


def test_every_number_links_to_the_list_that_counts_it(client, manager, home):
    overdue_child(home)
    overdue_child(home, placed_days_ago=30)  # not due yet
    client.force_login(manager)
    page = client.get(theme_url("tilsyn"))
    assert re.search(r">1<span class=\"visually-hidden\">", figure(page, "visits.overdue"))
    url = (
        re.search(r'href="([^"]+)"', figure(page, "visits.overdue")).group(1).replace("&amp;", "&")
    )
    listed = client.get(url)
    assert listed.status_code == 200
    assert listed.context["page"].paginator.count == 1


def test_an_admin_sees_the_figures_but_not_the_lists_of_children(client, admin_user, home):
    overdue_child(home)
    client.force_login(admin_user)
    page = client.get(theme_url("tilsyn"))
    assert page.status_code == 200
    assert figure(page, "visits.overdue").strip().startswith("1")
    assert "href" not in figure(page, "visits.overdue")


def test_one_caseworkers_children(client, manager, home):
    mine = UserFactory(role=Role.CASEWORKER, municipality=home, full_name="Vera Vang")
    overdue_child(home, mine)
    overdue_child(home)
    client.force_login(manager)
    whole = client.get(theme_url("tilsyn"))
    narrowed = client.get(theme_url("tilsyn"), {"caseworker": mine.pk})
    assert figure(whole, "visits.overdue").startswith("<a") and ">2<" in figure(
        whole, "visits.overdue"
    )
    assert ">1<" in figure(narrowed, "visits.overdue")
    assert f"caseworker={mine.pk}" in figure(narrowed, "visits.overdue")
    assert "Vera Vang" in narrowed.content.decode()


def test_another_municipalitys_records_are_never_counted(client, home, other_municipality):
    overdue_child(home)
    odense_manager = UserFactory(role=Role.MANAGER, municipality=other_municipality)
    client.force_login(odense_manager)
    page = client.get(theme_url("tilsyn"))
    assert not re.search(r">1<", figure(page, "visits.overdue"))


@pytest.mark.parametrize(
    ("query", "field"),
    [
        pytest.param({"period": "custom", "date_from": "31-02-2025"}, "date_from", id="bad-date"),
        pytest.param({"period": "quarter", "quarter": "9"}, "quarter", id="no-such-quarter"),
        pytest.param({"caseworker": "999999"}, "caseworker", id="unknown-caseworker"),
    ],
)
def test_bad_input_is_answered_on_the_form_with_this_year_shown(client, manager, query, field):
    client.force_login(manager)
    response = client.get(theme_url("tilsyn"), query)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert response.context["period"].since == date(timezone.localdate().year, 1, 1)
    assert 'class="invalid-feedback"' in response.content.decode()


def test_a_caseworker_from_another_municipality_cannot_be_chosen(
    client, manager, other_municipality
):
    stranger = UserFactory(role=Role.CASEWORKER, municipality=other_municipality)
    client.force_login(manager)
    response = client.get(theme_url("tilsyn"), {"caseworker": stranger.pk})
    assert "caseworker" in response.context["form"].errors
    assert response.context["board"].caseworker is None


def test_an_unknown_theme_is_404(client, manager):
    client.force_login(manager)
    assert client.get(theme_url("findes-ikke")).status_code == 404


def read_csv(response) -> list[list[str]]:
    assert response.content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


@pytest.mark.parametrize("theme", THEMES, ids=lambda t: t.slug)
def test_every_theme_downloads_its_tables_and_logs_it(client, manager, home, theme):
    overdue_child(home)
    client.force_login(manager)
    response = client.get(
        theme_url(theme.slug), {"period": "year", "year": "2025", "eksport": "csv"}
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        f'filename="overblik-{theme.slug}-2025-01-01-2025-12-31.csv"'
        in response["Content-Disposition"]
    )
    rows = read_csv(response)
    assert rows[0][:4] == ["Afsnit", "Tal", "Kategori", "Enhed"]
    assert rows[0][4] == "2025" and rows[0][7] == "2024"
    assert len(rows) > 1
    log = AccessLog.objects.get(action="export")
    model = theme.record_model.split(".")
    assert log.content_type == ContentType.objects.get_by_natural_key(model[0], model[1].lower())
    assert log.details == {
        "format": "csv",
        "filters": {"period": "year", "year": "2025"},
        "rows": len(rows) - 1,
    }


def test_the_xlsx_download_has_numbers_as_numbers(client, manager, home):
    overdue_child(home)
    client.force_login(manager)
    response = client.get(theme_url("tilsyn"), {"eksport": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    overdue = next(r for r in rows if r[1] == "Børn med overskredet tilsynsbesøg")
    assert overdue[4] == 1


def test_pages_have_no_inline_style_or_script(client, manager, home):
    overdue_child(home)
    client.force_login(manager)
    for url in [OVERVIEW, *(theme_url(t.slug) for t in THEMES)]:
        html = client.get(url).content.decode()
        main = html.split('<main id="main"', 1)[1].split("</main>", 1)[0]
        assert "style=" not in main, url
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), url
        assert not re.search(r"<[^>]+\son[a-z]+=", main), url  # no inline event handlers
        assert re.search(r'role="img" aria-labelledby="chart-', main) or url in (
            theme_url("tilsyn"),
            theme_url("handleplaner"),
        ), url


def test_charts_have_their_numbers_in_a_table(client, manager, home):
    client.force_login(manager)
    html = client.get(theme_url("akuttelefon")).content.decode()
    chart = html.split('id="chart-hotline.by_hour"', 1)[1].split("</figure>", 1)[0]
    assert chart.count('<th scope="row"') == 24
    assert '<caption class="visually-hidden">Opkald efter tidspunkt på døgnet</caption>' in chart


# --- figures kept and refreshed ------------------------------------------------------------
@pytest.fixture
def kept(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.DASHBOARD_FIGURES_CACHE_SECONDS = 3600
    cache.clear()
    yield
    cache.clear()


def test_kept_figures_are_shown_with_the_time_they_were_computed(
    client, manager, home, kept, time_machine
):
    time_machine.move_to(timezone.make_aware(timezone.datetime(2026, 3, 2, 14, 5)), tick=False)
    overdue_child(home)
    client.force_login(manager)
    first = client.get(theme_url("tilsyn"))
    assert "opdateret 2. mar. 2026 kl. 14:05" in first.content.decode()
    overdue_child(home)
    time_machine.move_to(timezone.make_aware(timezone.datetime(2026, 3, 2, 14, 30)), tick=False)
    second = client.get(theme_url("tilsyn"))
    assert ">1<" in figure(second, "visits.overdue")  # as computed at 14:05
    assert "kl. 14:05" in second.content.decode()
    figures_refresh(municipality_id=home.pk)
    third = client.get(theme_url("tilsyn"))
    assert ">2<" in figure(third, "visits.overdue")
    assert "kl. 14:30" in third.content.decode()


def test_one_caseworkers_figures_are_kept_apart(client, manager, home, kept):
    mine = UserFactory(role=Role.CASEWORKER, municipality=home)
    theirs = UserFactory(role=Role.CASEWORKER, municipality=home)
    overdue_child(home, mine)
    client.force_login(manager)
    assert ">1<" in figure(
        client.get(theme_url("tilsyn"), {"caseworker": mine.pk}), "visits.overdue"
    )
    overdue_child(home, mine)
    overdue_child(home, theirs)
    again = client.get(theme_url("tilsyn"), {"caseworker": mine.pk})
    assert ">1<" in figure(again, "visits.overdue")  # kept, with when it was computed
    assert "opdateret" in again.content.decode()
    other = client.get(theme_url("tilsyn"), {"caseworker": theirs.pk})
    assert ">1<" in figure(other, "visits.overdue")  # their own, not mine
    assert ">3<" in figure(client.get(theme_url("tilsyn")), "visits.overdue")  # everyone's


def test_refresh_keeps_every_page_for_the_standard_periods(
    home, kept, django_assert_max_num_queries
):
    manager = UserFactory(role=Role.MANAGER, municipality=home)
    runs = figures_refresh(municipality_id=home.pk)
    assert runs > 0
    client = Client()
    client.force_login(manager)
    # Kept: no figure query at all (session read and save, user, staff lists, access log).
    with django_assert_max_num_queries(8):
        assert client.get(theme_url("akuttelefon")).status_code == 200


def test_every_figure_comes_from_code_the_fingerprint_covers(manager):
    """A deploy that changes how a figure is counted must leave the kept ones behind."""
    today = timezone.localdate()
    period = year_period(today.year, today)
    board = Board(user=manager, period=period, previous=period.previous())
    for build in PAGES.values():
        build(board)
    apps = {module.split(".")[0] for module, _name, _scope in board.used}
    assert apps
    assert apps <= set(SOURCES)


def _urls(sections) -> set[str]:
    found = set()
    for section in sections:
        for item in section.figures:
            found |= {item.now.url, item.before.url}
        for chart in section.charts:
            for row in chart.rows:
                found |= {row.now.url, row.before.url}
    return found - {""}


@pytest.mark.parametrize("theme", THEMES, ids=lambda t: t.slug)
def test_every_link_opens_its_list_with_valid_filters(client, manager, home, theme):
    """A link whose filter the list did not accept would show the whole list, and a
    manager would take it for the rows behind the number."""
    overdue_child(home)
    client.force_login(manager)
    page = client.get(theme_url(theme.slug), {"period": "quarter"})
    urls = _urls(page.context["sections"])
    assert urls
    for url in sorted(urls):
        response = client.get(url)
        assert response.status_code == 200, url
        assert not response.context["form"].errors, (url, response.context["form"].errors)


@pytest.mark.parametrize(
    ("role", "overview", "hotline_figures"),
    [
        (Role.MANAGER, True, True),
        (Role.ADMIN, True, False),
        (Role.CASEWORKER, False, False),
        (Role.CONSULTANT, False, False),
        (Role.ON_CALL, False, False),
        (Role.SUPERVISOR, False, False),
    ],
)
def test_the_menu_offers_the_overview_to_managers_and_admins(
    client, make_user, role, overview, hotline_figures
):
    client.force_login(make_user(role))
    nav = client.get(reverse("dashboard:start")).content.decode().split("</nav>", 1)[0]
    assert (f'href="{OVERVIEW}"' in nav) is overview
    assert (f'href="{reverse("hotline:stats")}"' in nav) is hotline_figures


def test_network_families_economics_counts_applications_and_links_to_their_tables(
    client, manager, home
):
    from tests.economics.support import cost_application, grant
    from tests.factories import network_placement

    placement = network_placement(home)
    caseworker = UserFactory(role=Role.CASEWORKER, municipality=home)
    today = timezone.localdate()
    decided = cost_application(caseworker, placement, received_on=today - timedelta(days=20),
                               agreed_on=today - timedelta(days=21))  # fmt: skip
    grant(caseworker, decided, decided_on=today - timedelta(days=19))
    cost_application(caseworker, placement, received_on=today - timedelta(days=2),
                     agreed_on=today - timedelta(days=3))  # fmt: skip
    client.force_login(manager)
    page = client.get(theme_url("oekonomi"), {"period": "custom",
                      "date_from": (today - timedelta(days=60)).isoformat(),
                      "date_to": today.isoformat()})  # fmt: skip
    assert page.status_code == 200
    applications = figure(page, "economics.applications")
    assert re.search(r">2<span class=\"visually-hidden\">", applications)
    url = re.search(r'href="([^"]+)"', applications).group(1).replace("&amp;", "&")
    assert url.startswith(reverse("economics:figures"))
    tables = client.get(url)
    assert tables.status_code == 200
    assert tables.context["figures"]["applications"] == 2
