"""Production mode refuses to start half-configured and passes `check --deploy`."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

PRODUCTION_ENV = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "a" * 20 + "production-test-key-with-enough-entropy-9f8e7d6c5b",
    "ALLOWED_HOSTS": "plejefamilier.kommune.example",
    "DATABASE_URL": "postgres://fostercare:pw@db.invalid:5432/fostercare",
    "REDIS_URL": "redis://redis.invalid:6379/0",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    test_only = {"DJANGO_ALLOW_ASYNC_UNSAFE"}  # set by the browser tests in this process
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV.keys() | test_only}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_passes_check_deploy_without_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"])
def test_production_refuses_to_start_without(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert f"{missing} must be set when DJANGO_ENV=production" in result.stderr


def test_development_defaults_are_safe_for_tests():
    assert settings.TIME_ZONE == "Europe/Copenhagen"
    assert settings.LANGUAGE_CODE == "da"
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
