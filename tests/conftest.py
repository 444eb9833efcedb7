"""Shared fixtures: the real lab engine, and a per-test lab namespace that cleans up.

Engine tests are marked `engine`. Outside CI they skip when the lab engine is not running
(`scripts/docker-lab start`); in CI (CI=true) a missing engine is an error, never a skip.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.lab import LAB_HOST, Lab, lab_available, lab_client

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(scope="session")
def engine_host() -> str:
    if not lab_available():
        message = f"the lab engine is not running at {LAB_HOST}: run scripts/docker-lab start"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return LAB_HOST


@pytest.fixture(scope="session")
def docker_client(engine_host: str):  # type: ignore[no-untyped-def]
    client = lab_client()
    yield client
    client.close()


@pytest.fixture
def lab(docker_client) -> Iterator[Lab]:  # type: ignore[no-untyped-def]
    """A fresh namespace of lab objects for one test, removed afterwards."""
    namespace = Lab(docker_client)
    try:
        yield namespace
    finally:
        namespace.cleanup()


@pytest.fixture(scope="module")
def seed(docker_client):  # type: ignore[no-untyped-def]
    """The seed document's scenarios built once per module (read-only tests share it)."""
    from tests.lab import build_seed

    namespace = Lab(docker_client)
    try:
        objects = build_seed(namespace)
        yield namespace, objects
    finally:
        namespace.cleanup()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if "engine_host" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.engine)


def pytest_terminal_summary(terminalreporter, exitstatus, config):  # type: ignore[no-untyped-def]
    """In CI a skipped engine test means the engine was not exercised: make it loud."""
    if not IN_CI:
        return
    skipped = terminalreporter.stats.get("skipped", [])
    engine_skips = [r for r in skipped if "engine" in getattr(r, "keywords", {})]
    if engine_skips:
        terminalreporter.write_line(f"ERROR: {len(engine_skips)} engine tests skipped in CI", red=True)
