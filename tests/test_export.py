"""The export formats, and the JSON contract documented in the README."""

from __future__ import annotations

import io
import json

import networkx as nx
import pytest

from tui.model.export import FORMATS, export
from tui.model.files import load_demo
from tui.model.graph import build_graph


@pytest.fixture(scope="module")
def graph() -> nx.MultiDiGraph:
    return build_graph(load_demo()[1])


def test_json_is_node_link_data_that_round_trips(graph) -> None:
    data = json.loads(export(graph, "json"))
    assert set(data) >= {"directed", "multigraph", "graph", "nodes", "edges"}
    assert data["directed"] is True and data["multigraph"] is True
    assert set(data["graph"]["engine"]) == {"host", "name", "server_version", "api_version"}
    back = nx.node_link_graph(data, edges="edges")
    assert back.number_of_nodes() == graph.number_of_nodes()
    assert back.number_of_edges() == graph.number_of_edges()


def test_json_contract_fields(graph) -> None:
    data = json.loads(export(graph, "json"))
    nodes = {n["id"]: n for n in data["nodes"]}
    net = next(n for n in nodes.values() if n["kind"] == "network" and n["name"] == "appnet")
    assert set(net) >= {
        "id",
        "kind",
        "name",
        "driver",
        "scope",
        "internal",
        "attachable",
        "ipv6",
        "subnets",
        "gateways",
    }
    ctr = next(n for n in nodes.values() if n["kind"] == "container" and n["name"] == "api")
    assert set(ctr) >= {"id", "kind", "name", "image", "state", "network_mode"}
    kinds = {e["kind"] for e in data["edges"]}
    assert kinds == {"member", "link", "namespace"}
    member = next(e for e in data["edges"] if e["kind"] == "member" and e["source"] == ctr["id"])
    assert set(member) >= {"source", "target", "ipv4", "ipv6", "mac", "aliases"}
    link = next(e for e in data["edges"] if e["kind"] == "link")
    assert nodes[link["source"]]["name"] == "tomcat2" and nodes[link["target"]]["name"] == "tomcat1"
    assert link["alias"] == "tomcat1"


def test_graphml_is_readable_by_networkx(graph) -> None:
    back = nx.read_graphml(io.BytesIO(export(graph, "graphml").encode()))
    assert back.number_of_nodes() == graph.number_of_nodes()
    assert back.number_of_edges() == graph.number_of_edges()


def test_dot_and_mermaid_mention_every_node(graph) -> None:
    dot = export(graph, "dot")
    mermaid = export(graph, "mermaid")
    assert dot.startswith("digraph docker {") and dot.rstrip().endswith("}")
    assert mermaid.startswith("flowchart LR")
    for _, data in graph.nodes(data=True):
        assert data["name"] in dot and data["name"] in mermaid
    assert "link tomcat1" in dot and "shares netns" in mermaid


def test_every_format_is_exported_and_unknown_is_refused(graph) -> None:
    for fmt in FORMATS:
        assert export(graph, fmt)
    with pytest.raises(ValueError):
        export(graph, "svg")


def test_untrusted_names_cannot_break_dot_or_mermaid() -> None:
    from tui.model.snapshot import Container, Snapshot

    snap = Snapshot(containers=(Container("c" * 64, 'evil"]; x [label="pwn'),))
    dot = export(build_graph(snap), "dot")
    assert '\\"' in dot and 'evil"];' not in dot
    mermaid = export(build_graph(snap), "mermaid")
    assert mermaid.split("\n")[1] == '  n0["evil#quot;]; x [label=#quot;pwn"]'


# -- hostile strings, read back by each format's own tool ---------------------------------------------


@pytest.fixture(scope="module")
def hostile() -> nx.MultiDiGraph:
    from tests.exports import HOSTILE, hostile_raw
    from tui.model.parse import parse_snapshot

    g = build_graph(parse_snapshot(hostile_raw(HOSTILE), source="snapshot"))
    assert g.number_of_nodes() == 2 * len(HOSTILE) and g.number_of_edges() == len(HOSTILE)
    return g


