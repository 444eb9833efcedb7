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
    assert '"]' not in mermaid.split("\n")[1][:-2]
