"""A failed start (a taken port) on the real lab engine: the container stays "created", its
State.Error must reach a reader that inspected it before the start (the ports screen shows the
engine's own words), and the address the engine lists for the endpoint it released is not shown.
"""

from __future__ import annotations

import contextlib

import docker.errors

from tests.lab import Lab
from tui.engine.connect import EngineTarget
from tui.engine.reader import EngineReader

SERVE = ["busybox", "httpd", "-f", "-p", "80"]


def test_error_of_a_failed_start_reaches_a_warm_reader(lab: Lab, engine_host: str) -> None:
    lab.container("holder", command=SERVE, ports={"80/tcp": 19401})
    wants = lab.container("wants", start=False, command=SERVE, ports={"80/tcp": 19401})
    reader = EngineReader(EngineTarget(engine_host))
    before = reader.snapshot().container(wants.id)
    assert before is not None and before.state == "created" and before.error == ""
    with contextlib.suppress(docker.errors.APIError):
        wants.start()
    after = reader.snapshot().container(wants.id)
    assert after is not None and after.state == "created"
    assert "port is already allocated" in after.error
    # The engine still lists the address of the endpoint it released; a container that never ran holds none.
    summary = lab.client.api.containers(all=True, filters={"id": wants.id})[0]
    listed = summary["NetworkSettings"]["Networks"]["bridge"]["IPAddress"]
    endpoints = reader.snapshot().endpoints_of(wants.id)
    assert listed and [e.address for e in endpoints] == [None]
