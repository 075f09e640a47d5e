"""The family page's sub-pages (families/sections.py, issue 14): the summary links to
each app's section by a nav of links, the section's queries run only on its own
sub-page, and a section the user may not see is a 404."""

import pytest

from fostercare.accounts.models import Role
from fostercare.audit.models import AccessLog
from tests.factories import HotlineCallFactory, UserFactory
from tests.families.views.support import World, page, text

pytestmark = pytest.mark.django_db


def _nav(content: str) -> str:
    start = content.index('data-testid="family-pages"')
    return content[start : content.index("</nav>", start)]


def test_the_summary_links_to_each_section_and_marks_itself(client, w: World):
    url = page("detail", w.family)
    nav = _nav(text(client.get(url)))
    assert f'href="{url}" aria-current="page">Oversigt<' in nav
    for name, label in [
        ("supervision", "Supervision og kurser"),
        ("support", "Støtte"),
        ("hotline", "Akuttelefon"),
        ("economics", "Økonomi"),
        ("matching-profile", "Familieprofil til matchning"),
    ]:
        assert f'href="{url}?del={name}">{label}<' in nav
    assert nav.count('aria-current="page"') == 1


def test_a_sub_page_shows_its_section_only_and_marks_its_link(client, w: World):
    call = HotlineCallFactory(family=w.family)
    url = page("detail", w.family)
    summary = text(client.get(url))
    assert page("approval_add", w.family) in summary  # the header's buttons on both
    assert str(call.public_id) not in summary  # the calls are on their sub-page
    assert "Husstand" in summary
    response = client.get(url + "?del=hotline")
    hotline = text(response)
    assert str(call.public_id) in hotline
    assert "Husstand" not in hotline  # the summary's cards are not repeated
    assert page("approval_add", w.family) in hotline
    nav = _nav(hotline)
    assert f'href="{url}?del=hotline" aria-current="page">Akuttelefon<' in nav
    assert nav.count('aria-current="page"') == 1
    assert "<title>Familien Mortensen – Akuttelefon" in hotline


def test_an_empty_section_says_so(client, w: World):
    content = text(client.get(page("detail", w.family) + "?del=supervision"))
    assert "Intet registreret endnu." in content


@pytest.mark.parametrize("name", ["nonsense", "placed-children"])
def test_an_unknown_sub_page_is_a_404(client, w: World, name):
    assert client.get(page("detail", w.family) + f"?del={name}").status_code == 404


def test_a_section_the_user_may_not_see_is_a_404_and_not_linked(client, w: World):
    client.force_login(UserFactory(role=Role.CASEWORKER, municipality=w.home))
    url = page("detail", w.family)
    assert "?del=support" not in _nav(text(client.get(url)))
    assert client.get(url + "?del=support").status_code == 404


@pytest.mark.parametrize(
    ("query", "logged"),
    [
        ("", ""),
        ("?del=hotline", "?del=hotline"),
        ("?del=economics", "?del=economics"),
        ("?del=hotline&alle=hotline&side=2", "?del=hotline"),
        ("?alle=hotline", "?del=hotline"),
    ],
)
def test_the_access_log_names_the_sub_page(client, w: World, query, logged):
    url = page("detail", w.family)
    assert client.get(url + query).status_code == 200
    assert AccessLog.objects.get().path == url + logged


def test_the_old_show_all_link_opens_the_sub_page(client, w: World):
    response = client.get(page("detail", w.family) + "?alle=hotline")
    assert 'aria-current="page">Akuttelefon<' in _nav(text(response))


def test_another_municipalitys_family_sub_page_is_a_404(client, w: World, outsider):
    client.force_login(outsider)
    assert client.get(page("detail", w.family) + "?del=hotline").status_code == 404


def test_a_long_history_shows_the_latest_then_all_a_hundred_a_page(client, w: World):
    on_call = UserFactory(role=Role.ON_CALL, municipality=w.home)
    calls = HotlineCallFactory.create_batch(125, family=w.family, registered_by=on_call)
    url = page("detail", w.family)
    latest = text(client.get(url + "?del=hotline"))
    assert latest.count('href="/akuttelefon/opkald/') == 20
    assert 'href="?del=hotline&alle=hotline#hotline-h">Vis alle<' in latest

    first = text(client.get(url + "?del=hotline&alle=hotline"))
    assert first.count('href="/akuttelefon/opkald/') == 100
    assert "Side 1 af 2" in first
    assert "125 i alt, 100 pr. side." in first
    assert 'href="?del=hotline&alle=hotline&side=2"' in first
    second = text(client.get(url + "?del=hotline&alle=hotline&side=2"))
    assert second.count('href="/akuttelefon/opkald/') == 25
    shown = {call.public_id for call in calls if str(call.public_id) in first + second}
    assert len(shown) == 125
    assert client.get(url + "?del=hotline&alle=hotline&side=x").status_code == 200
