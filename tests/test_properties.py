"""Property tests: whatever an engine or a user sends, the pure layers answer without crashing."""

from __future__ import annotations

import contextlib
import copy
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.exports import CHECKS, HOSTILE, hostile_raw
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
    from tui.changes.validatecreate import validate_create

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


# -- hostile text everywhere: sanitizer, exporters read back by their tools, validators, commands --------

# Any text, unprintable and lone surrogates (a snapshot file's JSON can hold one) included, mixed
# with the strings aimed at markup, shells and the export formats.
any_char = st.characters(exclude_categories=())
hostile_text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=12),
    st.text(alphabet=any_char, max_size=8),
    st.lists(st.sampled_from(HOSTILE), min_size=2, max_size=3).map("".join),
)
BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]")


@given(st.text(alphabet=any_char))
def test_clean_leaves_a_printable_writable_line(text: str) -> None:
    shown = clean(text)
    assert not CONTROL.search(shown) and not BIDI.search(shown)
    shown.encode("utf-8")  # a lone surrogate would make the terminal write raise
    assert clean(shown) == shown


def _graph_of(strings: list[str]):
    from tui.model.parse import parse_snapshot

    return build_graph(parse_snapshot(hostile_raw(strings), source="snapshot"))


@settings(max_examples=60, deadline=None)
@given(st.lists(hostile_text, min_size=1, max_size=4))
def test_every_export_reads_back_with_its_tool(strings: list[str]) -> None:
    """json via json.loads + networkx, GraphML via networkx's read_graphml, dot via Graphviz itself,
    mermaid against its quoting rules: every node and edge back, nothing injected, names as sent."""
    from tui.model.export import export

    g = _graph_of(strings)
    for fmt, check in CHECKS.items():
        text = export(g, fmt)
        text.encode("utf-8")
        check(g, text)


def _string_paths(value, path=()):
    """Every place in a JSON document that holds a string (dict keys included, as ("key", path))."""
    if isinstance(value, str):
        yield path
    elif isinstance(value, dict):
        for k, v in value.items():
            yield ("key", (*path, k))
            yield from _string_paths(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _string_paths(v, (*path, i))


def _replace(doc, where, text: str) -> None:
    if where and where[0] == "key":
        *parent, key = where[1]
        holder = doc
        for p in parent:
            holder = holder[p]
        if text not in holder:
            holder[text] = holder.pop(key)
        return
    holder = doc
    for p in where[:-1]:
        holder = holder[p]
    holder[where[-1]] = text


STRING_PATHS = sorted(set(_string_paths(RAW)), key=repr)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(STRING_PATHS), hostile_text), min_size=1, max_size=6))
def test_parser_and_exports_take_hostile_text_in_any_field(edits) -> None:
    """The demo engine read with hostile text put into any string field or key (ids, names, modes,
    addresses, labels): parse, graph and every export still hold, and read back."""
    from tui.model.export import export

    raw = copy.deepcopy(RAW)
    for where, text in edits:
        with contextlib.suppress(KeyError, IndexError, TypeError):
            _replace(raw, where, text)  # fails when an earlier edit renamed a key on this path
    g = build_graph(parse_snapshot(raw))
    for fmt, check in CHECKS.items():
        check(g, export(g, fmt))


@settings(max_examples=60, deadline=None)
@given(st.lists(hostile_text, min_size=1, max_size=3), hostile_text, st.data())
def test_validators_and_losses_answer_hostile_snapshots(strings, typed, data) -> None:
    """Validation messages, the confirm step's loss text and the command preview, for objects with
    hostile names: plain strings, one printable line per fact, and commands a shell runs as shown."""
    from tui.changes.change import (
        ConnectContainer,
        CreateNetwork,
        DisconnectContainer,
        PruneNetworks,
        Ref,
        RemoveNetwork,
    )
    from tui.changes.commandline import command_lines
    from tui.changes.losses import disconnect_loss, prune_loss, remove_loss
    from tui.changes.validate import (
        validate_connect,
        validate_disconnect,
        validate_prune,
        validate_remove,
    )
    from tui.changes.validatecreate import validate_create
    from tui.model.parse import parse_snapshot

    snap = parse_snapshot(hostile_raw(strings), source="snapshot")
    net = data.draw(st.sampled_from(snap.networks))
    ctr = data.draw(st.sampled_from(snap.containers))
    n, c = Ref(net.id, net.name), Ref(ctr.id, ctr.name)
    checks = [
        (CreateNetwork(typed, labels=((typed, typed),), config_from=typed), validate_create, None),
        (ConnectContainer(n, c, aliases=(typed,) if typed else ()), validate_connect, None),
        (DisconnectContainer(n, c), validate_disconnect, disconnect_loss),
        (RemoveNetwork(n, (c,)), validate_remove, remove_loss),
        (PruneNetworks((n,)), validate_prune, prune_loss),
    ]
    for request, validate, loss in checks:
        errors = validate(request, snap)  # type: ignore[operator]
        assert all(isinstance(k, str) and isinstance(v, str) and v for k, v in errors.items())
        assert isinstance(request.describe(), str)
        if loss is not None:
            for line in loss(snap, request).split("\n"):
                assert clean(line) == line, repr(line)
        for line in command_lines(request):
            assert clean(line) == line and line.isprintable(), repr(line)


@settings(max_examples=60, deadline=None)
@given(hostile_text, hostile_text)
def test_command_lines_run_as_shown(network_name: str, word: str) -> None:
    """bash hands docker the object's name when the preview shows it, else its id; other words exactly."""
    from hypothesis import assume

    from tests.test_commandline import argv
    from tui.changes.change import CreateNetwork, Ref, RemoveNetwork
    from tui.changes.commandline import command_lines

    net_id = "f" * 64
    assume(network_name and "\x00" not in word and not re.search("[\ud800-\udfff]", word))
    (line,) = command_lines(RemoveNetwork(Ref(net_id, network_name)))
    expected = network_name if network_name.isprintable() else net_id
    assert argv(line) == ["network", "rm", expected]
    (line,) = command_lines(CreateNetwork(word or "n", labels=((word, word),)))
    assert argv(line)[-3:] == ["--label", f"{word}={word}", word or "n"]
