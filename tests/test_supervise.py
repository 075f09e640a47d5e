"""fostercare/supervise.py: a process of `make run` that exits is started again; the
loop passes SIGTERM on and ends when the process has stopped."""

import signal
import subprocess
import sys
import time

from django.conf import settings

CHILD = """
import sys, time
from pathlib import Path
log = Path(sys.argv[1])
runs = len(log.read_text().splitlines()) if log.exists() else 0
log.write_text("run\\n" * (runs + 1))
if runs < 2:
    sys.exit(3)  # dies twice
time.sleep(60)
"""


def test_an_exited_process_is_started_again_and_sigterm_stops_both(tmp_path):
    log = tmp_path / "runs.txt"
    errors = tmp_path / "stderr.txt"
    loop = (
        "import sys; from fostercare.supervise import supervise; "
        "sys.exit(supervise(sys.argv[1:], pause_first=0.1))"
    )
    with errors.open("w") as stderr:
        supervisor = subprocess.Popen(
            [sys.executable, "-c", loop, sys.executable, "-c", CHILD, str(log)],
            cwd=settings.BASE_DIR,
            stderr=stderr,
        )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not (
            log.exists() and log.read_text().count("run") == 3
        ):
            time.sleep(0.05)
        time.sleep(0.3)
        assert log.read_text().count("run") == 3
        assert supervisor.poll() is None
        supervisor.send_signal(signal.SIGTERM)
        assert supervisor.wait(timeout=10) != 0  # the child's code: killed by SIGTERM
        assert errors.read_text().count("exited with code 3; starting it again") == 2
    finally:
        if supervisor.poll() is None:
            supervisor.kill()
            supervisor.wait()
    time.sleep(0.3)
    assert log.read_text().count("run") == 3  # not started again after SIGTERM


def test_usage_without_a_command():
    result = subprocess.run(
        [sys.executable, "-m", "fostercare.supervise"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "usage" in result.stderr
