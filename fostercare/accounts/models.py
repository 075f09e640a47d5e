import uuid

from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.db import models
from django.utils.translation import gettext_lazy as _

from fostercare.accounts.managers import UserManager


class Municipality(models.Model):
    """A Danish municipality (kommune): the tenant every record belongs to."""

    code = models.CharField(_("municipality code"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    region = models.CharField(_("region"), max_length=50)

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[0-9]{3}$"), name="municipality_code_three_digits"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Role(models.TextChoices):
    CASEWORKER = "caseworker", _("Caseworker")
    CONSULTANT = "consultant", _("Family-care consultant")
    ON_CALL = "on_call", _("On-call responder")
    MANAGER = "manager", _("Manager")
    ADMIN = "admin", _("Administrator")
    SUPERVISOR = "supervisor", _("Supervisor (institution staff)")


class User(AbstractBaseUser, PermissionsMixin):
    """A member of staff; logs in with an e-mail address and works in one municipality."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="users",
        verbose_name=_("municipality"),
    )
    manager = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("manager"),
        help_text=_("The user's manager, who is told about escalations."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("admin access"),
        default=False,
        help_text=_("May log in to the administration site."),
    )
    date_joined = models.DateTimeField(_("created"), auto_now_add=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name", "role", "municipality"]

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="user_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} <{self.email}>"

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def can(self, action: str) -> bool:
        """Whether this user's role may do ``action`` (see ``permissions.PERMISSIONS``)."""
        from fostercare.accounts.permissions import role_may

        return self.is_active and role_may(self.role, action)


class DatedAssignment(models.Model):
    """A member of staff responsible for a record from one day to another: the child's
    caseworker, the family's fixed consultant. At most one assignment of a record is
    open (the subclass's constraint); a change closes it the day the next one starts,
    so the history has no gaps. Subclasses name the record (``record_field``) and the
    member of staff (``staff_field``) and say, in their own words, why a change is
    refused (``same_person_message``, ``too_early_message``)."""

    record_field: str
    staff_field: str
    same_person_message: str
    too_early_message: str

    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"), null=True, blank=True)
    reason = models.CharField(_("reason for change"), max_length=300, blank=True)

    class Meta:
        abstract = True
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return f"{getattr(self, self.record_field)}: {getattr(self, self.staff_field)}"
