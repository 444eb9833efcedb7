"""Build the seed document's scenarios on the real lab engine, and clean up after.

Everything created carries the run's name prefix and the label `dockernet.lab=<run id>`;
cleanup removes exactly that and nothing else. Used by the tests, the benchmarks and
scripts/make-demo (which records the embedded demo from these very scenarios).
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import subprocess
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import docker
import docker.errors
from docker.types import IPAMConfig, IPAMPool

# The lab (scripts/docker-lab): engine 1 in network namespace LAB_NETNS, engine 2 in LAB_NETNS2, both
# in one two-node swarm. The tests run inside LAB_NETNS (scripts/test), so /sys/class/net is the lab's.
LAB_DIR = os.environ.get("DOCKERNET_LAB_DIR", "/tmp/dockernet-lab").rstrip("/")
LAB_SOCKET = LAB_DIR + "/docker.sock"
LAB_HOST = os.environ.get("DOCKERNET_LAB_HOST", f"unix://{LAB_SOCKET}")
LAB_HOST2 = os.environ.get("DOCKERNET_LAB_HOST2", f"unix://{LAB_DIR}/eng2/docker.sock")
LAB_NETNS = os.environ.get("DOCKERNET_LAB_NETNS", "dnlab")
LAB_NETNS2 = os.environ.get("DOCKERNET_LAB_NETNS2", "dneng2")
LAB_IMAGE = os.environ.get("DOCKERNET_LAB_IMAGE", "dockernet-lab/busybox:latest")
LAB_LABEL = "dockernet.lab"


def lab_client(timeout: int = 30) -> docker.DockerClient:
    return docker.DockerClient(base_url=LAB_HOST, timeout=timeout, version="auto")


def lab_client2(timeout: int = 30) -> docker.DockerClient:
    """Engine 2: a second engine (its own containers and images) and the swarm's worker node."""
    return docker.DockerClient(base_url=LAB_HOST2, timeout=timeout, version="auto")


def lab_available(host: str = LAB_HOST) -> bool:
    try:
        client = docker.DockerClient(base_url=host, timeout=3, version="auto")
        try:
            client.ping()
        finally:
            client.close()
        return True
    except Exception:
        return False


