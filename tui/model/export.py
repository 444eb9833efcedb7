"""Serialise the topology graph: json (node-link), dot, graphml and mermaid.

Pure functions of the graph. The json form is the public contract (README, "Export format"):
`networkx.node_link_data(G, edges="edges")` with the node and edge attributes of `tui.model.graph`.
"""

from __future__ import annotations

import io
import json
import re
from typing import Any

import networkx as nx

FORMATS = ("json", "dot", "graphml", "mermaid")


def to_json(g: nx.MultiDiGraph[str]) -> str:
    data = nx.node_link_data(g, edges="edges")
    return json.dumps(data, indent=2, sort_keys=True, default=str) + "\n"


def _dot_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _label(data: dict[str, Any]) -> str:
    if data.get("kind") == "network":
        subnets = ", ".join(data.get("subnets") or [])
        return f"{data['name']}\n{data['driver']}{' ' + subnets if subnets else ''}"
    name: str = data.get("name", "")
    return name


def to_dot(g: nx.MultiDiGraph[str]) -> str:
    lines = ["digraph docker {", "  rankdir=LR;", "  node [fontname=monospace];"]
    for node, data in sorted(g.nodes.items()):
        shape = "box" if data.get("kind") == "container" else "ellipse"
        style = " style=dashed" if data.get("kind") == "container" and data.get("state") != "running" else ""
        lines.append(
            f"  {_dot_quote(node)} [label={_dot_quote(_label(data).replace(chr(10), ' '))} shape={shape}{style}];"
        )
    for u, v, data in g.edges(data=True):
        kind = data.get("kind")
        if kind == "member":
            label = data.get("ipv4") or ""
            attrs = f"label={_dot_quote(label)} arrowhead=none"
        elif kind == "link":
            attrs = f"label={_dot_quote('link ' + data.get('alias', ''))} style=dashed"
        else:
            attrs = 'label="shares netns" style=bold'
        lines.append(f"  {_dot_quote(u)} -> {_dot_quote(v)} [{attrs}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _flat(value: Any) -> Any:
    """GraphML holds scalars only: lists and dicts become JSON text, None an empty string."""
    if value is None:
        return ""
    if isinstance(value, (list, dict, tuple)):
        return json.dumps(value, sort_keys=True)
    return value


def to_graphml(g: nx.MultiDiGraph[str]) -> str:
    flat: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for node, data in g.nodes(data=True):
        flat.add_node(node, **{k: _flat(v) for k, v in data.items()})
    for u, v, key, data in g.edges(keys=True, data=True):
        flat.add_edge(u, v, key=key, **{k: _flat(x) for k, x in data.items()})
    buf = io.BytesIO()
    nx.write_graphml(flat, buf)
    return buf.getvalue().decode("utf-8")


def _mermaid_id(node: str, ids: dict[str, str]) -> str:
    return ids.setdefault(node, f"n{len(ids)}")


def _mermaid_text(text: str) -> str:
    return re.sub(r'["<>\[\]{}|]', "_", text).replace("\n", "<br/>")


def to_mermaid(g: nx.MultiDiGraph[str]) -> str:
    ids: dict[str, str] = {}
    lines = ["flowchart LR"]
    for node, data in sorted(g.nodes.items()):
        nid = _mermaid_id(node, ids)
        text = _mermaid_text(_label(data))
        lines.append(f'  {nid}(["{text}"])' if data.get("kind") == "network" else f'  {nid}["{text}"]')
    for u, v, data in g.edges(data=True):
        a, b = _mermaid_id(u, ids), _mermaid_id(v, ids)
        kind = data.get("kind")
        if kind == "member":
            label = _mermaid_text(data.get("ipv4") or "no address")
            lines.append(f'  {a} ---|"{label}"| {b}')
        elif kind == "link":
            lines.append(f'  {a} -.->|"link {_mermaid_text(data.get("alias", ""))}"| {b}')
        else:
            lines.append(f'  {a} ==>|"shares netns"| {b}')
    return "\n".join(lines) + "\n"


def export(g: nx.MultiDiGraph[str], fmt: str) -> str:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return {"json": to_json, "dot": to_dot, "graphml": to_graphml, "mermaid": to_mermaid}[fmt](g)
