"""Sending e-mails one at a time over one reused connection, and what went wrong in
SMTP's terms (``DeliveryError``): the server (unreachable, ``421``, dropped connection:
try again later, nobody's fault) or the recipient (``4xx`` temporary, ``5xx``
permanent: counts toward giving up). Used by every outbox (``fostercare/outbox.py``).
"""

from __future__ import annotations

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.core.mail.message import sanitize_address

logger = logging.getLogger(__name__)


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
                logger.debug("mail: closing the mail connection failed", exc_info=True)
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
