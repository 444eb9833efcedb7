"""A container's port facts from raw engine JSON, each family and each wish kept apart.

`tui.model.parse` merges the engine's `0.0.0.0` and `::` entries of one `-p` into one
`Container.ports` binding, which the tables and the reach rules want. The ports screen needs more:
both families (the engine may give them different host ports), the bindings a container *asks*
for (a stopped or failed container publishes nothing, so the list summary has none of them) and
the ports it only exposes. These readers give them, tolerant of missing fields like the rest.
"""

from __future__ import annotations

from tui.model.rawjson import Raw, array, integer, obj, text
from tui.model.snapshot import PortBinding


def _order(b: PortBinding) -> tuple[int, str, int, str]:
    return (b.container_port, b.protocol, b.host_port or 0, b.host_ip)


def _key(raw_key: object) -> tuple[int, str] | None:
    """`"80/tcp"` as (80, "tcp"); None for what is not a port."""
    port, _, proto = text(raw_key).partition("/")
    number = integer(port)
    return None if number is None else (number, proto or "tcp")


def all_bindings(summary: Raw, inspect: Raw) -> tuple[PortBinding, ...]:
    """Every entry of the list summary's `Ports` (else the inspect's `NetworkSettings.Ports`),
    one per address family; an exposed port not published has `host_port` None."""
    found: set[PortBinding] = set()
    if "Ports" in summary:
        for p in map(obj, array(summary.get("Ports"))):
            private = integer(p.get("PrivatePort"))
            if private is not None:
                found.add(
                    PortBinding(private, text(p.get("Type")) or "tcp", text(p.get("IP")), integer(p.get("PublicPort")))
                )
    else:
        for raw_key, bindings in obj(obj(inspect.get("NetworkSettings")).get("Ports")).items():
            key = _key(raw_key)
            if key is None:
                continue
            for b in array(bindings) or [None]:
                found.add(PortBinding(key[0], key[1], text(obj(b).get("HostIp")), integer(obj(b).get("HostPort"))))
    return tuple(sorted(found, key=_order))


def wanted_ports(host_config: Raw) -> tuple[PortBinding, ...]:
    """`HostConfig.PortBindings`: what `-p` asked for. `host_ip` "" is every address (both
    families), `host_port` None lets the engine choose one when the container starts."""
    found: set[PortBinding] = set()
    for raw_key, bindings in obj(host_config.get("PortBindings")).items():
        key = _key(raw_key)
        if key is None:
            continue
        for b in map(obj, array(bindings)):
            found.add(PortBinding(key[0], key[1], text(b.get("HostIp")), integer(b.get("HostPort"))))
    return tuple(sorted(found, key=_order))


def exposed_ports(config: Raw) -> tuple[PortBinding, ...]:
    """`Config.ExposedPorts` (the image's EXPOSE and `--expose`), without host ports."""
    keys = [k for k in map(_key, obj(config.get("ExposedPorts"))) if k is not None]
    return tuple(sorted({PortBinding(port, proto) for port, proto in keys}, key=_order))
