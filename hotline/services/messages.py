"""Notices to staff about hotline calls: an in-app notification and an e-mail each."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from fostercare.accounts.models import Role, User
from fostercare.accounts.selectors import staff_list
from hotline.models import (
    HotlineCall,
    Notification,
)

logger = logging.getLogger(__name__)

# What a reminder or escalation needs of a follow-up, loaded in one query.
FOLLOW_UP_RELATED = ("call__family", "call__municipality", "owner")


def call_url(call: HotlineCall) -> str:
    return reverse("hotline:call_detail", kwargs={"public_id": call.public_id})


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def local_time(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%d.%m.%Y %H:%M")


def family_label(call: HotlineCall) -> str:
    if call.family_id:
        return call.family.name
    return _("unknown family (%(caller)s)") % {"caller": call.caller_name or _("caller not named")}


def managers_for(*, municipality_id: int, user: User | None = None) -> list[User]:
    """Who hears about escalations: the user's own manager, or else every active
    manager of the municipality (so nothing waits for a manager nobody named)."""
    if user is not None and user.manager_id and user.manager.is_active:
        return [user.manager]
    return list(staff_list(roles=Role.MANAGER, municipality_id=municipality_id))


@dataclass(frozen=True)
class Message:
    """One notice to one user: an in-app notification and an e-mail."""

    user: User
    subject: str
    body: str
    link: str
    follow_up_public_id: str

    def notification(self) -> Notification:
        return Notification(user=self.user, text=self.subject[:300], link=self.link)

    def email(self) -> EmailMessage:
        return EmailMessage(
            subject=self.subject,
            body=f"{self.body}\n\n{_absolute(self.link)}\n",
            to=[self.user.email],
            headers={"X-Hotline-Follow-Up": self.follow_up_public_id},
        )


def deliver(messages: list[Message]) -> None:
    """Write the notifications and send the e-mails over one connection. Raises when
    the mail server fails, so a caller inside a transaction rolls back its claim."""
    if not messages:
        return
    Notification.objects.bulk_create([m.notification() for m in messages])
    get_connection(fail_silently=False).send_messages([m.email() for m in messages])


def deliver_after_commit(messages: list[Message]) -> None:
    """For notices that must not undo the change that caused them: the notifications
    are written now, the e-mails go after commit and a mail failure is only logged."""
    if not messages:
        return
    Notification.objects.bulk_create([m.notification() for m in messages])
    emails = [m.email() for m in messages]

    def send() -> None:
        try:
            get_connection(fail_silently=False).send_messages(emails)
        except Exception:
            logger.exception("hotline: could not send %d e-mail(s)", len(emails))

    transaction.on_commit(send)
