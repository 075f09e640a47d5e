"""Keep one process of ``make run`` running: ``python -m fostercare.supervise -- CMD ...``.

honcho (Procfile.dev) stops every process when one exits; a worker that dies (a bug, an
outage it could not ride out, the OOM killer) would take web and beat with it. Under
this loop a process that exits is started again after a pause (1 s, doubling to 30 s
while it keeps failing fast; back to 1 s once it has run for a minute). SIGTERM or
SIGINT (honcho stopping, Ctrl-C) is passed on to the process, and the loop ends when
it has stopped. Production does the same with ``restart: unless-stopped``
(docker-compose.yml) or systemd's ``Restart=always``.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time

PAUSE_FIRST = 1.0
PAUSE_MAX = 30.0
HEALTHY_AFTER = 60.0


def supervise(command: list[str], *, pause_first: float = PAUSE_FIRST) -> int:
    stopping = False
    child: subprocess.Popen | None = None

    def stop(signum, _frame):
        nonlocal stopping
        stopping = True
        if child is not None and child.poll() is None:
            child.send_signal(signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    pause = pause_first
    while True:
        started = time.monotonic()
        child = subprocess.Popen(command)  # noqa: S603 - the command line given to us
        code = child.wait()
        if stopping:
            return code
        if time.monotonic() - started >= HEALTHY_AFTER:
            pause = pause_first
        print(
            f"supervise: {command[0]} exited with code {code}; starting it again in {pause:g} s",
            file=sys.stderr,
            flush=True,
        )
        deadline = time.monotonic() + pause
        while not stopping and time.monotonic() < deadline:
            time.sleep(0.1)
        if stopping:
            return code
        pause = min(pause * 2, PAUSE_MAX)


def main(argv: list[str]) -> int:
    if argv[:1] == ["--"]:
        argv = argv[1:]
    if not argv:
        print("usage: python -m fostercare.supervise -- COMMAND [ARG ...]", file=sys.stderr)
        return 2
    return supervise(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
