"""Notices to staff about hotline calls, and the mail connection that sends them.

A notice (``Message``) is an in-app notification to each user it names and ONE e-mail
to all of them, with a ``Message-ID`` derived from the follow-up and the kind of
notice, so the same notice always carries the same id: a mail server or client can
drop a repeat. ``Mailer`` and ``DeliveryError`` live in the kernel (``fostercare/mail.py``)
and are re-exported here.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from fostercare.accounts.models import Role, User
from fostercare.accounts.selectors import staff_list
from fostercare.mail import DeliveryError as DeliveryError  # re-exported
from fostercare.mail import Mailer
from hotline.models import (
    HotlineCall,
    HotlineSettings,
    Notification,
)

logger = logging.getLogger(__name__)

# What a reminder or escalation needs of a follow-up, loaded in one query.
FOLLOW_UP_RELATED = ("call__family", "call__municipality", "owner", "owner__manager")


def call_url(call: HotlineCall) -> str:
    return reverse("hotline:call_detail", kwargs={"public_id": call.public_id})


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def local_time(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%d.%m.%Y %H:%M")


def family_label(call: HotlineCall) -> str:
    return call.family_label


def message_id(follow_up_public_id: str, kind: str) -> str:
    """The ``Message-ID`` of one notice about one follow-up; the same on every try."""
    return f"<followup-{follow_up_public_id}.{kind}@{settings.HOTLINE_MESSAGE_ID_DOMAIN}>"


# --- Who hears about a follow-up ---------------------------------------------------------
@dataclass(frozen=True)
class Audience:
    """The users (each gets an in-app notification and the e-mail) and any further
    addresses a notice goes to. ``fallback``: nobody in charge could receive it, so it
    went to the municipality's fallback address and administrators."""

    users: tuple[User, ...] = ()
    addresses: tuple[str, ...] = ()
    fallback: bool = False

    def __bool__(self) -> bool:
        return bool(self.users or self.addresses)


def managers_for(*, municipality_id: int, user: User | None = None) -> list[User]:
    """Who hears about escalations: the user's own manager, or else every active
    manager of the municipality (so nothing waits for a manager nobody named)."""
    if user is not None and user.manager_id and user.manager.is_active:
        return [user.manager]
    return list(staff_list(roles=Role.MANAGER, municipality_id=municipality_id))


def fallback_audience(*, municipality_id: int) -> Audience:
    """The municipality's fallback address (``HotlineSettings``) and every active admin."""
    admins = tuple(staff_list(roles=Role.ADMIN, municipality_id=municipality_id))
    address = (
        HotlineSettings.objects.filter(municipality_id=municipality_id)
        .values_list("fallback_email", flat=True)
        .first()
    )
    return Audience(users=admins, addresses=(address,) if address else (), fallback=True)


def manager_audience(*, municipality_id: int, user: User | None = None) -> Audience:
    """The user's manager or the municipality's managers; without any, the fallback."""
    managers = managers_for(municipality_id=municipality_id, user=user)
    if managers:
        return Audience(users=tuple(managers))
    return fallback_audience(municipality_id=municipality_id)


def owner_audience(*, municipality_id: int, owner: User | None) -> Audience:
    """The owner if they can receive it; else their manager, the managers, the fallback."""
    if owner is not None and owner.is_active:
        return Audience(users=(owner,))
    return manager_audience(municipality_id=municipality_id, user=owner)


# --- One notice ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Message:
    """One notice about a follow-up: a notification to each user, one e-mail to all."""

    audience: Audience
    subject: str
    body: str
    link: str
    follow_up_public_id: str
    kind: str

    @property
    def message_id(self) -> str:
        return message_id(self.follow_up_public_id, self.kind)

    def recipients(self) -> list[str]:
        emails = [u.email for u in self.audience.users if u.is_active and u.email]
        return list(dict.fromkeys([*emails, *self.audience.addresses]))

    def notifications(self) -> list[Notification]:
        return [
            Notification(user=user, text=self.subject[:300], link=self.link)
            for user in self.audience.users
        ]

    def email(self) -> EmailMessage:
        return EmailMessage(
            subject=self.subject,
            body=f"{self.body}\n\n{_absolute(self.link)}\n",
            to=self.recipients(),
            headers={
                "Message-ID": self.message_id,
                "X-Hotline-Follow-Up": self.follow_up_public_id,
            },
        )


def deliver_after_commit(messages: list[Message]) -> None:
    """For notices that must not undo the change that caused them: the notifications
    are written now, the e-mails go after commit over one connection; a mail failure
    is logged (the notification stays on the start page)."""
    messages = [m for m in messages if m.audience]
    if not messages:
        return
    Notification.objects.bulk_create([n for m in messages for n in m.notifications()])
    emails = [m.email() for m in messages]

    def send() -> None:
        with Mailer() as mailer:
            for email in emails:
                try:
                    mailer.send(email)
                except Exception:  # the change is saved; a lost e-mail must not undo it
                    logger.exception("hotline: could not send %s", email.extra_headers)

    transaction.on_commit(send)
