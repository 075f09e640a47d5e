"""The decision letter, issued with the decision and stored as issued."""

from django.db import transaction
from django.utils import timezone

from economics.letters import letter_text, letter_title
from economics.models import ApplicationKind, DecisionLetter, ExpenseDecision
from economics.selectors.applications import undocumented_used
from fostercare.accounts.models import User
from fostercare.audit.services import log_change
from fostercare.validation import validated_save


@transaction.atomic
def decision_letter_issue(*, actor: User, decision: ExpenseDecision) -> DecisionLetter:
    """Write the Danish letter for ``decision`` and keep it exactly as issued."""
    application = decision.application
    cap_used = None
    if application.kind == ApplicationKind.OTHER_COSTS:
        cap_used = undocumented_used(
            child=application.placement.child, year=decision.decided_on.year
        )
    letter = DecisionLetter(
        decision=decision,
        title=letter_title(decision),
        body=letter_text(decision=decision, issued_on=timezone.localdate(), cap_used=cap_used),
        issued_by=actor,
    )
    validated_save(letter)
    log_change(
        actor=actor, instance=letter, action="create", municipality_id=application.municipality_id
    )
    return letter
