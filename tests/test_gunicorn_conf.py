"""gunicorn.conf.py: a worker freezes what it has loaded once it is warm, and once."""

import gc
import runpy
from pathlib import Path
from types import SimpleNamespace

import pytest

CONF = runpy.run_path(str(Path(__file__).resolve().parent.parent / "gunicorn.conf.py"))


@pytest.fixture
def unfrozen():
    gc.unfreeze()
    yield
    gc.unfreeze()


@pytest.mark.parametrize(
    ("requests", "frozen"),
    [(1, False), (CONF["WARM_UP_REQUESTS"] - 1, False), (CONF["WARM_UP_REQUESTS"], True),
     (CONF["WARM_UP_REQUESTS"] + 1, True)],
)  # fmt: skip
def test_a_worker_freezes_what_it_has_loaded_once_warm(unfrozen, requests, frozen):
    CONF["post_request"](SimpleNamespace(nr=requests), None, {}, None)
    assert (gc.get_freeze_count() > 0) == frozen


def test_a_warm_worker_freezes_once(unfrozen):
    CONF["post_request"](SimpleNamespace(nr=CONF["WARM_UP_REQUESTS"]), None, {}, None)
    frozen = gc.get_freeze_count()
    kept = [[] for _ in range(1000)]  # made by a later request (lists are tracked)
    CONF["post_request"](SimpleNamespace(nr=CONF["WARM_UP_REQUESTS"] + 1), None, {}, None)
    assert gc.get_freeze_count() == frozen
    assert kept