@dataclass
class Lab:
    """A namespace of lab objects: prefixed names, one label, removed together."""

    client: docker.DockerClient
    prefix: str = field(default_factory=lambda: f"dnt{uuid.uuid4().hex[:6]}-")
    run_id: str = ""
    created_networks: list[str] = field(default_factory=list)
    veths: list[str] = field(default_factory=list)
    fixed_subnets: bool = False  # the demo wants the same addresses every time it is recorded

    def __post_init__(self) -> None:
        self.run_id = self.run_id or self.prefix.rstrip("-") or "demo"

    @property
    def labels(self) -> dict[str, str]:
        return {LAB_LABEL: self.run_id}

    def name(self, short: str) -> str:
        return f"{self.prefix}{short}"

    def free_subnet(self, base: str = "172.28.0.0/14") -> str:
        """A /24 no existing network overlaps (tests may run beside each other)."""
        used = []
        for n in self.client.api.networks():
            for c in (n.get("IPAM") or {}).get("Config") or []:
                if c.get("Subnet"):
                    used.append(ipaddress.ip_network(c["Subnet"], strict=False))
        candidates = list(ipaddress.ip_network(base).subnets(new_prefix=24))
        # Spread parallel test runs apart; the demo recording starts at the first free one.
        start = 0 if self.fixed_subnets else uuid.uuid4().int % len(candidates)
        for candidate in candidates[start:] + candidates[:start]:
            if not any(candidate.overlaps(u) for u in used if u.version == 4):
                return str(candidate)
        raise RuntimeError("no free /24 left for the lab")

    def network(self, short: str, subnet: str | None = None, gateway: str | None = None, **kw: Any) -> Any:
        ipam = None
        if subnet:
            ipam = IPAMConfig(pool_configs=[IPAMPool(subnet=subnet, gateway=gateway)])
        labels = {**self.labels, **kw.pop("labels", {})}
        net = self.client.networks.create(self.name(short), ipam=ipam, labels=labels, check_duplicate=True, **kw)
        self.created_networks.append(net.id)
        return net

    def container(self, short: str, start: bool = True, command: str | list[str] | None = None, **kw: Any) -> Any:
        labels = {**self.labels, **kw.pop("labels", {})}
        create = self.client.containers.create(
            LAB_IMAGE, command=command, name=self.name(short), labels=labels, detach=True, **kw
        )
        if start:
            create.start()
            create.reload()
        return create

    def veth_parent(self) -> str:
        """A parent link for macvlan/ipvlan: one macvlan network per parent, so each lab makes its own.

        This kernel refuses macvlan on dummy links; one end of a veth pair works (docker-lab.md).
        The pair is made inside the lab engine's network namespace (where dockerd looks for the
        parent), never in the host's.
        """
        ident = f"demo{len(self.veths)}" if self.fixed_subnets else uuid.uuid4().hex[:8]
        name, peer = f"dnl{ident}", f"dnp{ident}"
        ip = ["ip", "-n", LAB_NETNS, "link"]
        subprocess.run([*ip, "add", name, "type", "veth", "peer", "name", peer], check=True)
        self.veths.append(name)
        subprocess.run([*ip, "set", name, "up"], check=True)
        subprocess.run([*ip, "set", peer, "up"], check=True)
        return name

    def service(self, short: str, command: str | list[str] | None = None, **kw: Any) -> Any:
        """A swarm service (this lab's client must be the manager), labelled like everything else.

        The label goes on the service and on its tasks' containers, so cleanup finds both.
        """
        labels = {**self.labels, **kw.pop("labels", {})}
        container_labels = {**self.labels, **kw.pop("container_labels", {})}
        return self.client.services.create(
            LAB_IMAGE, command=command, name=self.name(short), labels=labels, container_labels=container_labels, **kw
        )

    def cleanup(self) -> None:
        """Remove this lab's services, containers, then its networks; never anything else."""
        flt = {"label": f"{LAB_LABEL}={self.run_id}"}
        with contextlib.suppress(docker.errors.APIError):  # 503 on a worker or outside a swarm
            for s in self.client.services.list(filters=flt):
                with contextlib.suppress(docker.errors.NotFound):
                    s.remove()
        for c in self.client.containers.list(all=True, filters=flt, ignore_removed=True):
            with contextlib.suppress(docker.errors.NotFound):
                c.remove(force=True)
        for n in self.client.networks.list(filters=flt):
            self._remove_network(n)
        for name in self.veths:  # deleting one end deletes the pair
            subprocess.run(["ip", "-n", LAB_NETNS, "link", "delete", name], check=False, capture_output=True)
        self.veths.clear()

    def _remove_network(self, net: Any, patience: float = 20.0) -> None:
        """Remove a network; an overlay may still be in use for a moment by a removed service's tasks.

        A worker cannot remove a swarm-scoped network (the manager's lab does), so that error is
        ignored there.
        """
        deadline = time.monotonic() + patience
        while True:
            try:
                net.remove()
                return
            except docker.errors.NotFound:
                return
            except docker.errors.APIError as exc:
                text = str(exc)
                if "not a swarm manager" in text or "swarm-scoped" in text.lower():
                    return
                if time.monotonic() > deadline or not ("in use" in text or "active endpoints" in text):
                    raise
                time.sleep(0.5)