@pytest.mark.parametrize("fmt", FORMATS)
def test_hostile_names_read_back_by_each_format_tool(hostile, fmt) -> None:
    """dot parses with Graphviz, GraphML with networkx, json with json/networkx, mermaid against its
    quoting rules; every node comes back once, with its name (as that format can carry it)."""
    from tests.exports import CHECKS

    text = export(hostile, fmt)
    text.encode("utf-8")  # writable to a file: no lone surrogate left
    CHECKS[fmt](hostile, text)


def test_dot_keeps_ids_apart_and_labels_literal(hostile) -> None:
    from tests.exports import read_dot

    back = read_dot(export(hostile, "dot"))
    assert 'q"u\'o"te' in back["labels"] and '" URL="javascript:x' in back["labels"]
    assert "[link=http://x]y" in back["labels"] and "back\\" in back["labels"]
    assert "acc-nl x" in back["labels"]  # the newline of a name is not a line break of its label
    assert "container:06\\u001b]8;;http://x\\u001b\\\\linkctr" in back["names"]  # escaped, not raw


def test_mermaid_labels_use_entity_codes(hostile) -> None:
    mermaid = export(hostile, "mermaid")
    assert '["q#quot;u\'o#quot;te"]' in mermaid
    assert '["#60;b#62;#38;amp;#60;/b#62;"]' in mermaid
    assert '["#35;quot;"]' in mermaid and '["#96;md#96;"]' in mermaid and '["a#124;b"]' in mermaid
    assert "\x1b" not in mermaid and "\x85" not in mermaid and "\u202e" not in mermaid


def test_graphml_replaces_what_xml_cannot_hold(hostile) -> None:
    back = nx.read_graphml(io.BytesIO(export(hostile, "graphml").encode()))
    names = {d["name"] for _, d in back.nodes(data=True)}
    assert "\ufffd[31mred\ufffd" in names and "\ufffdnul" in names and "acc-nl\nx" in names
    assert "c1\x85\x9b2Jx" in names  # C1 controls are legal XML 1.0 characters


def test_json_round_trips_every_string_exactly(hostile) -> None:
    data = json.loads(export(hostile, "json"))
    names = {n["name"] for n in data["nodes"]}
    from tests.exports import HOSTILE

    assert set(HOSTILE) <= names


def test_hostile_names_on_the_real_engine_export_and_read_back(lab, engine_host, docker_client) -> None:
    """Networks named as Docker allows (newline, quotes, brackets, ESC, NUL, emoji, bidi) and hostile
    labels and options, read from the engine: every format parses back with its own tool."""
    from tests.exports import CHECKS
    from tui.engine.connect import EngineTarget
    from tui.engine.reader import EngineReader

    opts = {"[/]opt\x1b[2J": "[@click=app.quit]v\nw", 'q"': "<&>"}
    names = [
        "acc-nl\nx",
        'q"u\'o"te<a&b>',
        "[@click=app.quit]q[/]",
        "🦊 ñetz",
        "esc\x1b[31m\x07\x85\x00",
        "bidi\u202ex",
    ]
    nets = [lab.network(n, labels={"note\x1b": "[link=http://x]y\n#quot;"}, options=opts) for n in names]
    ctr = lab.container("ctr", network=nets[0].name, labels={"com.docker.compose.project": "[b]`x`|y"})
    for net in nets[1:3]:
        net.connect(ctr, aliases=["[/]al\x1bias", '"q"'])
    snap = EngineReader(EngineTarget(engine_host), client=docker_client.api).snapshot()
    mine = {n.id for n in nets} | {ctr.id}
    g = build_graph(snap)
    g = g.subgraph([n for n, d in g.nodes(data=True) if d["id"] in mine]).copy()
    assert g.number_of_nodes() == len(names) + 1 and g.number_of_edges() == 3
    for fmt, check in CHECKS.items():
        check(g, export(g, fmt))
