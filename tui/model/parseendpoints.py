"""A container's endpoints (one per network) from its list summary and, when read, its inspect.

The summary carries addresses; aliases, DNS names, per-network links and the static address asked
for come from the inspect (`docker-lab.md`: the list call leaves them null).
"""

from __future__ import annotations

from tui.model.rawjson import Raw, array, obj, text
from tui.model.snapshot import Endpoint


def parse_endpoints(
    container_id: str, summary: Raw, inspect: Raw | None, network_ids: dict[str, str]
) -> list[Endpoint]:
    nets = obj(summary.get("NetworkSettings")).get("Networks")
    if nets is None and inspect:
        nets = obj(obj(inspect).get("NetworkSettings")).get("Networks")
    detail = obj(obj(obj(inspect).get("NetworkSettings")).get("Networks"))
    # A container that never ran holds no address; after a failed start (a taken port) the engine
    # still lists the endpoint it released, address and all (measured on 20.10): leave those out.
    never_ran = summary.get("State") == "created"
    result = []
    for net_name, ep in obj(nets).items():
        ep = obj(ep)
        more = obj(detail.get(net_name))
        ip, plen = ep.get("IPAddress"), ep.get("IPPrefixLen")
        ip6, plen6 = ep.get("GlobalIPv6Address"), ep.get("GlobalIPv6PrefixLen")
        if never_ran:
            ip = ip6 = None
        ipam_cfg = obj(more.get("IPAMConfig")) or obj(ep.get("IPAMConfig"))
        result.append(
            Endpoint(
                container_id=container_id,
                network_id=text(ep.get("NetworkID")) or network_ids.get(net_name, ""),
                network_name=net_name,
                ipv4=f"{ip}/{plen}" if ip else None,
                ipv6=f"{ip6}/{plen6}" if ip6 else None,
                mac=None if never_ran else ep.get("MacAddress") or None,
                gateway=None if never_ran else ep.get("Gateway") or None,
                aliases=tuple(text(a) for a in (array(more.get("Aliases")) or array(ep.get("Aliases")))),
                dns_names=tuple(text(a) for a in (array(more.get("DNSNames")) or array(ep.get("DNSNames")))),
                links=tuple(text(a) for a in (array(more.get("Links")) or array(ep.get("Links")))),
                endpoint_id=text(ep.get("EndpointID")),
                static_ipv4=ipam_cfg.get("IPv4Address") or None,
            )
        )
    return result