def build_seed(lab: Lab, compose: bool = True) -> dict[str, Any]:
    """Every scenario of the seed document, on one engine. Returns the objects by role."""
    o: dict[str, Any] = {}
    # Default bridge and a one-way legacy link: tomcat2's /etc/hosts names tomcat1.
    o["tomcat1"] = lab.container("tomcat1")
    o["tomcat2"] = lab.container("tomcat2", links={lab.name("tomcat1"): lab.name("tomcat1")})
    # A user-defined bridge with subnet and gateway (embedded DNS), a static IP and an alias.
    sub = lab.free_subnet()
    gw = str(next(ipaddress.ip_network(sub).hosts()))
    o["appnet"] = lab.network("appnet", subnet=sub, gateway=gw, driver="bridge")
    compose_labels = {"com.docker.compose.project": "shop"} if compose else {}
    o["appnet_subnet"] = sub
    o["web"] = lab.container(
        "web",
        network=lab.name("appnet"),
        labels={**compose_labels, "com.docker.compose.service": "web"} if compose else {},
        # The demo shows a familiar 8080; tests take any free host port so they never collide.
        ports={"80/tcp": 8080 if lab.fixed_subnets else None},
    )
    static_ip = str(ipaddress.ip_network(sub)[10])
    o["api"] = lab.container(
        "api",
        start=False,
        network=lab.name("appnet"),
        labels={**compose_labels, "com.docker.compose.service": "api"} if compose else {},
    )
    lab.client.api.disconnect_container_from_network(o["api"].id, o["appnet"].id)
    lab.client.api.connect_container_to_network(
        o["api"].id, o["appnet"].id, ipv4_address=static_ip, aliases=["backend-api"]
    )
    o["api"].start()
    o["api_ip"] = static_ip
    # An internal network: no route out; the multi-homed container joins it too.
    o["backend"] = lab.network("backend", subnet=lab.free_subnet(), internal=True)
    o["db"] = lab.container(
        "db",
        network=lab.name("backend"),
        labels={**compose_labels, "com.docker.compose.service": "db"} if compose else {},
    )
    o["backend"].connect(o["api"], aliases=["api-internal"])
    # A bridge with inter-container communication off.
    o["isolated"] = lab.network(
        "isolated", subnet=lab.free_subnet(), options={"com.docker.network.bridge.enable_icc": "false"}
    )
    o["iso1"] = lab.container("iso1", network=lab.name("isolated"))
    o["iso2"] = lab.container("iso2", network=lab.name("isolated"))
    # host and none modes, and a container sharing web's network namespace.
    o["hostc"] = lab.container("hostc", network_mode="host")
    o["nonec"] = lab.container("nonec", network_mode="none")
    o["sidecar"] = lab.container("sidecar", network_mode=f"container:{o['web'].id}")
    # A stopped container keeps its network membership but has no address.
    o["stopped"] = lab.container("stopped", network=lab.name("appnet"))
    o["stopped"].kill()
    o["stopped"].wait(timeout=10)
    # Extra /etc/hosts entries from --add-host.
    o["hosty"] = lab.container("hosty", extra_hosts={"legacy-db": "10.99.0.5"})
    # overlay (attachable, needs the lab's single-node swarm), macvlan on a veth, ipvlan.
    o["ovl"] = lab.network("ovl", driver="overlay", attachable=True, subnet=lab.free_subnet("10.240.0.0/14"))
    o["svc"] = lab.container("svc", network=lab.name("ovl"))
    o["macnet"] = lab.network(
        "macnet", driver="macvlan", subnet=lab.free_subnet("192.168.0.0/16"), options={"parent": lab.veth_parent()}
    )
    o["macc"] = lab.container("macc", network=lab.name("macnet"))
    o["ipvnet"] = lab.network(
        "ipvnet", driver="ipvlan", subnet=lab.free_subnet("192.168.0.0/16"), options={"parent": lab.veth_parent()}
    )
    # ipvlan containers cannot start on this kernel; a created one still shows the membership.
    o["ipvc"] = lab.container("ipvc", start=False, network=lab.name("ipvnet"))
    return o


def build_port_scenarios(lab: Lab, seed: dict[str, Any]) -> dict[str, Any]:
    """Published ports beyond the seed's one, for the ports screen (scripts/make-demo records them).

    A port bound to the host's loopback and one to a single host address (appnet's gateway), a
    port only exposed (the low-level API: the SDK's `ports` always publishes), and a container
    that cannot start because `seed["web"]` holds the host port it asks for: its `State.Error`
    keeps the engine's own words.
    """
    o: dict[str, Any] = {}
    gateway = str(next(ipaddress.ip_network(seed["appnet_subnet"]).hosts()))
    fixed = lab.fixed_subnets
    o["admin"] = lab.container(
        "admin",
        network=lab.name("appnet"),
        ports={"9090/tcp": ("127.0.0.1", 9090 if fixed else None), "9100/tcp": (gateway, 9100 if fixed else None)},
    )
    api = lab.client.api
    cache = api.create_container(
        LAB_IMAGE,
        name=lab.name("cache"),
        ports=[6379],
        labels=lab.labels,
        host_config=api.create_host_config(network_mode=lab.name("backend")),
    )
    api.start(cache["Id"])
    o["cache"] = cache["Id"]
    seed["web"].reload()
    held = seed["web"].attrs["NetworkSettings"]["Ports"]["80/tcp"][0]["HostPort"]
    o["web_next"] = lab.container("web-next", start=False, network=lab.name("appnet"), ports={"80/tcp": int(held)})
    with contextlib.suppress(docker.errors.APIError):  # "Bind for 0.0.0.0:8080 failed: port is already allocated"
        o["web_next"].start()
    return o


