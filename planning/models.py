"""Placement planning: the child's network (the network first), the needs profile and
the family profile that matching compares, and the decision record of a placement."""

import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from planning import rules


class PossibleCarer(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    NOT_ASSESSED = "not_assessed", _("Not assessed yet")


class NetworkPerson(models.Model):
    """A person in the child's network map (netværkskort), assessed as a possible carer."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    child = models.ForeignKey(
        "cases.Child",
        on_delete=models.CASCADE,
        related_name="network_persons",
        verbose_name=_("child"),
    )
    name = models.CharField(_("name"), max_length=150)
    relation = models.CharField(
        _("relation to the child"), max_length=150, help_text=_("E.g. maternal grandmother.")
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    possible_carer = models.CharField(
        _("possible carer"),
        max_length=20,
        choices=PossibleCarer.choices,
        default=PossibleCarer.NOT_ASSESSED,
    )
    assessment = models.TextField(
        _("why"), blank=True, help_text=_("Why the person can or cannot care for the child.")
    )
    family = models.ForeignKey(
        "families.Family",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="network_persons",
        verbose_name=_("registered as foster family"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("person in the network")
        verbose_name_plural = _("network map")
        constraints = [
            models.CheckConstraint(
                condition=Q(possible_carer="not_assessed") | ~Q(assessment=""),
                name="network_person_assessed_has_reason",
                violation_error_message=_("Say why the person can or cannot care for the child."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.relation})"


class NetworkMeeting(models.Model):
    """A network meeting or family group conference (familierådslagning)."""

    class Kind(models.TextChoices):
        NETWORK_MEETING = "network_meeting", _("Network meeting")
        FAMILY_GROUP_CONFERENCE = (
            "family_group_conference",
            _("Family group conference (familierådslagning)"),
        )

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    child = models.ForeignKey(
        "cases.Child",
        on_delete=models.CASCADE,
        related_name="network_meetings",
        verbose_name=_("child"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    held_on = models.DateField(_("held on"))
    participants = models.TextField(_("participants"))
    outcome = models.TextField(_("outcome"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("network meeting")
        verbose_name_plural = _("network meetings")
        indexes = [models.Index(fields=["held_on"], name="network_meeting_held_on_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.held_on})"


class NeedsLevel(models.TextChoices):
    LIGHT = rules.LIGHT, _("Light (almen plejefamilie)")
    MODERATE = rules.MODERATE, _("Moderate (forstærket plejefamilie)")
    SEVERE = rules.SEVERE, _("Severe (specialiseret plejefamilie)")


class SpecialNeed(models.TextChoices):
    EMOTIONAL = "emotional", _("Emotional and social difficulties")
    BEHAVIOUR = "behaviour", _("Acting-out behaviour")
    ATTACHMENT = "attachment", _("Attachment difficulties")
    DEVELOPMENTAL = "developmental", _("Developmental disorder (e.g. ADHD, autism)")
    PHYSICAL = "physical", _("Physical disability or illness")
    LEARNING = "learning", _("Learning difficulties")
    TRAUMA = "trauma", _("Trauma or neglect")
    SUBSTANCE = "substance", _("Substance abuse")


class NeedsProfile(models.Model):
    """The child's needs for matching. School and the child's own wishes are on the
    child's record (cases); the profile adds what a family is compared on."""

    child = models.OneToOneField(
        "cases.Child", on_delete=models.CASCADE, related_name="needs_profile"
    )
    level = models.CharField(_("level of needs"), max_length=20, choices=NeedsLevel.choices)
    siblings_together = models.PositiveSmallIntegerField(
        _("siblings to be placed together"),
        default=0,
        help_text=_("How many siblings are to live in the same family as the child."),
    )
    special_needs = ArrayField(
        models.CharField(max_length=20, choices=SpecialNeed.choices),
        verbose_name=_("special needs"),
        default=list,
        blank=True,
    )
    languages = ArrayField(
        models.CharField(max_length=50),
        verbose_name=_("the child's languages"),
        default=list,
        blank=True,
        help_text=_("Separate with commas."),
    )
    school_city = models.CharField(
        _("keep the school in"),
        max_length=100,
        blank=True,
        help_text=_("The city of the school the child should keep; empty if it may change."),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("needs profile")
        verbose_name_plural = _("needs profiles")
        constraints = [
            models.CheckConstraint(
                condition=Q(siblings_together__lte=10),
                name="needs_profile_siblings_at_most_10",
                violation_error_message=_("At most 10 siblings."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.child)

    def get_special_needs_display(self) -> list[str]:
        labels = dict(SpecialNeed.choices)
        return [str(labels.get(n, n)) for n in self.special_needs]


class FamilyProfile(models.Model):
    """What a family takes, for matching: ages, special needs, siblings, experience and
    courses. Approval, free places and languages are on the family's own record."""

    family = models.OneToOneField(
        "families.Family", on_delete=models.CASCADE, related_name="matching_profile"
    )
    age_min = models.PositiveSmallIntegerField(_("takes children from age"), default=0)
    age_max = models.PositiveSmallIntegerField(_("takes children up to age"), default=17)
    needs_taken = ArrayField(
        models.CharField(max_length=20, choices=SpecialNeed.choices),
        verbose_name=_("special needs the family takes"),
        default=list,
        blank=True,
    )
    takes_siblings = models.BooleanField(_("takes siblings"), default=False)
    years_experience = models.PositiveSmallIntegerField(_("years as a foster family"), default=0)
    courses_completed = models.PositiveSmallIntegerField(_("courses completed"), default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("family profile")
        verbose_name_plural = _("family profiles")
        constraints = [
            models.CheckConstraint(
                condition=Q(age_min__lte=models.F("age_max")) & Q(age_max__lte=22),
                name="family_profile_ages_ordered",
                violation_error_message=_(
                    "The lowest age cannot be above the highest, and the highest is at most 22."
                ),
            ),
            models.CheckConstraint(
                condition=Q(years_experience__lte=70),
                name="family_profile_years_plausible",
                violation_error_message=_("At most 70 years of experience."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.family)

    def get_needs_taken_display(self) -> list[str]:
        labels = dict(SpecialNeed.choices)
        return [str(labels.get(n, n)) for n in self.needs_taken]


class PlacementDecision(models.Model):
    """Why this family: the family chosen, the alternatives considered and the reasons,
    recorded with the placement."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    placement = models.OneToOneField(
        "cases.Placement",
        on_delete=models.PROTECT,
        related_name="decision",
        verbose_name=_("placement"),
    )
    child = models.ForeignKey(
        "cases.Child",
        on_delete=models.PROTECT,
        related_name="placement_decisions",
        verbose_name=_("child"),
    )
    family = models.ForeignKey(
        "families.Family",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("family chosen"),
    )
    alternatives = models.ManyToManyField(
        "families.Family",
        related_name="+",
        blank=True,
        verbose_name=_("alternatives considered"),
    )
    reasons = models.TextField(_("reasons for the choice"), blank=True)
    needs_level = models.CharField(
        _("the child's level of needs"), max_length=20, choices=NeedsLevel.choices, blank=True
    )
    approval_type = models.CharField(_("the family's approval"), max_length=20, blank=True)
    approval_below_needs = models.BooleanField(
        _("the approval is below the child's needs"), default=False
    )
    in_network = models.BooleanField(_("placed in the network"), default=False)
    network_explored = models.BooleanField(_("the network was explored"), default=False)
    outside_network_reason = models.TextField(
        _("reason for placing outside the network"), blank=True
    )
    siblings_split = models.BooleanField(_("siblings split"), default=False)
    siblings_reason = models.TextField(_("reason for splitting the siblings"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("placement decision")
        verbose_name_plural = _("placement decisions")
        constraints = [
            models.CheckConstraint(
                condition=Q(approval_below_needs=False) | ~Q(reasons=""),
                name="decision_below_needs_has_reasons",
                violation_error_message=_(
                    "The family's approval is below the child's level of needs: give the "
                    "reasons for choosing it."
                ),
            ),
            models.CheckConstraint(
                condition=Q(in_network=True)
                | Q(network_explored=True)
                | ~Q(outside_network_reason=""),
                name="decision_outside_network_has_reason",
                violation_error_message=_(
                    "The network has not been explored: give the reason for placing outside "
                    "the network."
                ),
            ),
            models.CheckConstraint(
                condition=Q(siblings_split=False) | ~Q(siblings_reason=""),
                name="decision_siblings_split_has_reason",
                violation_error_message=_(
                    "The siblings are to be placed together: give the reason for splitting them."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.child} → {self.family}"
