"""Reads of fee agreements and their renegotiations, limited to the user's
municipality (none for roles that may not read economics)."""

from django.db.models import F, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from cases.models import Placement
from economics.models import FeeAgreement, FeeRenegotiation
from fostercare.accounts.models import User

READ = "economics.view"


def fee_agreement_scope(*, user: User) -> QuerySet[FeeAgreement]:
    agreements = FeeAgreement.objects.filter(family__municipality_id=user.municipality_id)
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
        Placement.objects.filter(family=family)
        .select_related("child")
        .order_by("-start_date", "pk")
    )
