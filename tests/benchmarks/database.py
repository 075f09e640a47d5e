"""The national benchmarks' database: Django set up as in production, on a throw-away
test database (``test_<name>``, like the test suite's) or on the one a run with
``--keep`` left."""

import os
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def national_database(*, reuse: bool = False, keep: bool = False) -> Iterator[None]:
    """Debug off and the test client's host allowed (not ``setup_test_environment()``:
    it instruments template rendering, which is slower); a new test database unless
    ``reuse``, dropped afterwards unless ``keep`` or ``reuse``."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fostercare.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.DEBUG = False  # as in production
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    old_name = connection.settings_dict["NAME"]
    if reuse:
        connection.close()
        connection.settings_dict["NAME"] = f"test_{old_name}"
    else:
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        yield
    finally:
        if not (keep or reuse):
            connection.creation.destroy_test_db(old_name, verbosity=0)
