"""Every write of the emergency hotline, split by sub-domain: registering calls,
sending reminders and escalations, working on follow-ups, recording absences. The
app's write API is re-exported here: callers use ``from hotline import services``."""

from hotline.services.absences import consultant_absence_record
from hotline.services.calls import fixed_consultant_at, hotline_call_register
from hotline.services.contacts import out_of_hours_contact_register
from hotline.services.follow_ups import (
    follow_up_complete,
    follow_up_reassign,
    notification_mark_read,
)
from hotline.services.messages import managers_for, message_id
from hotline.services.reminders import (
    follow_up_reminder_send,
    follow_up_reminders_send_due,
    follow_ups_escalate_due,
    hotline_sweep,
)

__all__ = [
    "consultant_absence_record",
    "fixed_consultant_at",
    "follow_up_complete",
    "follow_up_reassign",
    "follow_up_reminder_send",
    "follow_up_reminders_send_due",
    "follow_ups_escalate_due",
    "hotline_call_register",
    "hotline_sweep",
    "managers_for",
    "message_id",
    "notification_mark_read",
    "out_of_hours_contact_register",
]
