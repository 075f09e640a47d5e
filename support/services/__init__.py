"""Every write of the support around foster families; callers use
``from support import services``."""

from support.services.reminders import (
    condition_reminders_plan,
    condition_reminders_send_due,
    support_sweep,
)

__all__ = [
    "condition_reminders_plan",
    "condition_reminders_send_due",
    "support_sweep",
]
