"""Reading the exports back with their own tools: Graphviz `dot`, networkx, json, mermaid's grammar.

Shared by tests/test_export.py (named hostile strings) and tests/test_properties.py (fuzzing).
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
from typing import Any

import networkx as nx
import pytest

from tui.model.parse import SNAPSHOT_FORMAT
from tui.model.sanitize import clean

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

# Strings a network or container may carry (Docker takes all of these in a network name, labels and
# options: measured on dockerd 20.10), and a few aimed at the export formats themselves.
HOSTILE = (
    "acc-nl\nx",
    'q"u\'o"te',
    "[/]",
    "[link=http://x]y",
    "[@click=app.quit]q",
    "\x1b[31mred\x07",
    "\x1b]8;;http://x\x1b\\link",
    "c1\x85\x9b2Jx",
    "<b>&amp;</b>",
    "🦊 net",
    "ñetz",
    "bidi\u202ex",
    "x" * 300,
    "\x00nul",
    "back\\",
    "\\",
    '\\"',
    '" URL="javascript:x',
    "#quot;",
    "#35;",
    "`md`",
    "a|b",
    "a;b } c { d",
    "\r\n",
    "",
    " ",
    "node",
    "subgraph",
    "end",
    "-- ->",
    "\ud800",
)


def dot_binary() -> str:
    """Graphviz `dot`; outside CI a missing one skips the check, in CI it fails the test."""
    path = shutil.which("dot")
    if path:
        return path
    message = "Graphviz `dot` is not installed (Debian: apt-get install graphviz)"
    if IN_CI:
        pytest.fail(message + ": CI must check that the dot export parses")
    pytest.skip(message)


def hostile_raw(strings: list[str] | tuple[str, ...]) -> dict[str, Any]:
    """An engine read (snapshot file form) with one network and one container per string, each
    holding the string in every text field, the container a member of the network."""
    networks, containers = [], []
    for i, text in enumerate(strings):
        net_id, ctr_id = f"{i:02d}{text}net", f"{i:02d}{text}ctr"
        networks.append(
            {
                "Id": net_id,
                "Name": text,
                "Driver": text,
                "Scope": text,
                "IPAM": {"Config": [{"Subnet": text, "Gateway": text}]},
                "Labels": {text: text},
                "Options": {text: text},
            }
        )
        containers.append(
            {
                "Id": ctr_id,
                "Names": ["/" + text],
                "Image": text,
                "State": text,
                "Labels": {text: text, "com.docker.compose.project": text},
                "HostConfig": {"NetworkMode": text},
                "NetworkSettings": {
                    "Networks": {text: {"NetworkID": net_id, "IPAddress": text, "Aliases": [text], "MacAddress": text}}
                },
            }
        )
    return {
        "format": SNAPSHOT_FORMAT,
        "engine": {"host": "unix:///x", "name": "x"},
        "networks": networks,
        "containers": containers,
        "inspects": {},
    }


def label_lines(data: dict[str, Any]) -> list[str]:
    """The lines dot and mermaid label a node with: the name (a network adds its driver and subnets)."""
    if data.get("kind") == "network":
        subnets = ", ".join(data.get("subnets") or [])
        return [clean(data["name"]), clean(f"{data['driver']}{' ' + subnets if subnets else ''}")]
    return [clean(data["name"])]


# -- dot ---------------------------------------------------------------------------------------------


def _esc_string(text: str) -> str:
    """A DOT escString label as Graphviz shows it: \\n a line break, \\\\ a backslash."""
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), text)


def read_dot(text: str) -> dict[str, Any]:
    """Parse with Graphviz itself (`dot -Tjson0`: fails on any syntax error): nodes and edges as it sees them."""
    proc = subprocess.run([dot_binary(), "-Tjson0"], input=text.encode("utf-8"), capture_output=True, timeout=60)
    # Any complaint but a machine's font cache setup is a failure (a syntax error, an unknown
    # attribute a quote let in, a label Pango found not to be UTF-8).
    said = [line for line in proc.stderr.decode(errors="replace").splitlines() if line.strip()]
    said = [line for line in said if not line.startswith("Fontconfig")]
    assert proc.returncode == 0 and not said, "\n".join(said)[:2000]
    data = json.loads(proc.stdout)
    objects = data.get("objects", [])
    return {
        "names": [o["name"] for o in objects],
        "labels": [_esc_string(o.get("label", "")) for o in objects],
        "attrs": [set(o) for o in objects],
        "edges": [(e["tail"], e["head"], _esc_string(e.get("label", ""))) for e in data.get("edges", [])],
    }


def check_dot(g: nx.MultiDiGraph[str], text: str) -> None:
    """Every node and edge comes back, none more (nothing injected), labels as the names, cleaned."""
    back = read_dot(text)
    assert len(back["names"]) == len(set(back["names"])) == g.number_of_nodes()
    assert len(back["edges"]) == g.number_of_edges()
    expected = sorted("\n".join(label_lines(d)) for _, d in g.nodes(data=True))
    assert sorted(back["labels"]) == expected
    for attrs in back["attrs"]:
        assert not attrs & {"URL", "href", "tooltip", "image"}  # a quote in a name did not end its string


# -- graphml ----------------------------------------------------------------------------------------------


def xml_expected(text: str) -> str:
    """What GraphML can carry of `text`: XML 1.0's forbidden characters as U+FFFD, newlines normalised."""
    text = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]", "\ufffd", text)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def check_graphml(g: nx.MultiDiGraph[str], text: str) -> None:
    back = nx.read_graphml(io.BytesIO(text.encode("utf-8")))
    assert back.number_of_nodes() == g.number_of_nodes()
    assert back.number_of_edges() == g.number_of_edges()
    names = sorted(d["name"] for _, d in back.nodes(data=True))
    assert names == sorted(xml_expected(d["name"]) for _, d in g.nodes(data=True))
    for node, data in g.nodes(data=True):
        got = back.nodes[_xml_id(node)]
        if data.get("kind") == "network":
            assert json.loads(got["labels"]) == data["labels"]  # dicts travel as JSON text, exactly


