"""In Chromium: on Friday night the on-call responder registers a call; on Monday
morning the sweep sends the reminder; the fixed consultant sees it on the start
page, opens the call and marks the follow-up done. And a call typed while the
database is away is kept and saved once with "Prøv igen"."""

from datetime import timedelta

import pytest
from django.core import mail

from fostercare.accounts.models import Role
from hotline.models import FollowUp
from hotline.tasks import sweep
from tests.conftest import log_in
from tests.factories import FamilyFactory, UserFactory
from tests.hotline.conftest import FRIDAY_NIGHT, MONDAY_OPENING

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_call_at_night_is_followed_up_on_the_next_working_day(
    page, browser, live_server, home, queued, time_machine
):
    time_machine.move_to(FRIDAY_NIGHT, tick=True)
    consultant = UserFactory(role=Role.CONSULTANT, municipality=home, full_name="Rune Holm")
    FamilyFactory(municipality=home, consultant=consultant, name="Familien Juhl", phone="22334455")
    on_call = UserFactory(role=Role.ON_CALL, municipality=home, full_name="Kim Vagt")

    # Friday 22:00: the on-call responder finds the family by phone number and registers.
    log_in(page, on_call)
    page.click("a[href='/akuttelefon/']")
    page.fill("#id_q", "22 33 44 55")
    page.keyboard.press("Enter")
    result = page.get_by_test_id("family-result")
    result.wait_for()
    assert "Rune Holm" in result.inner_text()
    result.click()
    assert "Rune Holm" in page.get_by_test_id("family-card").inner_text()
    page.fill("#id_caller_name", "Mette Juhl")
    page.fill("#id_caller_relation", "Plejemor")
    page.select_option("#id_answered_by_organisation", "social_on_call")
    page.fill("#id_answered_by_person", "Kim Vagt")
    page.select_option("#id_topic", "child_reaction")
    page.fill("#id_topic_text", "Emil er meget urolig efter samvær.")
    page.fill("#id_advice", "Rolig stemme, skærm søskende, ring igen ved behov.")
    page.click("main button[type=submit]")
    page.wait_for_url("**/akuttelefon/mine-opkald/")
    assert "mandag 16. marts kl. 08:00" in page.content()
    follow_up = FollowUp.objects.select_related("call").get()
    assert (follow_up.owner, follow_up.due_at) == (consultant, MONDAY_OPENING)
    assert len(queued) == 1  # the reminder task was queued for Monday 08:00

    # Monday 08:00: the sweep (beat) sends the reminder.
    time_machine.move_to(MONDAY_OPENING + timedelta(minutes=1), tick=True)
    assert sweep() == {"reminders": 1, "undelivered": 0, "escalations": 0}
    assert [m.to for m in mail.outbox] == [[consultant.email]]

    # The consultant sees it on the start page, opens the call and marks it done.
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    consultant_page = context.new_page()
    consultant_page.set_default_timeout(10_000)
    try:
        log_in(consultant_page, consultant)
        notice = consultant_page.get_by_test_id("notifications")
        assert "Følg op på et opkald til akuttelefonen: Familien Juhl" in notice.inner_text()
        notice.get_by_role("link").first.click()
        consultant_page.get_by_text("Emil er meget urolig efter samvær.").wait_for()
        consultant_page.click(f"a[href$='/opkald/{follow_up.call.public_id}/udfoert/']")
        consultant_page.check("input[name=outcome][value=contacted]")
        consultant_page.fill("#id_notes", "Talt med Mette; det gik bedre i weekenden.")
        consultant_page.click("main button[type=submit]")
        consultant_page.get_by_test_id("follow-up-done").wait_for()
        follow_up.refresh_from_db()
        assert (follow_up.outcome, follow_up.done_by) == ("contacted", consultant)

        consultant_page.goto("/")
        assert consultant_page.get_by_test_id("notifications").count() == 0
    finally:
        context.close()


def test_a_call_typed_during_a_database_outage_is_saved_once_with_try_again(
    page, live_server, home, queued, monkeypatch
):
    """The database goes away as the responder saves: they see what they typed, press
    "Prøv igen" once it is back, and one call is saved with their words."""
    from django.db import OperationalError

    from hotline import services
    from hotline.models import HotlineCall

    family = FamilyFactory(municipality=home, name="Familien Juhl")
    log_in(page, UserFactory(role=Role.ON_CALL, municipality=home))
    page.goto(f"/akuttelefon/ny/{family.public_id}/")
    page.fill("#id_caller_name", "Mette Juhl")
    page.select_option("#id_answered_by_organisation", "social_on_call")
    page.fill("#id_answered_by_person", "Kim Vagt")
    page.select_option("#id_topic", "child_reaction")
    page.fill("#id_advice", "Rolig stemme, skærm søskende.")
    register = services.hotline_call_register

    def database_restarting(**kwargs):
        raise OperationalError("terminating connection due to administrator command")

    monkeypatch.setattr(services, "hotline_call_register", database_restarting)
    page.click("main button[type=submit]")
    page.get_by_test_id("unavailable").wait_for()
    assert "Kunne ikke gemmes – prøv igen" in page.title()
    assert page.input_value("#retry-advice") == "Rolig stemme, skærm søskende."
    assert not HotlineCall.objects.exists()

    monkeypatch.setattr(services, "hotline_call_register", register)
    page.get_by_role("button", name="Prøv igen").click()
    page.wait_for_url("**/akuttelefon/mine-opkald/")
    call = HotlineCall.objects.get()
    assert (call.caller_name, call.advice) == ("Mette Juhl", "Rolig stemme, skærm søskende.")
