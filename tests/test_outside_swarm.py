"""A swarm service's port published through the routing mesh, from outside: the verdict agrees
with a real connection from the swarm's other node to this node's address.

On the lab's kernel (no IPVS) the engine sets up no DOCKER-INGRESS rule and the port refuses;
the verdict must say "not reachable" and why. Where the mesh is wired (a kernel with IPVS), the
verdict must be "not known" (dockernet does not follow IPVS), never a guess.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from docker.types import EndpointSpec

from tests.lab import LAB_NETNS2, Lab, wait_for_tasks
from tests.outside import Outside, probe_from
from tui.engine.connect import EngineTarget
from tui.engine.reader import EngineReader
from tui.reach.exposure import exposure

PUBLISHED = 19302


@pytest.fixture(scope="module")
def task(docker_client, engine_host: str) -> Iterator[tuple[Lab, Any]]:  # type: ignore[no-untyped-def]
    lab = Lab(docker_client, prefix="dnouts-")
    try:
        service = lab.service(
            "mesh",
            command=["busybox", "httpd", "-f", "-p", "80"],
            endpoint_spec=EndpointSpec(ports={PUBLISHED: 80}),
            constraints=["node.role==manager"],
        )
        running = wait_for_tasks(docker_client, service, 1)
        yield lab, running[0]["Status"]["ContainerStatus"]["ContainerID"]
    finally:
        lab.cleanup()


def test_mesh_port_verdict_agrees_with_the_node(task: tuple[Lab, Any], engine_host: str) -> None:
    _, container_id = task
    snap = EngineReader(EngineTarget(engine_host), one_shot=True).snapshot()
    container = snap.container(container_id)
    assert container is not None
    e = exposure(snap, container, "outside", 80)
    mesh = [p for p in e.paths if "routing mesh" in p.reason]
    assert mesh, e
    fw = snap.host.firewall if snap.host else None
    assert fw is not None and fw.ipv4 is not None
    # Asked from the swarm's other node (engine 2's namespace), at this node's addresses.
    answered = probe_from(Outside(LAB_NETNS2, ""), [(p.attempt.address, PUBLISHED) for p in mesh])
    if fw.ipv4.chain("nat", "DOCKER-INGRESS") is None:
        assert answered == [False] * len(mesh)
        assert all(p.reachable is False and "not set up on this node" in p.reason for p in mesh)
        if fw.ipvs is False:
            assert all("no IPVS" in p.reason for p in mesh)
    else:
        assert all(p.reachable is None for p in mesh)
