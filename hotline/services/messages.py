"""Notices to staff about hotline calls, and the mail connection that sends them.

A notice (``Message``) is an in-app notification to each user it names and ONE e-mail
to all of them, with a ``Message-ID`` derived from the follow-up and the kind of
notice, so the same notice always carries the same id: a mail server or client can
drop a repeat. ``Mailer`` sends e-mails one at a time over one reused connection and
says what went wrong in SMTP's terms (``DeliveryError``): the server (unreachable,
``421``, dropped connection: try again later, nobody's fault) or the recipient
(``4xx`` temporary, ``5xx`` permanent: counts toward giving up).
"""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.core.mail.message import sanitize_address
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from fostercare.accounts.models import Role, User
from fostercare.accounts.selectors import staff_list
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


# --- Sending ---------------------------------------------------------------------------------
class DeliveryError(Exception):
    """An e-mail the server did not accept. ``recipient``: the server refused the
    address(es) (``permanent`` for a 5xx); otherwise the server itself failed (down,
    dropped the connection, ``421``) and the message may be tried again later."""

    def __init__(self, text: str, *, recipient: bool = False, permanent: bool = False):
        super().__init__(text)
        self.recipient = recipient
        self.permanent = permanent


def _text(code: int, response: bytes | str) -> str:
    if isinstance(response, bytes):
        response = response.decode(errors="replace")
    return f"{code} {response}".strip()


class _Reconnect(Exception):
    """The server closed or refused the connection (``421``): try once on a fresh one."""


class Mailer:
    """Sends e-mails one at a time over one connection, reopened when the server drops
    it or says ``421`` (e.g. "too many messages on this connection"). Use as a context
    manager so the connection is closed at the end."""

    def __init__(self) -> None:
        self.backend = get_connection(fail_silently=False)
        self._open = False

    def __enter__(self) -> Mailer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._open:
            self._open = False
            try:
                self.backend.close()
            except Exception:  # a dead connection cannot be closed politely
                logger.debug("hotline: closing the mail connection failed", exc_info=True)
                if isinstance(self.backend, SMTPBackend):
                    self.backend.connection = None

    def send(self, email: EmailMessage) -> dict[str, str]:
        """Send one e-mail. Returns the addresses the server refused while accepting the
        message for the others (``{address: "550 ..."}``, usually empty); raises
        ``DeliveryError`` when the message was not accepted at all."""
        for attempt in (1, 2):
            try:
                return self._send_once(email)
            except _Reconnect as reason:
                self.close()
                if attempt == 2:
                    raise DeliveryError(str(reason)) from None
        raise AssertionError("unreachable")

    def _send_once(self, email: EmailMessage) -> dict[str, str]:
        try:
            if not self._open:
                self.backend.open()
                self._open = True
            if isinstance(self.backend, SMTPBackend):
                refused = self._sendmail(email)
            else:
                self.backend.send_messages([email])
                refused = {}
        except smtplib.SMTPRecipientsRefused as error:
            codes = {addr: _text(*reply) for addr, reply in error.recipients.items()}
            text = "; ".join(f"{addr}: {reply}" for addr, reply in codes.items())
            if any(code == 421 for code, _reply in error.recipients.values()):
                raise _Reconnect(text) from error
            permanent = all(code >= 500 for code, _reply in error.recipients.values())
            raise DeliveryError(text, recipient=True, permanent=permanent) from error
        except smtplib.SMTPServerDisconnected as error:
            raise _Reconnect(str(error) or "connection closed") from error
        except smtplib.SMTPResponseException as error:
            text = _text(error.smtp_code, error.smtp_error)
            if error.smtp_code == 421:
                raise _Reconnect(text) from error
            # A 5xx after the recipients were accepted (the content was refused, say)
            # is about this message; a refused sender or log-in is the server's setup.
            about_message = isinstance(error, smtplib.SMTPDataError)
            self.close()
            raise DeliveryError(
                text, recipient=about_message, permanent=about_message and error.smtp_code >= 500
            ) from error
        except (smtplib.SMTPException, OSError) as error:
            self.close()
            raise DeliveryError(f"{type(error).__name__}: {error}") from error
        return dict(refused.items())

    def _sendmail(self, email: EmailMessage) -> dict[str, str]:
        # Django's SMTP backend drops what the server says about single recipients;
        # this is its ``_send`` with that kept.
        encoding = email.encoding or settings.DEFAULT_CHARSET
        from_email = sanitize_address(email.from_email, encoding)
        recipients = [sanitize_address(addr, encoding) for addr in email.recipients()]
        refused = self.backend.connection.sendmail(
            from_email, recipients, email.message().as_bytes(linesep="\r\n")
        )
        return {addr: _text(*reply) for addr, reply in refused.items()}


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
