"""Demo hotline calls for ``manage.py seed_demo``: a few weeks of evening and weekend
calls, most followed up, some open, one about a family the responder could not find."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from families.models import Family
from fostercare.accounts.demo import HOME_CODE
from fostercare.accounts.models import User
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
    services.hotline_call_register(
        actor=responder,
        family=None,
        called_at=timezone.now() - timedelta(days=1, hours=2),
        caller_details="Kvinde, der sagde hun var plejemor i Viby; forbindelsen blev afbrudt.",
        caller_name="Ukendt",
        answered_by_organisation="social_on_call",
        answered_by_person=responder.full_name,
        topic=Topic.OTHER,
        topic_text="Samtalen blev afbrudt før familien kunne findes.",
        advice="Ring tilbage ikke muligt (skjult nummer).",
    )
