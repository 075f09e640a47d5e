import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from families.models import ApprovalType


class CourseCategory(models.TextChoices):
    BASIC = "basic", _("Basic course")
    CONTINUING = "continuing", _("Continuing education")
    THEME_TALK = "theme_talk", _("Theme talk")
    HALF_DAY = "half_day", _("Half-day course")
    FULL_DAY = "full_day", _("Full-day course")
    NETWORK_GROUP = "network_group", _("Network-group meeting")


class Provider(models.TextChoices):
    INSTITUTION = "institution", _("Residential institution")
    MUNICIPALITY = "municipality", _("The municipality")


class Place(models.TextChoices):
    INSTITUTION = "institution", _("Residential institution")
    MUNICIPAL = "municipal", _("Municipal premises")
    ONLINE = "online", _("Online")


class CourseKind(models.Model):
    """An entry in the municipality's course catalogue."""

    municipality = models.ForeignKey(
        "accounts.Municipality",
        on_delete=models.PROTECT,
        related_name="course_kinds",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=150)
    category = models.CharField(_("kind"), max_length=20, choices=CourseCategory.choices)
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    provider = models.CharField(_("provider"), max_length=20, choices=Provider.choices)
    provider_name = models.CharField(_("provider name"), max_length=150, blank=True)
    length_hours = models.DecimalField(
        _("length in hours"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    length_days = models.PositiveSmallIntegerField(_("length in full days"), default=0)
    mandatory = models.BooleanField(_("mandatory"), default=False)
    family_types = ArrayField(
        models.CharField(max_length=20, choices=ApprovalType.choices),
        verbose_name=_("for family types"),
        default=list,
        blank=True,
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("course kind")
        verbose_name_plural = _("course catalogue")
        constraints = [
            models.CheckConstraint(
                condition=Q(length_hours__isnull=True) | Q(length_hours__gt=0),
                name="course_kind_hours_positive",
                violation_error_message=_("The length must be more than zero."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CourseRun(models.Model):
    """One run of a course: dates, times, place and capacity."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    course_kind = models.ForeignKey(
        CourseKind, on_delete=models.PROTECT, related_name="runs", verbose_name=_("course")
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    start_time = models.TimeField(_("from"), null=True, blank=True)
    end_time = models.TimeField(_("to"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=20, choices=Place.choices)
    place_detail = models.CharField(_("address or link"), max_length=200, blank=True)
    capacity = models.PositiveSmallIntegerField(_("capacity"))

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("course run")
        verbose_name_plural = _("course runs")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="course_run_dates_ordered",
                violation_error_message=_("The last day cannot be before the first day."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__gt=0),
                name="course_run_capacity_positive",
                violation_error_message=_("The capacity must be at least one."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course_kind} {self.starts_on:%d.%m.%Y}"


class Enrolment(models.Model):
    """A family member offered or enrolled on a course run, and whether they attended."""

    class Status(models.TextChoices):
        OFFERED = "offered", _("Offered")
        ENROLLED = "enrolled", _("Enrolled")
        DECLINED = "declined", _("Declined")

    run = models.ForeignKey(
        CourseRun, on_delete=models.CASCADE, related_name="enrolments", verbose_name=_("course run")
    )
    member = models.ForeignKey(
        "families.FamilyMember",
        on_delete=models.CASCADE,
        related_name="enrolments",
        verbose_name=_("family member"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ENROLLED
    )
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["member__full_name"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["run", "member"],
                name="enrolment_once_per_run",
                violation_error_message=_("The family member is already on this course run."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.run}"


class SupervisionCadence(models.Model):
    """The municipality's minimum supervision cadence for one family type."""

    municipality = models.ForeignKey(
        "accounts.Municipality",
        on_delete=models.CASCADE,
        related_name="supervision_cadences",
        verbose_name=_("municipality"),
    )
    family_type = models.CharField(_("family type"), max_length=20, choices=ApprovalType.choices)
    months = models.PositiveSmallIntegerField(_("at least every (months)"))

    class Meta:
        verbose_name = _("supervision cadence")
        verbose_name_plural = _("supervision cadences")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "family_type"],
                name="cadence_once_per_type",
                violation_error_message=_("The family type already has a cadence."),
            ),
            models.CheckConstraint(
                condition=Q(months__gt=0),
                name="cadence_months_positive",
                violation_error_message=_("The cadence must be at least one month."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_family_type_display()}: {self.months}"


class SupervisionCourse(models.Model):
    """A supervision course (supervisionsforløb) for a family."""

    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", _("Individual")
        GROUP = "group", _("Group")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    family = models.ForeignKey(
        "families.Family",
        on_delete=models.CASCADE,
        related_name="supervision_courses",
        verbose_name=_("family"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("supervisor"),
    )
    external_supervisor = models.CharField(_("external supervisor"), max_length=150, blank=True)
    goal = models.TextField(_("goal"))
    planned_sessions = models.PositiveSmallIntegerField(_("planned sessions"))
    session_minutes = models.PositiveSmallIntegerField(_("minutes per session"))
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"), null=True, blank=True)
    family_wishes_consultant = models.BooleanField(
        _("the family wishes the consultant to take part"), default=False
    )
    consultant_takes_part = models.BooleanField(_("the consultant takes part"), default=False)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("supervision course")
        verbose_name_plural = _("supervision courses")
        constraints = [
            models.CheckConstraint(
                condition=Q(consultant_takes_part=False) | Q(family_wishes_consultant=True),
                name="supervision_course_consultant_only_if_wished",
                violation_error_message=_(
                    "The consultant takes part only if the family wishes it."
                ),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="supervision_course_dates_ordered",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(planned_sessions__gt=0) & Q(session_minutes__gt=0),
                name="supervision_course_plan_positive",
                violation_error_message=_("Plan at least one session of some length."),
            ),
            models.CheckConstraint(
                condition=Q(supervisor__isnull=False) | ~Q(external_supervisor=""),
                name="supervision_course_has_supervisor",
                violation_error_message=_("Choose a supervisor or name an external one."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.family}: {self.get_kind_display()} {self.starts_on:%d.%m.%Y}"


class SupervisionExtension(models.Model):
    course = models.ForeignKey(
        SupervisionCourse,
        on_delete=models.CASCADE,
        related_name="extensions",
        verbose_name=_("supervision course"),
    )
    extra_sessions = models.PositiveSmallIntegerField(_("extra sessions"))
    new_ends_on = models.DateField(_("new end"), null=True, blank=True)
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("extension")
        verbose_name_plural = _("extensions")

    def __str__(self) -> str:
        return f"{self.course} +{self.extra_sessions}"


class IntensiveSupportException(models.Model):
    """For a network placement: the child's situation argues against intensive support
    within 6 months; the start-up course must then be completed within 12 months."""

    placement = models.OneToOneField(
        "cases.Placement",
        on_delete=models.CASCADE,
        related_name="intensive_support_exception",
        verbose_name=_("placement"),
    )
    reason = models.TextField(_("reason"))
    recorded_on = models.DateField(_("recorded"))

    class Meta:
        verbose_name = _("exception from intensive support")
        verbose_name_plural = _("exceptions from intensive support")

    def __str__(self) -> str:
        return str(self.placement)


class SessionLocation(models.TextChoices):
    INSTITUTION = "institution", _("Residential institution")
    HOME = "home", _("The family's home")
    MUNICIPAL = "municipal", _("Municipal premises")
    ONLINE = "online", _("Online")


class SupervisionSession(models.Model):
    """One supervision session; a group session has several families."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey(
        "accounts.Municipality",
        on_delete=models.PROTECT,
        related_name="supervision_sessions",
        verbose_name=_("municipality"),
    )
    course = models.ForeignKey(
        SupervisionCourse,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("supervision course"),
    )
    run = models.ForeignKey(
        CourseRun,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("course run"),
    )
    starts_at = models.DateTimeField(_("date and time"))
    duration_minutes = models.IntegerField(_("duration (minutes)"))
    location = models.CharField(_("location"), max_length=20, choices=SessionLocation.choices)
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="supervision_sessions",
        verbose_name=_("supervisor"),
    )
    families = models.ManyToManyField(
        "families.Family", related_name="supervision_sessions", verbose_name=_("families")
    )
    members = models.ManyToManyField(
        "families.FamilyMember",
        blank=True,
        related_name="supervision_sessions",
        verbose_name=_("attending family members"),
    )
    theme = models.CharField(_("theme"), max_length=200)
    notes = models.TextField(_("notes"), blank=True)
    agreements = models.TextField(_("agreements"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("supervision session")
        verbose_name_plural = _("supervision sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gt=0),
                name="session_duration_positive",
                violation_error_message=_("The duration must be more than zero minutes."),
            ),
        ]
        indexes = [
            models.Index(fields=["supervisor", "starts_at"], name="session_supervisor_idx"),
            # Periods (datetime ranges, never ``starts_at__date``) and the municipality's
            # list, newest first.
            models.Index(fields=["starts_at"], name="session_starts_idx"),
            models.Index(fields=["municipality", "-starts_at"], name="session_muni_starts_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.theme} {self.starts_at:%d.%m.%Y}"


class SessionNoteVersion(models.Model):
    """One version of a session's theme, notes and agreements, as written: who wrote it
    and when. Every save of the notes adds one; none is changed or removed, so the
    history shows what was written before (the notes are confidential: the same people
    read the versions as the notes)."""

    session = models.ForeignKey(
        SupervisionSession,
        on_delete=models.CASCADE,
        related_name="note_versions",
        verbose_name=_("supervision session"),
    )
    theme = models.CharField(_("theme"), max_length=200)
    notes = models.TextField(_("notes"), blank=True)
    agreements = models.TextField(_("agreements"), blank=True)
    # Empty only for the text a session had before versions were kept.
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    written_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        ordering = ["-written_at", "-id"]
        verbose_name = _("version of session notes")
        verbose_name_plural = _("versions of session notes")

    def __str__(self) -> str:
        return f"{self.session} {self.written_at:%d.%m.%Y %H:%M}"