def iter_lab_objects(client: docker.DockerClient, run_id: str) -> Iterator[str]:
    flt = {"label": f"{LAB_LABEL}={run_id}"}
    for c in client.containers.list(all=True, filters=flt):
        yield c.name
    for n in client.networks.list(filters=flt):
        yield n.name


def wait_for_tasks(client: docker.DockerClient, service: Any, running: int, timeout: float = 60.0) -> list[Any]:
    """The service's tasks once `running` of them run (bounded); the manager's view."""
    deadline = time.monotonic() + timeout
    while True:
        tasks = [t for t in service.tasks() if (t.get("Status") or {}).get("State") == "running"]
        if len(tasks) >= running:
            return tasks
        if time.monotonic() > deadline:
            states = [((t.get("Status") or {}).get("State"), (t["Status"] or {}).get("Err")) for t in service.tasks()]
            raise RuntimeError(f"service {service.name}: {len(tasks)} of {running} tasks running: {states}")
        time.sleep(0.5)


def build_swarm(lab1: Lab, lab2: Lab) -> dict[str, Any]:
    """The swarm scenario on the lab's two engines (engine 1 the manager, engine 2 the worker).

    An attachable overlay; a replicated service with one task on each node (max one replica per
    node), publishing port 80 through the routing mesh (an engine-chosen port, so runs never
    collide); and a plain container on each engine attached to the overlay.
    """
    from docker.types import EndpointSpec, ServiceMode

    o: dict[str, Any] = {}
    o["ovl"] = lab1.network("ovl", driver="overlay", attachable=True, subnet=lab1.free_subnet("10.240.0.0/14"))
    o["web"] = lab1.service(
        "web",
        command=["/bin/busybox", "httpd", "-f", "-p", "80"],
        networks=[lab1.name("ovl")],
        mode=ServiceMode("replicated", replicas=2),
        maxreplicas=1,
        endpoint_spec=EndpointSpec(ports=[{"Protocol": "tcp", "TargetPort": 80}]),
    )
    o["c1"] = lab1.container("c1", network=lab1.name("ovl"))
    o["c2"] = lab2.container("c2", network=lab1.name("ovl"))
    o["tasks"] = wait_for_tasks(lab1.client, o["web"], 2)
    return o


def build_swarm_world(lab1: Lab, lab2: Lab) -> dict[str, Any]:
    """`build_swarm` plus a DNS-round-robin service and a container on engine 2's default bridge only
    (the scenario tests/test_swarm.py checks and tests/record_swarm.py records)."""
    from docker.types import EndpointSpec, ServiceMode

    o = build_swarm(lab1, lab2)
    o["rr"] = lab1.service(
        "rr",
        networks=[lab1.name("ovl")],
        mode=ServiceMode("replicated", replicas=2),
        maxreplicas=1,
        endpoint_spec=EndpointSpec(mode="dnsrr"),
    )
    o["b2"] = lab2.container("b2")
    o["rr_tasks"] = wait_for_tasks(lab1.client, o["rr"], 2)
    return o


def remove_swarm_world(lab1: Lab, lab2: Lab) -> None:
    """Services first (their tasks leave the overlay), then engine 2's objects, then engine 1's."""
    for service in lab1.client.services.list(filters={"label": f"{LAB_LABEL}={lab1.run_id}"}):
        service.remove()
    lab2.cleanup()
    lab1.cleanup()
