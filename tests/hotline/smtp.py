"""A real SMTP server for tests (aiosmtpd, in a thread of the test process).

It records every message it accepts (``Message-ID``, recipients, time), and can
misbehave as real servers do: refuse mailboxes (``550``) or answer "try later"
(``450``), end a connection after ``per_connection`` messages with ``421``, take its
time over each recipient, and call a hook at each ``RCPT`` (where a test kills the
sender at a known point of the conversation).
"""

from __future__ import annotations

import asyncio
import email
import logging
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from email.header import decode_header, make_header

from django.utils import timezone


@dataclass(frozen=True)
class Received:
    message_id: str
    follow_up: str
    to: tuple[str, ...]
    subject: str
    at: datetime
    peer: tuple


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class FakeSMTP:
    refuse: set[str] = field(default_factory=set)  # 550
    busy: set[str] = field(default_factory=set)  # 450
    per_connection: int | None = None  # 421 after this many messages on one connection
    rcpt_delay: float = 0.0
    on_rcpt: Callable[[tuple, int, str], None] | None = None  # (peer, messages so far, address)

    def __post_init__(self) -> None:
        self.received: list[Received] = []
        self.refusals: list[tuple[str, str]] = []  # (address, reply)
        self.closed_421 = 0
        self.connections = 0
        self._per_peer: Counter[tuple] = Counter()
        self._lock = threading.Lock()
        self.host = "127.0.0.1"
        self.port = free_port()
        self._controller = None

    # --- aiosmtpd handler hooks ----------------------------------------------------------
    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        with self._lock:
            self.connections += 1
        return responses

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.per_connection is not None and self._per_peer[session.peer] >= self.per_connection:
            with self._lock:
                self.closed_421 += 1
            return "421 4.7.0 Too many messages on one connection, closing"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.rcpt_delay:
            await asyncio.sleep(self.rcpt_delay)
        if self.on_rcpt is not None:
            self.on_rcpt(session.peer, self._per_peer[session.peer], address)
        if address in self.refuse:
            reply = f"550 5.1.1 <{address}>: mailbox unavailable"
        elif address in self.busy:
            reply = f"450 4.2.1 <{address}>: mailbox busy, try later"
        else:
            envelope.rcpt_tos.append(address)
            return "250 OK"
        with self._lock:
            self.refusals.append((address, reply))
        return reply

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content)
        with self._lock:
            self._per_peer[session.peer] += 1
            self.received.append(
                Received(
                    message_id="".join(str(message["Message-ID"]).split()),  # unfolded
                    follow_up=message["X-Hotline-Follow-Up"] or "",
                    to=tuple(envelope.rcpt_tos),
                    subject=str(make_header(decode_header(message["Subject"]))),
                    at=timezone.now(),
                    peer=session.peer,
                )
            )
        return "250 2.0.0 Message accepted"

    # --- running ---------------------------------------------------------------------------
    def start(self) -> FakeSMTP:
        from aiosmtpd.controller import Controller

        logging.getLogger("mail.log").setLevel(logging.WARNING)  # one line per command
        self._controller = Controller(self, hostname=self.host, port=self.port, ready_timeout=10)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def settings(self) -> dict:
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": self.host,
            "EMAIL_PORT": self.port,
            "EMAIL_USE_TLS": False,
            "EMAIL_USE_SSL": False,
            "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
            "EMAIL_TIMEOUT": 5,
        }

    def url(self) -> str:
        return f"smtp://{self.host}:{self.port}"

    # --- reading ---------------------------------------------------------------------------
    def messages(self) -> list[Received]:
        with self._lock:
            return list(self.received)

    def ids(self) -> Counter[str]:
        return Counter(m.message_id for m in self.messages())

    def wait_for(self, count: int, timeout: float = 10.0) -> list[Received]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and len(self.received) < count:
            time.sleep(0.02)
        return self.messages()
