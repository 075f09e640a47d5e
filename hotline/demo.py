"""Demo hotline calls for ``manage.py seed_demo``: a few weeks of evening and weekend
calls, most followed up, some open, one about a family the responder could not find;
and a year and more of calls before them, clustered in the office's closures, so the
managers' figures have something to show and to set against."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from families.models import Family
from fostercare.accounts.demo import HOME_CODE
from fostercare.accounts.models import User
from fostercare.workdays.calendar import WorkingCalendar
from hotline import services
from hotline.models import FollowUp, HotlineCall, HotlineSettings, Outcome, Topic

SITUATIONS = [
    (Topic.CHILD_REACTION, "Barnet vil ikke i seng og er meget urolig efter samvær.",
     "Rolig stemme, faste rammer; kontakt konsulenten i morgen."),
    (Topic.BIRTH_PARENTS, "Mor ringede beruset og ville hente barnet.",
     "Hold fast i samværsaftalen; ring 112 hvis mor møder op beruset."),
    (Topic.CHILD_MISSING, "Den unge er ikke kommet hjem efter træning.",
     "Ring rundt til venner; anmeld til politiet efter en time."),
    (Topic.ILLNESS, "Barnet har høj feber og skal måske på skadestuen.",
     "Ring 1813; husk sundhedskortet."),
    (Topic.FAMILY_CRISIS, "Plejefar er indlagt; plejemor står alene med tre børn.",
     "Aflastning undersøges i morgen; netværket kontaktet."),
]  # fmt: skip


def seed(*, fake) -> None:
    home = User.objects.get(email="vagt@aarhus.example").municipality
    HotlineSettings.objects.get_or_create(
        municipality=home, defaults={"fallback_email": "akuttelefon@aarhus.example"}
    )
    if HotlineCall.objects.filter(municipality__code=HOME_CODE).exists():
        return
    responder = User.objects.get(email="vagt@aarhus.example")
    families = list(Family.objects.filter(municipality__code=HOME_CODE).order_by("pk")[:12])
    today = timezone.localdate()
    for number, family in enumerate(families):
        day = today - timedelta(days=2 + 3 * number)
        called_at = timezone.make_aware(
            datetime.combine(day, time(18 + number % 5, 10 * (number % 6)))
        )
        topic, text, advice = SITUATIONS[number % len(SITUATIONS)]
        call = services.hotline_call_register(
            actor=responder,
            family=family,
            called_at=called_at,
            caller_name=fake.first_name(),
            caller_relation="Plejeforælder",
            answered_by_organisation=("social_on_call" if number % 2 else "institution"),
            answered_by_person=responder.full_name,
            topic=topic,
            topic_text=text,
            advice=advice,
            urgency="high" if topic == Topic.CHILD_MISSING else "normal",
            child_safety_at_risk=topic == Topic.CHILD_MISSING,
        )
        follow_up = FollowUp.objects.get(call=call)
        if number >= 2 and follow_up.owner is not None:  # the two newest are still open
            services.follow_up_complete(
                actor=follow_up.owner,
                follow_up=follow_up,
                outcome=[Outcome.CONTACTED, Outcome.VISIT, Outcome.SUPERVISION][number % 3],
                notes="Talt med familien; aftalt opfølgning.",
            )
            # History: it was done back then, a few hours after it fell due.
            FollowUp.objects.filter(pk=follow_up.pk).update(
                done_at=follow_up.due_at + timedelta(hours=2 + number % 3),
                reminder_sent_at=follow_up.due_at,
            )
    _earlier_calls(fake, responder, families, today)
    services.hotline_call_register(
        actor=responder,
        family=None,
        called_at=timezone.now() - timedelta(days=1, hours=2),
        caller_details="Kvinde, der sagde hun var plejemor i Viby; forbindelsen blev afbrudt.",
        answered_by_organisation="social_on_call",
        answered_by_person=responder.full_name,
        topic=Topic.OTHER,
        topic_text="Samtalen blev afbrudt før familien kunne findes.",
        advice="Ring tilbage ikke muligt (skjult nummer).",
    )


EARLIER_DAYS = 450  # this year so far and the year before, for the figures to compare
TOPICS = [t for t, _text, _advice in SITUATIONS] + [Topic.SCHOOL, Topic.PRACTICAL]


def _earlier_calls(fake, responder, families, today) -> None:
    """About three calls a week over the last year and a half, in evenings, nights and
    weekends and several a day when the office is closed for holidays; nearly all
    followed up on the next working day, a few late."""
    calendar = WorkingCalendar.for_municipality(responder.municipality_id)
    day = today - timedelta(days=EARLIER_DAYS)
    number = 0
    while day < today - timedelta(days=45):
        closed = calendar.closed_reason(day)
        if closed is None:
            calls = 1 if fake.random_int(0, 9) < 3 else 0
        elif closed.kind == "weekend":
            calls = fake.random_int(0, 1)
        else:  # a holiday or a day the office is shut: the calls cluster here (seed 001)
            calls = fake.random_int(2, 4)
        for _call in range(calls):
            number += 1
            hour = fake.random_element([17, 18, 19, 20, 21, 22, 23, 0, 6, 10, 14])
            called_at = timezone.make_aware(datetime.combine(day, time(hour, 10 * (number % 6))))
            topic = TOPICS[number % len(TOPICS)]
            call = services.hotline_call_register(
                actor=responder,
                family=families[number % len(families)],
                called_at=called_at,
                caller_name=fake.first_name(),
                caller_relation="Plejeforælder",
                answered_by_organisation="social_on_call" if number % 2 else "institution",
                answered_by_person=responder.full_name,
                topic=topic,
                topic_text="Registreret efter opkald til akuttelefonen.",
                advice="Rådgivning givet; konsulenten følger op.",
                child_safety_at_risk=topic == Topic.CHILD_MISSING,
            )
            follow_up = FollowUp.objects.filter(call=call).first()
            if follow_up is None or follow_up.owner is None:
                continue
            services.follow_up_complete(
                actor=follow_up.owner,
                follow_up=follow_up,
                outcome=[Outcome.CONTACTED, Outcome.VISIT, Outcome.NO_ACTION][number % 3],
                notes="Talt med familien.",
            )
            late = number % 9 == 0  # now and then the consultant gets to it a day late
            FollowUp.objects.filter(pk=follow_up.pk).update(
                done_at=follow_up.due_at + timedelta(days=1 if late else 0, hours=1 + number % 5),
                reminder_sent_at=follow_up.due_at,
            )
        day += timedelta(days=1)
