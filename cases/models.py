import uuid
from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from fostercare.cpr import mask_cpr, validate_cpr


class Child(models.Model):
    """A child or young person whose case the municipality holds.

    The CPR number is stored once, normalised (DDMMYY-SSSS), and shown masked
    everywhere but the child's own page; the birth date is derived from it.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey(
        "accounts.Municipality",
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("placing municipality"),
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    cpr = models.CharField(_("CPR number"), max_length=11, validators=[validate_cpr])
    birth_date = models.DateField(_("date of birth"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["first_name", "last_name"]
        verbose_name = _("child")
        verbose_name_plural = _("children")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "cpr"],
                name="child_cpr_unique_per_municipality",
                violation_error_message=_("A child with this CPR number is already registered."),
            ),
            models.CheckConstraint(
                condition=models.Q(cpr__regex=r"^[0-9]{6}-[0-9]{4}$"), name="child_cpr_format"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def masked_cpr(self) -> str:
        return mask_cpr(self.cpr)

    def age_on(self, day: date) -> int:
        born = self.birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