def _xml_id(node: str) -> str:
    return re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]", "\ufffd", node)


# -- json -------------------------------------------------------------------------------------------------


def check_json(g: nx.MultiDiGraph[str], text: str) -> None:
    data = json.loads(text)
    back = nx.node_link_graph(data, edges="edges")
    assert set(back.nodes) == set(g.nodes)
    for node, attrs in g.nodes(data=True):
        assert back.nodes[node]["name"] == attrs["name"]
        assert back.nodes[node].get("labels") == attrs.get("labels")
    assert back.number_of_edges() == g.number_of_edges()


# -- mermaid ----------------------------------------------------------------------------------------------

# A label: a "…" string with no quote inside, no HTML but the <br/> line breaks dockernet adds, and
# every `#` the start of an entity code.
_LABEL = r'"((?:[^"#<>&`|\\]|#quot;|#\d+;|<br/>)+)"'
_ID = r"n\d+"
_NODE = re.compile(rf"  ({_ID})(?:\[{_LABEL}\]|\(\[{_LABEL}\]\))")
_EDGE = re.compile(rf"  ({_ID}) (?:---|-\.->|==>)\|{_LABEL}\| ({_ID})")


def _decode(label: str) -> str:
    text = label.replace("<br/>", "\n").replace("#quot;", '"')
    return re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), text)


def read_mermaid(text: str) -> tuple[dict[str, str], list[tuple[str, str, str]]]:
    """Check every line against mermaid's flowchart quoting rules; the decoded labels by node id."""
    lines = text.rstrip("\n").split("\n")
    assert lines[0] == "flowchart LR"
    nodes: dict[str, str] = {}
    edges = []
    for line in lines[1:]:
        assert line.isprintable(), repr(line)
        if m := _NODE.fullmatch(line):
            nodes[m.group(1)] = _decode(m.group(2) or m.group(3))
        elif m := _EDGE.fullmatch(line):
            edges.append((m.group(1), m.group(3), _decode(m.group(2))))
        else:
            raise AssertionError(f"not a mermaid node or edge line as dockernet writes them: {line!r}")
    return nodes, edges


def check_mermaid(g: nx.MultiDiGraph[str], text: str) -> None:
    nodes, edges = read_mermaid(text)
    assert len(nodes) == g.number_of_nodes() and len(edges) == g.number_of_edges()
    expected = sorted("\n".join(label_lines(d)) or " " for _, d in g.nodes(data=True))
    assert sorted(nodes.values()) == expected
    assert all(a in nodes and b in nodes for a, b, _ in edges)


CHECKS = {"json": check_json, "dot": check_dot, "graphml": check_graphml, "mermaid": check_mermaid}
