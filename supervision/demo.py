"""Demo courses and a year of supervision for ``manage.py seed_demo``: a course
catalogue, past and coming course runs with enrolments and attendance, individual
sessions with the demo supervisor every two to three months, and quarterly group
sessions. Runs after every app's ``seed`` (it needs the families and placements)."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from cases.models import Placement
from families.models import Family, FamilyMember
from fostercare.accounts.demo import HOME_CODE
from fostercare.accounts.models import User
from supervision import services
from supervision.models import CourseKind

THEMES = [
    "Barnets reaktioner efter samvær",
    "Samarbejdet med forældrene",
    "Skole og fritid",
    "Egne børn i plejefamilien",
    "Grænser og rutiner",
    "Tilknytning og tryghed",
]
NOTES = [
    "Plejemor er presset af mange møder; vi talte om at sige fra.",
    "Barnet sover bedre; familien oplever mere ro efter samvær.",
    "Uenighed mellem plejeforældrene om lommepenge; aftalt fælles linje.",
]


def _at(day, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def seed(*, fake) -> None:
    """Nothing before the families and placements exist; see ``seed_late``."""


def seed_late(*, fake) -> None:
    if CourseKind.objects.filter(municipality__code=HOME_CODE).exists():
        return
    consultant = User.objects.get(email="konsulent@aarhus.example")
    supervisor = User.objects.get(email="supervisor@aarhus.example")
    today = timezone.localdate()
    kinds = {
        "basic": services.course_kind_create(
            actor=consultant, name="Grundkursus for netværksplejefamilier", category="basic",
            provider="municipality", length_days=4, mandatory=True, family_types=["netvaerk"],
        ),
        "continuing": services.course_kind_create(
            actor=consultant, name="Traumeforståelse", category="continuing",
            theme="Børn med svigt bag sig", provider="institution",
            provider_name="Døgninstitutionen Skovbakken", length_days=1,
            family_types=["almen", "forstaerket", "specialiseret"],
        ),
        "talk": services.course_kind_create(
            actor=consultant, name="Temaoplæg: Samvær", category="theme_talk",
            theme="Samvær med forældrene", provider="municipality", length_hours=Decimal("2"),
        ),
        "network": services.course_kind_create(
            actor=consultant, name="Netværksgruppe", category="network_group",
            provider="municipality", length_hours=Decimal("2.5"), family_types=["netvaerk"],
        ),
    }  # fmt: skip
    past_basic = services.course_run_create(
        actor=consultant, course_kind=kinds["basic"], starts_on=today - timedelta(days=150),
        ends_on=today - timedelta(days=147), start_time=time(9), end_time=time(15),
        place="municipal", place_detail="Rådhuset, lokale 3", capacity=12,
    )  # fmt: skip
    services.course_run_create(
        actor=consultant, course_kind=kinds["basic"], starts_on=today + timedelta(days=40),
        ends_on=today + timedelta(days=43), start_time=time(9), end_time=time(15),
        place="municipal", place_detail="Rådhuset, lokale 3", capacity=12,
    )  # fmt: skip
    services.course_run_create(
        actor=consultant, course_kind=kinds["continuing"], starts_on=today + timedelta(days=20),
        ends_on=today + timedelta(days=20), start_time=time(9), end_time=time(16),
        place="institution", place_detail="Skovbakken", capacity=20,
    )  # fmt: skip
    talk = services.course_run_create(
        actor=consultant, course_kind=kinds["talk"], starts_on=today - timedelta(days=60),
        ends_on=today - timedelta(days=60), start_time=time(19), end_time=time(21),
        place="online", capacity=40,
    )  # fmt: skip
    families = list(
        Family.objects.filter(municipality__code=HOME_CODE, placements__end_date__isnull=True)
        .distinct()
        .order_by("pk")
    )
    network_ids = set(
        Placement.objects.filter(
            family__in=families, family__approvals__type="netvaerk", end_date__isnull=True
        ).values_list("family_id", flat=True)
    )
    # Network families are offered the basic course; most took the last one.
    for number, family in enumerate(families):
        parent = family.members.filter(kind=FamilyMember.Kind.FOSTER_PARENT).first()
        if parent is None:
            continue
        if family.pk in network_ids:
            enrolment = services.enrolment_create(actor=consultant, run=past_basic, member=parent)
            services.attendance_record(
                actor=consultant, run=past_basic, attended={enrolment.pk: number % 4 != 0}
            )
        elif number % 2:
            enrolment = services.enrolment_create(actor=consultant, run=talk, member=parent)
            services.attendance_record(actor=consultant, run=talk, attended={enrolment.pk: True})
    # Individual supervision courses and a year of sessions, every 2-3 months.
    for number, family in enumerate(families):
        start = today - timedelta(days=360 - 7 * number)
        services.supervision_course_create(
            actor=consultant, family=family, kind="individual", supervisor=supervisor,
            goal="Ro omkring samvær og et godt samarbejde med forældrene.",
            planned_sessions=5, session_minutes=90, starts_on=start,
            family_wishes_consultant=number % 3 == 0, consultant_takes_part=number % 3 == 0,
        )  # fmt: skip
        # The last family or two have gone too long without supervision (a flag).
        last = 5 if number < len(families) - 2 else 3
        for visit in range(last):
            day = start + timedelta(days=75 * visit)
            if day > today + timedelta(days=30):
                break
            services.session_log(
                actor=supervisor, supervisor=supervisor, families=[family],
                members=list(family.members.exclude(kind=FamilyMember.Kind.OWN_CHILD)[:2]),
                starts_at=_at(day, 9 + number % 6), duration_minutes=90,
                location=["home", "institution", "online"][visit % 3],
                theme=THEMES[(number + visit) % len(THEMES)],
                notes=NOTES[(number + visit) % len(NOTES)] if day <= today else "",
                agreements="Næste session aftalt." if day <= today else "",
            )  # fmt: skip
    # Quarterly group supervision, several families at once, in the evening.
    for quarter in range(4):
        group = families[quarter % 2 :: 2][:4]
        if group:
            services.session_log(
                actor=consultant, supervisor=supervisor, families=group,
                starts_at=_at(today - timedelta(days=90 * quarter + 5), 19),
                duration_minutes=150, location="institution", theme="Gruppesupervision",
                notes="Erfaringsudveksling om samvær og skolestart.",
            )  # fmt: skip
