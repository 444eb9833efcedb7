"""The ports screen's cells and detail sections (pure; `tui.model.ports` computes the inventory).

Rows are host bindings held now, bindings stopped containers ask for (dimmed) and ports only
exposed (dimmed), sorted by host port, so a wish sits beside the binding it collides with. Every
row's key starts with its container's id: the selection still means the container. Names come
from the engine: every one passes through `clean`.
"""

from __future__ import annotations

from tui.model.ports import ExposedPort, PortConflict, PortInventory, PortRow, firewall_sentence
from tui.model.portwords import exposed_meaning, exposure_label, exposure_meaning, who_can_connect
from tui.model.sanitize import clean, clean_block
from tui.model.snapshot import Snapshot
from tui.presentation.tables import NONE, Section
from tui.reach.exposure import exposure
from tui.reach.exposuretext import path_address
from tui.reach.outside import HOST_SOURCE, OUTSIDE_SOURCE

PORT_COLUMNS = (
    ("host_port", "Host port"),
    ("address", "Host address"),
    ("proto", "Proto"),
    ("container", "Container"),
    ("port", "Port"),
    ("network", "Network"),
    ("exposure", "Exposure"),
    ("note", "Note"),
)

Row = tuple[str, tuple[str, ...], bool]  # (key, cells, dimmed), as `TableScreen.rows` wants


def front_end_of(snap: Snapshot) -> str | None:
    """The host firewall's front ends (ufw, firewalld) when the engine's host told them, else None
    (a remote engine, a snapshot without the firewall facts, rules not readable)."""
    firewall = snap.host.firewall if snap.host is not None else None
    names = firewall.front_ends if firewall is not None else ()
    return " and ".join(clean(n) for n in names) or None


def exposed_key(e: ExposedPort) -> str:
    return f"{e.container_id}|{e.engine}|exposed|{e.container_port}/{e.proto}"


def container_of_key(key: str) -> str:
    """The container id a row stands for ("" for a routing-mesh row: see `service_of_key`)."""
    return key.split("|", 1)[0]


def service_of_key(key: str) -> str:
    parts = key.split("|")
    return parts[2] if len(parts) > 2 and parts[2] != "exposed" else ""


def _name(name: str, engine: str, snap: Snapshot) -> str:
    return clean(name) + (f" @{clean(engine)}" if engine and snap.multi_engine else "")


def _note(inv: PortInventory, row: PortRow) -> str:
    """Not running, and the conflicts that concern this row's host port (firewall ones: detail only)."""
    notes = [] if row.running else ["not running"]
    for c in inv.conflicts:
        if c.kind == "firewall" or (c.host_port, c.proto) != (row.host_port, row.proto):
            continue
        if c.container_id == row.container_id and c.kind in ("taken", "start-failed"):
            notes.append(f"{clean(c.holder)} holds it" if c.holder else "held elsewhere")
        elif c.container_id == row.container_id or (c.holder_id == row.container_id and row.container_id):
            other = c.holder if c.container_id == row.container_id else c.container
            notes.append(f"{'wanted by' if c.kind == 'taken' else 'also wanted by'} {clean(other)}")
        elif row.service and c.holder == f"service {row.service} (routing mesh)":
            notes.append(f"wanted by {clean(c.container)}")
    return ", ".join(dict.fromkeys(notes)) or NONE


def port_cells(inv: PortInventory, row: PortRow, snap: Snapshot) -> tuple[str, ...]:
    address = "mesh" if row.exposure == "ingress" else row.host_ip or "*"
    return (
        NONE if row.host_port is None else str(row.host_port),
        clean(address),
        clean(row.proto),
        _name(row.container, row.engine, snap) + (" (service)" if row.service else ""),
        str(row.container_port),
        ", ".join(clean(n) for n in row.networks) or NONE,
        exposure_label(row),
        _note(inv, row),
    )


def exposed_cells(e: ExposedPort, snap: Snapshot) -> tuple[str, ...]:
    nets = ", ".join(clean(n) for n in e.networks) or NONE
    return (
        NONE,
        NONE,
        clean(e.proto),
        _name(e.container, e.engine, snap),
        str(e.container_port),
        nets,
        "not published",
        NONE,
    )


def port_rows(inv: PortInventory, snap: Snapshot) -> list[Row]:
    """Held bindings, then wishes of containers not running, then exposed-only ports."""
    rows: list[Row] = [(r.key, port_cells(inv, r, snap), False) for r in inv.ports]
    rows += [(r.key, port_cells(inv, r, snap), True) for r in inv.wanted]
    rows += [(exposed_key(e), exposed_cells(e, snap), True) for e in inv.exposed]
    return rows


