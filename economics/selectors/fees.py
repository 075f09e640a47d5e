"""Reads of fee agreements and their renegotiations, limited to the user's
municipality (none for roles that may not read economics)."""

from datetime import date

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from cases.models import Placement
from economics.models import FeeAgreement, FeeRenegotiation
from families.selectors import ANY_CURRENT, family_figure_scope
from fostercare.accounts.models import User
from fostercare.figures import Span, counts_per_period, for_periods

READ = "economics.view"


def fee_paid_by_q(municipality_id: int, prefix: str = "") -> Q:
    """The fee agreements a municipality pays: the placing municipality's, for its
    children wherever they live; an agreement carried over without a child, the
    family's own municipality's (it agreed it)."""
    return Q(**{f"{prefix}placement__child__municipality_id": municipality_id}) | Q(
        **{f"{prefix}placement__isnull": True, f"{prefix}family__municipality_id": municipality_id}
    )


def fee_agreement_scope(*, user: User) -> QuerySet[FeeAgreement]:
    agreements = FeeAgreement.objects.filter(fee_paid_by_q(user.municipality_id))
    return agreements if user.can(READ) else agreements.none()


def fee_agreement_get(*, user: User, public_id) -> FeeAgreement:
    """One fee agreement with its family and child, or 404."""
    return get_object_or_404(
        fee_agreement_scope(user=user).select_related("family", "placement__child"),
        public_id=public_id,
    )


def fee_renegotiation_get(*, user: User, public_id) -> FeeRenegotiation:
    """One renegotiation with its agreement, or 404."""
    return get_object_or_404(
        FeeRenegotiation.objects.filter(
            agreement__in=fee_agreement_scope(user=user)
        ).select_related("agreement__family", "agreement__placement__child"),
        public_id=public_id,
    )


def fee_agreement_list_for_family(*, user: User, family) -> list[FeeAgreement]:
    """The family's agreements, open first, with their renegotiations (two queries)."""
    return list(
        fee_agreement_scope(user=user)
        .filter(family=family)
        .select_related("placement__child")
        .prefetch_related(
            Prefetch(
                "renegotiations",
                queryset=FeeRenegotiation.objects.select_related("new_agreement"),
            )
        )
        .order_by(F("valid_to").desc(nulls_first=True), "-valid_from", "-pk")
    )


def fee_placement_choices(*, family) -> QuerySet[Placement]:
    """The family's placements (its placed children) an agreement may be for, newest
    first."""
    return (
        Placement.objects.filter(family=family, child__municipality_id=family.municipality_id)
        .select_related("child")
        .order_by("-start_date", "pk")
    )


def family_filter_fee_renegotiation(families, value: str, *, on, since=None, until=None):
    """Families with a fee renegotiation in the period (``value`` "any" or a result):
    the list behind ``fee_renegotiation_figures`` (registered in ``apps.py`` as a
    family-list filter)."""
    if not (since and until):
        return families
    renegotiations = FeeRenegotiation.objects.filter(
        agreement__family=OuterRef("pk"), date__range=(since, until)
    )
    if value != ANY_CURRENT:
        renegotiations = renegotiations.filter(result=value)
    return families.filter(Exists(renegotiations))


@for_periods
def fee_renegotiation_figures(
    *, user: User, periods: list[Span], consultant: User | None = None
) -> list[dict]:
    """Fee renegotiations in each period (the most frequent cause of conflict, seed
    000): how many, by result, and how many the family asked for. One query for all the
    periods."""

    def conditions(since: date, until: date) -> dict[str, Q]:
        families = family_figure_scope(user=user, until=until, consultant=consultant)
        made = Q(agreement__family__in=families, date__range=(since, until))
        return {"total": made, "by_family": made & Q(requested_by="family")} | {
            f"result_{value}": made & Q(result=value) for value in FeeRenegotiation.Result.values
        }

    renegotiations = FeeRenegotiation.objects.filter(
        agreement__family__municipality_id=user.municipality_id
    )
    return [
        {
            "total": found["total"],
            "by_family": found["by_family"],
            "by_result": {
                value: found[f"result_{value}"] for value in FeeRenegotiation.Result.values
            },
        }
        for found in counts_per_period(renegotiations, periods, conditions)
    ]
