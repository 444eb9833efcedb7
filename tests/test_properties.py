"""Property tests: whatever an engine or a user sends, the pure layers answer without crashing."""

from __future__ import annotations

import copy
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.model.files import load_demo
from tui.model.graph import build_graph
from tui.model.parse import parse_snapshot
from tui.model.sanitize import clean, clean_block

RAW, _ = load_demo()
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")

json_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=8), st.just([]), st.just({}))


@given(st.text())
def test_clean_never_leaves_control_characters(text: str) -> None:
    assert not CONTROL.search(clean(text))
    assert all(not CONTROL.search(line) for line in clean_block(text).split("\n"))


@given(st.text(), st.integers(min_value=1, max_value=40))
def test_clean_respects_the_limit(text: str, limit: int) -> None:
    assert len(clean(text, limit)) <= limit


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_parser_survives_missing_and_odd_fields(data: st.DataObject) -> None:
    """Engines of other API versions omit fields or send null/other types: never a crash."""
    raw = copy.deepcopy(RAW)
    kind = data.draw(st.sampled_from(["networks", "containers", "inspects"]))
    items = raw[kind] if kind != "inspects" else list(raw["inspects"].values())
    item = data.draw(st.sampled_from(items))
    # Pick a field, possibly nested one level, and delete it or replace it with an odd value.
    key = data.draw(st.sampled_from(sorted(item)))
    target = item
    if isinstance(item[key], dict) and item[key] and data.draw(st.booleans()):
        target = item[key]
        key = data.draw(st.sampled_from(sorted(target)))
    if data.draw(st.booleans()):
        del target[key]
    else:
        target[key] = data.draw(json_scalars)
    snap = parse_snapshot(raw)
    build_graph(snap)
    assert len(snap.networks) == len(raw["networks"])
    assert len(snap.containers) == len(raw["containers"])


addressish = st.one_of(
    st.text(alphabet="0123456789./:abcdef", max_size=20),
    st.from_regex(r"\A\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(/\d{1,2})?\Z"),
    st.text(max_size=10),
)


@settings(max_examples=200, deadline=None)
@given(addressish, addressish, addressish, addressish, st.text(max_size=12))
def test_create_validation_answers_any_input_with_messages(subnet, gateway, ip_range, aux, name) -> None:
    from tui.changes.change import CreateNetwork, PoolSpec
    from tui.changes.commandline import command_lines
    from tui.changes.validate import validate_create

    _, snap = load_demo()
    req = CreateNetwork(name, pools=(PoolSpec(subnet, gateway, ip_range, (("h", aux),)),))
    errors = validate_create(req, snap)
    assert all(isinstance(k, str) and isinstance(v, str) and v for k, v in errors.items())
    assert command_lines(req)  # the preview always renders, valid or not
    if not name.strip():
        assert errors


@settings(max_examples=150, deadline=None)
@given(addressish, st.text(max_size=12), st.sampled_from(["appnet", "backend", "bridge", "host", "ovl", "macnet"]))
def test_connect_validation_answers_any_input(ipv4, alias, network) -> None:
    from tui.changes.change import ConnectContainer, Ref
    from tui.changes.validate import validate_connect

    _, snap = load_demo()
    net, ctr = snap.network(network), snap.container("tomcat1")
    req = ConnectContainer(Ref(net.id, net.name), Ref(ctr.id, ctr.name), aliases=(alias,) if alias else (), ipv4=ipv4)
    errors = validate_connect(req, snap)
    assert all(isinstance(v, str) and v for v in errors.values())
