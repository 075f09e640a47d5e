"""Demo support for ``manage.py seed_demo``: a network group of five families with its
meetings, a mentor pairing for a network family, and conditions that must start (one
overdue, one due within 14 days, the others as the network assessments left them), and
development-plan goals reviewed on time, late, not yet, and one not yet due.
Runs after every app's ``seed`` (it needs the families, assessments and supervision)."""

from datetime import timedelta

from django.utils import timezone

from families.models import AssessmentCondition, ConsultantAssignment, Family, NetworkAssessment
from fostercare.accounts.demo import HOME_CODE
from fostercare.accounts.models import User
from fostercare.audit.services import log_change
from support.models import DevelopmentGoal, MentorPairing, NetworkGroup
from support.selectors import mentor_candidates
from support.services import groups as services
from support.services.plans import development_goal_create, development_goal_review


def seed(*, fake) -> None:
    """Nothing before the families exist; see ``seed_late``."""


def seed_late(*, fake) -> None:
    if NetworkGroup.objects.filter(municipality__code=HOME_CODE).exists():
        return
    consultant = User.objects.get(email="konsulent@aarhus.example")
    supervisor = User.objects.get(email="supervisor@aarhus.example")
    today = timezone.localdate()
    mine = list(
        Family.objects.filter(
            pk__in=ConsultantAssignment.objects.filter(
                consultant=consultant, ends_on__isnull=True
            ).values("family_id"),
            is_active=True,
        ).order_by("name")
    )
    others = list(
        Family.objects.filter(municipality=consultant.municipality, is_active=True)
        .exclude(pk__in=[f.pk for f in mine])
        .order_by("name")
    )
    members = (mine + others)[:5]
    started = today - timedelta(days=150)
    group = services.network_group_create(
        actor=consultant,
        name="Netværksgruppen Skovbakken",
        facilitator=supervisor,
        cadence=NetworkGroup.Cadence.MONTHLY,
        started_on=started,
        families=members,
    )
    for month in range(5):
        held_on = started + timedelta(days=7 + 30 * month)
        services.network_group_meeting_record(
            actor=consultant,
            group=group,
            held_on=held_on,
            place="Døgninstitutionen Skovbakken",
            facilitated=month < 3,
            attended=members[: 5 - month % 2],
            notes="Tema: samvær og barnets reaktioner." if month == 0 else "",
        )
    services.network_group_meeting_record(
        actor=consultant, group=group, held_on=today + timedelta(days=14), place="Hos Familien"
    )

    network = [
        a.family
        for a in NetworkAssessment.objects.filter(
            family__municipality=consultant.municipality,
            outcome__in=(NetworkAssessment.Outcome.APPROVED, NetworkAssessment.Outcome.PENDING),
        ).select_related("family")
    ]
    mentee = next((f for f in network if f in mine), network[0] if network else others[-1])
    candidates = mentor_candidates(user=consultant, family=mentee)
    mentor = next((c for c in candidates if c.eligibility.eligible), None)
    if mentor is None:
        mentor = next(f for f in mine + others if f.pk != mentee.pk)
    if not MentorPairing.objects.filter(mentee=mentee).exists():
        pairing = services.mentor_pairing_create(
            actor=consultant,
            mentor=mentor,
            mentee=mentee,
            purpose="Ny netværksplejefamilie; sparring om samvær med forældrene",
            started_on=today - timedelta(days=60),
            exception_reason=""
            if getattr(mentor, "eligibility", None) and mentor.eligibility.eligible
            else "Erfaren familie i nabolaget; kursus og supervision er aftalt.",
        )
        services.mentor_check_in_record(
            actor=consultant,
            pairing=pairing,
            held_on=today - timedelta(days=20),
            notes="De ses hver anden uge; plejemor oplever at have en at ringe til.",
        )

    # Development plans: goals reviewed on time, late, not yet, and one not due.
    goals = [
        ("Ro omkring sengetid", -40, -42),
        ("Samarbejde med skolen om lektier", -20, -12),
        ("Samvær med forældrene uden konflikter", -6, None),
        ("Barnet deltager i en fritidsaktivitet", 45, None),
    ]
    for family, (text, review_in, reviewed_in) in zip(members, goals, strict=False):
        goal = development_goal_create(
            actor=consultant,
            family=family,
            goal=text,
            set_by=DevelopmentGoal.SetBy.TOGETHER,
            set_on=today - timedelta(days=120),
            review_on=today + timedelta(days=review_in),
        )
        if reviewed_in is not None:
            development_goal_review(
                actor=consultant,
                goal=goal,
                status=DevelopmentGoal.Status.IN_PROGRESS,
                reviewed_on=today + timedelta(days=reviewed_in),
            )

    # Conditions that must start: one overdue, one due soon, on network assessments.
    assessments = list(
        NetworkAssessment.objects.filter(
            family__in=mine or network, outcome=NetworkAssessment.Outcome.APPROVED
        )[:2]
    ) or list(NetworkAssessment.objects.filter(family__municipality=consultant.municipality)[:2])
    dates = [
        ("Familiebehandling i hjemmet (2 timer om ugen)", today - timedelta(days=4)),
        ("Aflastning en weekend om måneden", today + timedelta(days=9)),
    ]
    for assessment, (description, start_by) in zip(assessments, dates, strict=False):
        condition = AssessmentCondition.objects.create(
            assessment=assessment, description=description, start_by=start_by
        )
        log_change(
            actor=consultant,
            instance=condition,
            action="create",
            municipality_id=consultant.municipality_id,
        )
