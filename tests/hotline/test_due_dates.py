"""When a follow-up falls due: the next office opening at or after the call, by the
municipality's working-day calendar (DOMAIN.md, "Next working day")."""

from datetime import date, time

import pytest

from hotline.models import FollowUp
from hotline.services import hotline_call_register
from tests.factories import CalendarSettingsFactory, FamilyFactory, OfficeClosureFactory
from tests.hotline.conftest import CPH, at

pytestmark = pytest.mark.django_db
CHRISTMAS_CLOSURES = [date(2025, 12, 29), date(2025, 12, 30), date(2026, 1, 2)]


CASES = [
    # (label, called at, closures, office opens, expected due)
    ("weekday evening", at(2026, 3, 10, 19, 30), [], None, at(2026, 3, 11, 8, 0)),
    ("Friday night", at(2026, 3, 13, 22, 0), [], None, at(2026, 3, 16, 8, 0)),
    ("Saturday", at(2026, 3, 14, 11, 0), [], None, at(2026, 3, 16, 8, 0)),
    ("Sunday just before midnight", at(2026, 3, 15, 23, 59), [], None, at(2026, 3, 16, 8, 0)),
    ("Maundy Thursday night", at(2026, 4, 2, 21, 0), [], None, at(2026, 4, 7, 8, 0)),
    ("Easter Sunday", at(2026, 4, 5, 14, 0), [], None, at(2026, 4, 7, 8, 0)),
    (
        "23 December, closed to 2 January",
        at(2025, 12, 23, 20, 0),
        CHRISTMAS_CLOSURES,
        None,
        at(2026, 1, 5, 8, 0),
    ),
    ("23 December, no closures", at(2025, 12, 23, 20, 0), [], None, at(2025, 12, 29, 8, 0)),
    ("07:59 on a working day", at(2026, 3, 11, 7, 59), [], None, at(2026, 3, 11, 8, 0)),
    ("08:01 on a working day", at(2026, 3, 11, 8, 1), [], None, at(2026, 3, 11, 8, 1)),
    ("during office hours", at(2026, 3, 11, 13, 0), [], None, at(2026, 3, 11, 13, 0)),
    ("at closing time", at(2026, 3, 11, 15, 0), [], None, at(2026, 3, 12, 8, 0)),
    ("office opens 09:00", at(2026, 3, 10, 19, 30), [], time(9, 0), at(2026, 3, 11, 9, 0)),
    ("Constitution Day eve", at(2026, 6, 4, 18, 0), [], None, at(2026, 6, 8, 8, 0)),
    ("across the DST change", at(2026, 3, 28, 12, 0), [], None, at(2026, 3, 30, 8, 0)),
]


@pytest.mark.parametrize(
    ("called_at", "closures", "opens", "expected"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_follow_up_is_due_at_the_next_office_opening(
    home, on_call, called_at, closures, opens, expected, time_machine
):
    time_machine.move_to(called_at, tick=False)
    if opens is not None:
        CalendarSettingsFactory(municipality=home, office_opens=opens)
    for day in closures:
        OfficeClosureFactory(municipality=home, date=day)
    family = FamilyFactory(municipality=home)

    call = hotline_call_register(
        actor=on_call,
        family=family,
        called_at=called_at,
        answered_by_organisation="social_on_call",
        answered_by_person="Vagt",
        topic="child_reaction",
    )

    follow_up = FollowUp.objects.get(call=call)
    assert follow_up.due_at == expected
    assert follow_up.due_at.astimezone(CPH).utcoffset() == expected.utcoffset()
