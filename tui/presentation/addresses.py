"""The address-space screen's cells and detail sections (pure; `tui.model.addrspace` computes).

The detail pane always carries the engine-wide facts under the selected subnet: the default
pools with what remains (and the warning that explains why the next network would fail to get
a pool), the conflicts, and whether the host's routes could be read at all.
"""

from __future__ import annotations

from tui.model.addrspace import AddressSpace, SubnetRow
from tui.model.sanitize import clean
from tui.presentation.tables import NONE, Section

ADDRESS_COLUMNS = (
    ("subnet", "Subnet"),
    ("network", "Network"),
    ("driver", "Driver"),
    ("gateway", "Gateway"),
    ("usage", "Used/size"),
    ("conflicts", "Conflicts"),
)


def row_key(row: SubnetRow) -> str:
    """Unique per subnet of a network; the network id comes first (`network_of_key`)."""
    return f"{row.network_id}|{row.engine}|{row.cidr}"


def network_of_key(key: str) -> str:
    return key.split("|", 1)[0]


def gateway_text(row: SubnetRow) -> str:
    if not row.gateway:
        return NONE
    return f"{row.gateway} (derived)" if row.gateway_derived else row.gateway


def size_text(size: int) -> str:
    """Sizes of IPv6 subnets are huge: a power of two reads better than 20 digits."""
    return str(size) if size <= 1 << 24 else f"2^{size.bit_length() - 1}"


def _mine(space: AddressSpace, row: SubnetRow) -> list[str]:
    mine = f"{row.label} {row.cidr}"
    return [c.kind for c in space.conflicts if mine in (c.a, c.b)]


def subnet_cells(space: AddressSpace, row: SubnetRow) -> tuple[str, ...]:
    kinds = _mine(space, row)
    return (
        row.cidr,
        clean(row.label),
        clean(row.driver),
        gateway_text(row),
        f"{row.used}/{size_text(row.size)}",
        ", ".join(dict.fromkeys(kinds)) if kinds else NONE,
    )


def address_sections(space: AddressSpace, row: SubnetRow | None) -> list[Section]:
    sections: list[Section] = []
    if row is not None:
        gateway = gateway_text(row)
        if row.gateway_derived:
            gateway += ": not in the engine's IPAM config; the host bridge's address, or Docker's default"
        sections.append(
            Section(
                "Subnet",
                (
                    ("Subnet", row.cidr),
                    ("Network", clean(row.label)),
                    ("Driver", clean(row.driver)),
                    ("Gateway", gateway),
                    ("In use", f"{row.used} of {size_text(row.size)} addresses (members, gateway, reserved)"),
                ),
            )
        )
        mine = f"{row.label} {row.cidr}"
        own = [c for c in space.conflicts if mine in (c.a, c.b)]
        if own:
            sections.append(Section("Conflicts of this subnet", tuple((c.kind, clean(c.detail)) for c in own)))
    pools = tuple(
        (
            f"{p.base} /{p.size}" + (f" @{clean(p.engine)}" if p.engine else ""),
            f"{p.blocks_used} of {p.blocks_total} blocks used, {p.blocks_free} free"
            + (" (Docker's built-in defaults: the engine does not report its pools)" if p.builtin else ""),
        )
        for p in space.pools
    )
    sections.append(Section("Default address pools", pools or (("", NONE),)))
    if space.warnings:
        sections.append(Section("Warning", tuple(("", clean(w)) for w in space.warnings)))
    every = tuple((c.kind, clean(c.detail)) for c in space.conflicts) or (("", "none known"),)
    if space.routes_problem:
        every += (("host routes", f"{space.routes_problem}: conflicts with them are not shown"),)
    sections.append(Section("All conflicts", every))
    sections.append(Section("A free subnet", (("next /24", space.suggest or "none found"),)))
    return sections
