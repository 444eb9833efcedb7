"""Shared fixtures: the real lab engine, and a per-test lab namespace that cleans up.

Engine tests are marked `engine`. Outside CI they skip when the lab engine is not running
(`scripts/docker-lab start`); in CI (CI=true) a missing engine is an error, never a skip, and any
engine test that skips anyway makes the whole run fail.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.lab import LAB_HOST, LAB_HOST2, Lab, lab_available, lab_client

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

_engine_skips: list[str] = []


def _require_engine(host: str, which: str) -> str:
    if not lab_available(host):
        message = f"the lab's {which} is not running at {host}: run scripts/docker-lab start"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return host


@pytest.fixture(scope="session")
def engine_host() -> str:
    return _require_engine(LAB_HOST, "engine")


@pytest.fixture(scope="session")
def engine2_host(engine_host: str) -> str:
    """The lab's second engine (its own namespace; the swarm's worker node)."""
    return _require_engine(LAB_HOST2, "second engine")


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


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped and "engine" in report.keywords:
        _engine_skips.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """In CI a skipped engine test means the engine was not exercised: the run fails."""
    if IN_CI and _engine_skips and session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, exitstatus, config):  # type: ignore[no-untyped-def]
    if IN_CI and _engine_skips:
        terminalreporter.write_line(
            f"ERROR: {len(_engine_skips)} engine tests skipped in CI (the run fails): "
            + ", ".join(_engine_skips[:5])
            + (" ..." if len(_engine_skips) > 5 else ""),
            red=True,
        )
