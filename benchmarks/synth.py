"""Synthetic topologies of thousands of containers, generated on the fly (never committed as data).

Issue 11 measures the UI at 1k, 5k and 10k containers; no lab engine runs that many, so the
benchmarks and the scale tests build a `Snapshot` with the mix a large engine has: Compose
bridges with subnets, a few overlays, host/none/`container:` modes, stopped containers, legacy
links, aliases and published ports. Deterministic (a seed), so runs compare.

`python benchmarks/synth.py 10000` prints what it generates (counts).
"""

from __future__ import annotations

import argparse
import random
import sys

from tui.model.snapshot import (
    COMPOSE_PROJECT,
    COMPOSE_SERVICE,
    Container,
    Endpoint,
    EngineInfo,
    IPAMConfig,
    Link,
    Network,
    PortBinding,
    Snapshot,
)

SIZES = (1_000, 5_000, 10_000)
IMAGES = ("nginx:1.27", "postgres:16", "redis:7", "ghcr.io/acme/api:2.3.1", "busybox:1", "python:3.12-slim")


def _hex(prefix: str, n: int) -> str:
    return f"{prefix}{n:08x}".ljust(64, "0")


def networks(count: int) -> list[Network]:
    """The engine's three built-ins, then Compose bridges (one /24 each) and every tenth an overlay."""
    nets = [
        Network(_hex("b0", 0), "bridge", "bridge", ipam=(IPAMConfig("172.17.0.0/16", "172.17.0.1"),)),
        Network(_hex("b0", 1), "host", "host"),
        Network(_hex("b0", 2), "none", "null"),
    ]
    for i in range(max(count - 3, 1)):
        overlay = i % 10 == 9
        project = f"proj{i // 2:03d}"
        subnet = f"10.{i // 250}.{i % 250}.0/24" if not overlay else f"10.200.{i % 250}.0/24"
        nets.append(
            Network(
                _hex("ae", i),
                f"{project}_{'mesh' if overlay else 'net'}{i % 2}",
                "overlay" if overlay else "bridge",
                scope="swarm" if overlay else "local",
                attachable=overlay,
                internal=i % 7 == 3,
                ipam=(IPAMConfig(subnet, subnet.rsplit(".", 1)[0] + ".1"),),
                labels=((COMPOSE_PROJECT, project),),
            )
        )
    return nets


def snapshot(containers: int, network_count: int = 100, seed: int = 11) -> Snapshot:
    """`containers` containers on `network_count` networks; about 2% host, 1% none, 3% `container:` joiners."""
    rng = random.Random(seed)
    nets = networks(network_count)
    user = nets[3:]
    used = [0] * len(nets)
    ctrs: list[Container] = []
    eps: list[Endpoint] = []
    links: list[Link] = []
    for j in range(containers):
        cid = _hex("c", j)
        roll = rng.random()
        home_i = 3 + j % len(user)
        project = dict(nets[home_i].labels).get(COMPOSE_PROJECT, "")
        service = f"svc{j % 40:02d}"
        labels = ((COMPOSE_PROJECT, project), (COMPOSE_SERVICE, service)) if project else ()
        mode = nets[home_i].name
        if roll < 0.02:
            mode = "host"
        elif roll < 0.03:
            mode = "none"
        elif roll < 0.06 and ctrs:
            mode = f"container:{ctrs[-1].id}"
        elif roll < 0.12:
            mode = "default"
        ports: tuple[PortBinding, ...] = ()
        if j % 9 == 0:
            ports = (PortBinding(80 + j % 3, "tcp", "0.0.0.0", 20000 + j),)
        elif j % 23 == 0:
            ports = (PortBinding(53, "udp", "127.0.0.1", 30000 + j), PortBinding(8443, "tcp"))
        state = "exited" if j % 13 == 7 else "running"
        name = f"{project or 'solo'}-{service}-{j}"
        ctrs.append(
            Container(cid, name, IMAGES[j % len(IMAGES)], state, f"Up {j % 50} hours", mode, labels, ports, created=j)
        )
        if state != "running" or mode.startswith("container:") or mode == "none":
            continue
        homes = [home_i] if mode not in ("default", "host") else [0 if mode == "default" else 1]
        if mode not in ("default", "host") and j % 5 == 0:
            homes.append(3 + (home_i + 7) % len(user))
        for h in dict.fromkeys(homes):
            used[h] += 1
            net = nets[h]
            ipv4 = None
            if net.ipam and net.driver != "host":
                base = net.ipam[0].subnet or ""
                prefix = base.rsplit(".", 1)[0] if net.name != "bridge" else f"172.17.{used[h] // 250}"
                ipv4 = f"{prefix}.{used[h] % 250 + 2}/{base.rsplit('/', 1)[1]}"
            aliases = (service, cid[:12]) if h >= 3 else ()
            mac = f"02:42:{(j >> 16) & 255:02x}:{(j >> 8) & 255:02x}:{j & 255:02x}:{h & 255:02x}"
            eps.append(Endpoint(cid, net.id, net.name, ipv4, None, mac, aliases=aliases, dns_names=(name, *aliases)))
        if j % 50 == 25 and len(ctrs) > 10:
            links.append(Link(cid, ctrs[-5].id, "db", ""))
    engine = EngineInfo(host="unix:///var/run/docker.sock", name="synthetic", server_version="27.3.1")
    return Snapshot(engine, tuple(nets), tuple(ctrs), tuple(eps), tuple(links), source="snapshot")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("containers", type=int, nargs="?", default=1000)
    parser.add_argument("--networks", type=int, default=100)
    args = parser.parse_args(argv)
    snap = snapshot(args.containers, args.networks)
    print(
        f"{len(snap.containers)} containers, {len(snap.networks)} networks, {len(snap.endpoints)} endpoints,"
        f" {len(snap.links)} links",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
