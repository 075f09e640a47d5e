"""Carry every fee agreement and renegotiation over from the families app, where a fee
was agreed per family, to economics, where it belongs to a placed child.

The mapping (README, "Economics: fees per child and the law"):

- Every agreement keeps what was agreed: its period, note, the level in words
  (``legacy_level``) and the monthly amount (``fixed_monthly_amount``), which is paid
  as before until a renegotiation sets units. Its units are read from the level where
  it starts with a number ("4 vederlagsenheder" -> 4).
- It is given a child only when that is unambiguous: exactly one child was placed in
  the family at some time in the agreement's period, and the agreement lies within
  that placement. Otherwise (no child, several children, or a period reaching outside
  the placement) it stays with the family, without a child, and says why in
  ``needs_assignment``; the family page and the payment list show it, and a
  consultant assigns it (``economics:fee_assign``).
- Renegotiations follow their agreements; a concluded one is dated concluded on its
  own date; its notes are kept.

Going back would have to merge per-child agreements into one per family, which loses
information, so this migration cannot be reversed.
"""

import re
from decimal import Decimal, InvalidOperation

from django.db import migrations
from django.db.models import Q

UNITS = re.compile(r"^\s*(\d{1,2}(?:[.,]\d{1,2})?)(?!\d)")

# Stored text, shown to the consultant who assigns the agreement (Danish, the
# language of the data).
NO_CHILD = "Intet barn var anbragt i familien i aftalens periode: vælg barnet, vederlaget er til."
SEVERAL = (
    "Flere børn var anbragt i familien i aftalens periode (%s): vælg barnet, vederlaget er til."
)
OUTSIDE = (
    "Aftalens periode rækker uden for barnets anbringelse (%s): vælg barnet og tilpas perioden."
)


def _units(level: str):
    match = UNITS.match(level or "")
    if not match:
        return None
    try:
        units = Decimal(match.group(1).replace(",", "."))
    except InvalidOperation:
        return None
    return units if units > 0 else None


def _name(placement) -> str:
    return f"{placement.child.first_name} {placement.child.last_name}"


def carry_over(apps, schema_editor):
    OldAgreement = apps.get_model("families", "FeeAgreement")
    OldRenegotiation = apps.get_model("families", "FeeRenegotiation")
    Agreement = apps.get_model("economics", "FeeAgreement")
    Renegotiation = apps.get_model("economics", "FeeRenegotiation")
    Placement = apps.get_model("cases", "Placement")

    mapped = {}
    for old in OldAgreement.objects.order_by("pk"):
        overlapping = Placement.objects.filter(family_id=old.family_id).select_related("child")
        if old.valid_to is not None:
            overlapping = overlapping.filter(start_date__lte=old.valid_to)
        overlapping = list(
            overlapping.filter(Q(end_date__isnull=True) | Q(end_date__gte=old.valid_from)).order_by(
                "start_date", "pk"
            )
        )
        placement, reason = None, ""
        if not overlapping:
            reason = NO_CHILD
        elif len(overlapping) > 1:
            reason = SEVERAL % ", ".join(_name(p) for p in overlapping)
        else:
            only = overlapping[0]
            inside = old.valid_from >= only.start_date and (
                only.end_date is None
                or (old.valid_to is not None and old.valid_to <= only.end_date)
            )
            if inside:
                placement = only
            else:
                reason = OUTSIDE % _name(only)
        new = Agreement.objects.create(
            family_id=old.family_id,
            placement=placement,
            units=_units(old.level),
            fixed_monthly_amount=old.monthly_amount,
            valid_from=old.valid_from,
            valid_to=old.valid_to,
            note=old.note,
            legacy_level=old.level[:50],
            needs_assignment=reason[:300],
        )
        mapped[old.pk] = new
    for old in OldRenegotiation.objects.order_by("pk"):
        Renegotiation.objects.create(
            agreement=mapped[old.agreement_id],
            date=old.date,
            requested_by=old.requested_by,
            reason=old.reason,
            result=old.result,
            concluded_on=None if old.result == "pending" else old.date,
            outcome_reason="",
            new_agreement=mapped.get(old.new_agreement_id),
            notes=old.notes,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("economics", "0002_published_rates"),
        ("families", "0001_initial"),
        ("cases", "0002_child_needs_child_school_child_wishes_placement_and_more"),
    ]
    run_before = [("families", "0002_fee_agreements_moved_to_economics")]

    operations = [migrations.RunPython(carry_over)]