def conflict_rows(conflicts: list[PortConflict] | tuple[PortConflict, ...]) -> tuple[tuple[str, str], ...]:
    rows: list[tuple[str, str]] = []
    for c in conflicts:
        rows.append((c.kind, clean(c.detail)))
        if c.error:
            rows.append(("engine said", clean_block(c.error).replace("\n", " ")))
    return tuple(rows)


def _binding_sections(inv: PortInventory, row: PortRow, front_end: str | None) -> list[Section]:
    kind = "service" if row.service else "container"
    rows = [
        ("Host side", clean(row.host_side) + f"/{clean(row.proto)}"),
        (kind.capitalize(), clean(row.container) + f" port {row.container_port}/{clean(row.proto)}"),
        ("Reaches it on", ", ".join(clean(n) for n in row.networks) or "no network the host forwards into"),
        ("Family", row.family),
    ]
    rows += [("Also", f"{clean(s.host_side)} ({s.family})") for s in inv.siblings(row)]
    words = [("Exposure", exposure_meaning(row)), ("Who can connect", who_can_connect(row))]
    if front_end and row.running and row.exposure in ("all", "ingress"):
        words.append(("Firewall", firewall_sentence(front_end)))
    sections = [Section("Binding", tuple(rows)), Section("What it means", tuple(words))]
    mine = [c for c in inv.conflicts if c.kind != "firewall" and (c.host_port, c.proto) == (row.host_port, row.proto)]
    if mine:
        sections.append(Section("Conflicts of this port", conflict_rows(mine)))
    return sections


def _ways_in(snap: Snapshot, row: PortRow) -> list[Section]:
    """`why outside` and `why host` for this binding: each address it answers at, and the rules on the way."""
    container = snap.container(row.container_id)
    if container is None or row.service or row.proto != "tcp":
        return []
    sections = []
    for source, title in ((OUTSIDE_SOURCE, "From another machine"), (HOST_SOURCE, "From the host")):
        e = exposure(snap, container, source, row.container_port)
        rows: list[tuple[str, str]] = []
        for p in e.paths:
            if p.attempt.port != row.host_port:
                continue
            answer = {True: "yes", False: "no", None: "not known"}[p.reachable]
            rows.append((clean(path_address(p)), clean(f"{answer}: {p.reason}")))
            rows += [("", clean(step)) for step in p.steps]
        rows += [("note", clean(n)) for n in e.notes]
        sections.append(Section(title, tuple(rows) or (("", "no way in through the host's addresses"),)))
    return sections


def port_sections(inv: PortInventory, key: str | None, snap: Snapshot, front_end: str | None) -> list[Section]:
    """The selected row's sections (if any), then the inventory's totals and every conflict."""
    sections: list[Section] = []
    row = next((r for r in (*inv.ports, *inv.wanted) if r.key == key), None)
    exposed = next((e for e in inv.exposed if exposed_key(e) == key), None)
    if row is not None:
        sections += _binding_sections(inv, row, front_end)
        sections += _ways_in(snap, row)
    elif exposed is not None:
        nets = ", ".join(clean(n) for n in exposed.networks) or NONE
        port = f"{exposed.container_port}/{clean(exposed.proto)}"
        rows = (("Container", clean(exposed.container)), ("Port", port), ("Networks", nets))
        sections.append(Section("Exposed, not published", rows))
        sections.append(Section("What it means", (("", exposed_meaning(exposed)),)))
    totals = (
        ("Published", f"{len(inv.ports)} binding(s) held now"),
        ("Wanted", f"{len(inv.wanted)} binding(s) of containers not running"),
        ("Exposed only", f"{len(inv.exposed)} port(s)"),
        ("Host firewall", front_end or "no front end known (ufw, firewalld): not read, or none"),
    )
    sections.append(Section("All ports", totals))
    every = [c for c in inv.conflicts if c.kind != "firewall"]
    sections.append(Section("All conflicts", conflict_rows(every) or (("", "none known"),)))
    return sections


def heading_of(inv: PortInventory, key: str | None) -> str:
    row = next((r for r in (*inv.ports, *inv.wanted) if r.key == key), None)
    if row is not None:
        return f"{clean(row.host_side)}/{clean(row.proto)} → {clean(row.container)}:{row.container_port}"
    exposed = next((e for e in inv.exposed if exposed_key(e) == key), None)
    if exposed is not None:
        return f"{clean(exposed.container)} exposes {exposed.container_port}/{clean(exposed.proto)}"
    return "ports"
