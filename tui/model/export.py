"""Serialise the topology graph: json (node-link), dot, graphml and mermaid.

Pure functions of the graph. The json form is the public contract (README, "Export format"):
`networkx.node_link_data(G, edges="edges")` with the node and edge attributes of `tui.model.graph`.

Names, labels and options come from whoever created the objects (quotes, brackets, newlines,
controls, NUL): each writer escapes them by its format's own rules, so every export parses back
with that format's tool (Graphviz, networkx, json, mermaid) and no name can add to the graph.
"""

from __future__ import annotations

import io
import json
import re
from typing import Any

import networkx as nx

from tui.model.sanitize import clean

FORMATS = ("json", "dot", "graphml", "mermaid")


def to_json(g: nx.MultiDiGraph[str]) -> str:
    data = nx.node_link_data(g, edges="edges")
    return json.dumps(data, indent=2, sort_keys=True, default=str) + "\n"


def _dot_escape(text: str) -> str:
    """The inside of a DOT double-quoted string: backslash and quote escaped, nothing else special."""
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _code(ch: str) -> str:
    return f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}"


def _dot_id(text: str) -> str:
    """A node id as a quoted DOT string. Characters DOT cannot hold (NUL, other controls) or that
    would hide in the file (bidi overrides) are written as backslash-u and four hex digits (U and
    eight above the BMP): since backslashes are doubled first, two ids stay two ids."""
    escaped = _dot_escape(text)
    return '"' + "".join(ch if ch.isprintable() else _code(ch) for ch in escaped) + '"'


def _dot_label(*lines: str) -> str:
    """A label as a quoted DOT escString: each line made printable with `clean`, DOT's line break
    (backslash n) between them."""
    return '"' + "\\n".join(_dot_escape(clean(line)) for line in lines) + '"'


def _label_lines(data: dict[str, Any]) -> tuple[str, ...]:
    name = str(data.get("name", ""))
    if data.get("kind") == "network":
        subnets = ", ".join(str(s) for s in data.get("subnets") or [])
        return name, f"{data.get('driver', '')}{' ' + subnets if subnets else ''}"
    if data.get("kind") == "service":
        replicas = data.get("replicas")
        return name, f"service {data.get('mode', '')}{f' x{replicas}' if replicas is not None else ''}"
    if data.get("kind") == "swarm-node":
        return name, f"swarm {data.get('role', '')} {data.get('addr', '')}".rstrip()
    return (name,)


def _task_label(data: dict[str, Any]) -> str:
    """`task 2`: the task's slot, which tells a service's replicas apart."""
    slot = data.get("slot")
    return f"task {slot}" if slot is not None else "task"


def to_dot(g: nx.MultiDiGraph[str]) -> str:
    lines = ["digraph docker {", "  rankdir=LR;", "  node [fontname=monospace];"]
    for node, data in sorted(g.nodes.items()):
        shape = {"container": "box", "service": "hexagon", "swarm-node": "box3d"}.get(str(data.get("kind")), "ellipse")
        style = " style=dashed" if data.get("kind") == "container" and data.get("state") != "running" else ""
        lines.append(f"  {_dot_id(node)} [label={_dot_label(*_label_lines(data))} shape={shape}{style}];")
    for u, v, data in g.edges(data=True):
        kind = data.get("kind")
        if kind == "member":
            attrs = f"label={_dot_label(str(data.get('ipv4') or ''))} arrowhead=none"
        elif kind == "link":
            attrs = f"label={_dot_label('link ' + str(data.get('alias', '')))} style=dashed"
        elif kind == "task":
            attrs = f"label={_dot_label(_task_label(data))} style=dotted"
        elif kind == "runs-on":
            attrs = 'label="runs on" style=dotted arrowhead=empty'
        else:
            attrs = 'label="shares netns" style=bold'
        lines.append(f"  {_dot_id(u)} -> {_dot_id(v)} [{attrs}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


# XML 1.0 holds neither NUL nor the other C0 controls (tab, newline and return aside), surrogates,
# U+FFFE or U+FFFF, even as character references: GraphML writes U+FFFD in their place.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _flat(value: Any) -> Any:
    """GraphML holds scalars only: lists and dicts become JSON text, None an empty string."""
    if value is None:
        return ""
    if isinstance(value, (list, dict, tuple)):
        return json.dumps(value, sort_keys=True)  # ASCII: controls become \u escapes
    if isinstance(value, str):
        return _xml(value)
    return value


def to_graphml(g: nx.MultiDiGraph[str]) -> str:
    flat: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for node, data in g.nodes(data=True):
        flat.add_node(_xml(node), **{k: _flat(v) for k, v in data.items()})
    for u, v, key, data in g.edges(keys=True, data=True):
        flat.add_edge(_xml(u), _xml(v), key=_xml(str(key)), **{k: _flat(x) for k, x in data.items()})
    buf = io.BytesIO()
    nx.write_graphml(flat, buf)
    return buf.getvalue().decode("utf-8")


# Mermaid: every label is a "…" string, so only `"` would end it early; mermaid reads `#name;` and
# `#123;` as entity codes and passes the label on as HTML (a backtick-quoted label as markdown). So
# `"` is written #quot;, and `#`, `&`, `<`, `>`, the backtick, `|`, `\` and anything unprintable left
# after `clean` as numeric entity codes. Node ids are n0, n1, … whatever the engine called them.
_MERMAID_SPECIAL = frozenset('#&<>"`|\\')


def _mermaid_char(ch: str) -> str:
    if ch == '"':
        return "#quot;"
    if ch in _MERMAID_SPECIAL or not ch.isprintable():
        return f"#{ord(ch)};"
    return ch


def _mermaid_text(*lines: str) -> str:
    text = "<br/>".join("".join(_mermaid_char(ch) for ch in clean(line)) for line in lines)
    return text or " "  # mermaid refuses an empty "" string


def _mermaid_id(node: str, ids: dict[str, str]) -> str:
    return ids.setdefault(node, f"n{len(ids)}")


def to_mermaid(g: nx.MultiDiGraph[str]) -> str:
    ids: dict[str, str] = {}
    lines = ["flowchart LR"]
    for node, data in sorted(g.nodes.items()):
        nid = _mermaid_id(node, ids)
        text = _mermaid_text(*_label_lines(data))
        shapes = {"network": '(["{}"])', "service": '{{{{"{}"}}}}', "swarm-node": '[["{}"]]'}
        lines.append(f"  {nid}" + shapes.get(str(data.get("kind")), '["{}"]').format(text))
    for u, v, data in g.edges(data=True):
        a, b = _mermaid_id(u, ids), _mermaid_id(v, ids)
        kind = data.get("kind")
        if kind == "member":
            label = _mermaid_text(str(data.get("ipv4") or "no address"))
            lines.append(f'  {a} ---|"{label}"| {b}')
        elif kind == "link":
            lines.append(f'  {a} -.->|"{_mermaid_text("link " + str(data.get("alias", "")))}"| {b}')
        elif kind == "task":
            lines.append(f'  {a} -.->|"{_mermaid_text(_task_label(data))}"| {b}')
        elif kind == "runs-on":
            lines.append(f'  {a} -.->|"runs on"| {b}')
        else:
            lines.append(f'  {a} ==>|"shares netns"| {b}')
    return "\n".join(lines) + "\n"


def export(g: nx.MultiDiGraph[str], fmt: str) -> str:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return {"json": to_json, "dot": to_dot, "graphml": to_graphml, "mermaid": to_mermaid}[fmt](g)
