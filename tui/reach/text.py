"""A `Verdict` as plain lines of text, shared by `dockernet why` and the TUI.

Pure: no Rich, no Textual. Every line passes through `clean`, because names, aliases and
extra-host entries come from whoever created the containers; callers still show the lines as
plain text (never as markup).
"""

from __future__ import annotations

from tui.model.sanitize import clean
from tui.reach.verdict import Path, Verdict


def path_text(p: Path) -> str:
    """`appnet (bridge): 172.31.5.2 -> 172.31.5.10`, or what lo / the host stack means."""
    if p.kind == "self":
        return "lo (its own network namespace): localhost"
    if p.kind == "namespace":
        return "lo (shared network namespace): localhost"
    if p.kind == "from-host":
        return f"host stack -> {p.network} ({p.driver}): {p.src_address} -> {p.dst_address}"
    if p.kind == "routed":
        return f"host -> {p.network} (routed by the host over IPv6): {p.src_address} -> {p.dst_address}"
    if p.kind == "to-host":
        src = p.src_address or "(an address docker does not report)"
        return f"{p.network} -> host stack: {src} -> {p.dst_address} (the host's address)"
    return f"{p.network} ({p.driver}): {p.src_address} -> {p.dst_address}"


def six_only(v: Verdict) -> bool:
    """Reached over IPv6 alone: the IPv4 rules stop it, and IPv6 is not stopped (see `Verdict.warnings`)."""
    return v.ip_reachable and v.ipv6_reachable and not v.ipv4_reachable


def headline(v: Verdict) -> str:
    if v.pending:  # an early snapshot (tui.reach.pending): say what is known, and that more is coming
        known = "reachable" if v.ip_reachable else "not reachable"
        names = f" as {', '.join(v.names)}" if v.names else ""
        return f"{v.src} -> {v.dst}: {known} so far{names}, details loading"
    if v.ip_reachable:
        how = f"by name as {', '.join(v.names)}" if v.names else "by IP only, by no name"
        return f"{v.src} -> {v.dst}: reachable{' over IPv6 only (IPv4 is blocked)' if six_only(v) else ''}, {how}"
    return f"{v.src} -> {v.dst}: NOT reachable"


def verdict_lines(v: Verdict) -> list[str]:
    """The verdict, path, names, reasons and fixes, one fact per line."""
    lines = [headline(v)]
    lines.extend(f"WARNING: {w}" for w in v.warnings)
    if v.via:
        lines.append("path:")
        lines.extend(f"  {path_text(p)}" for p in v.via)
    if v.addresses:
        lines.append(f"addresses reached: {', '.join(v.addresses)}")
    lines.append(f"names: {', '.join(v.names) if v.names else '(none)'}{' (details loading)' if v.pending else ''}")
    if v.reasons:
        lines.append("why:")
        lines.extend(f"  - {r}" for r in v.reasons)
    if v.fixes:
        heading = "to make it work over IPv4:" if six_only(v) else "to reach it by name:"
        lines.append("to make it work:" if not v.ip_reachable else heading)
        lines.extend(f"  - {f}" for f in v.fixes)
    if v.host_reachable:
        lines.append(f"{v.src} reaches the host: {', '.join(v.host_via) or 'yes'}")
    else:
        lines.append(f"{v.src} does not reach the host")
    if not v.dst_id:  # the host as the destination: it publishes nothing to itself
        pass
    elif v.published:
        lines.append(f"{v.dst} publishes on the host: {', '.join(v.published)}")
        lines.extend(f"  - {note}" for note in v.published_notes)
        if v.published_via:
            lines.append(f"{v.src} reaches them through the host at {', '.join(v.published_via)}")
        else:
            lines.append(f"{v.src} cannot reach them through the host")
    else:
        lines.append(f"{v.dst} publishes no port on the host")
    return [clean(line) for line in lines]
