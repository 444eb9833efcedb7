"""The `docker network ...` command shown for each request (pure, demo snapshot)."""

from __future__ import annotations

import dataclasses
import shlex

import pytest

from tui.changes.change import (
    ConnectContainer,
    CreateNetwork,
    DisconnectContainer,
    PoolSpec,
    PruneNetworks,
    Ref,
    RemoveNetwork,
)
from tui.changes.commandline import command_lines, prune_note
from tui.model.files import load_demo
from tui.model.snapshot import Network


def command_line(req) -> str:
    """The whole change as one line, steps joined with `&&` (the panel shows one line per step)."""
    return " && ".join(command_lines(req))


@pytest.fixture(scope="module")
def snap():
    return load_demo()[1]


def test_create_bridge_with_subnet_and_gateway():
    req = CreateNetwork("mynet", pools=(PoolSpec("10.5.0.0/24", "10.5.0.1"),))
    assert command_line(req) == "docker network create --driver bridge --subnet 10.5.0.0/24 --gateway 10.5.0.1 mynet"


def test_create_with_everything():
    req = CreateNetwork(
        "all",
        driver="macvlan",
        pools=(PoolSpec("10.5.0.0/24", "10.5.0.1", "10.5.0.128/25", (("router", "10.5.0.2"),)), PoolSpec()),
        ipv6=True,
        ipv6_subnet="fd00:5::/64",
        internal=True,
        attachable=True,
        labels=(("team", "core"),),
        options=(("parent", "eth0"), ("macvlan_mode", "bridge")),
    )
    assert command_line(req) == (
        "docker network create --driver macvlan --subnet 10.5.0.0/24 --gateway 10.5.0.1 --ip-range 10.5.0.128/25 "
        "--aux-address router=10.5.0.2 --ipv6 --subnet fd00:5::/64 --internal --attachable --label team=core "
        "--opt parent=eth0 --opt macvlan_mode=bridge all"
    )


def test_config_only_and_config_from():
    tmpl = CreateNetwork(
        "tmpl", driver="macvlan", config_only=True, pools=(PoolSpec("10.5.0.0/24"),), options=(("parent", "eth0"),)
    )
    assert command_line(tmpl) == (
        "docker network create --driver macvlan --config-only --subnet 10.5.0.0/24 --opt parent=eth0 tmpl"
    )
    assert command_line(CreateNetwork("mac", driver="macvlan", config_from="tmpl")) == (
        "docker network create --driver macvlan --config-from tmpl mac"
    )


def test_untrusted_names_are_shell_quoted():
    req = CreateNetwork("evil; rm -rf /", labels=(("a b", "$(x)"),))
    line = command_line(req)
    assert shlex.split(line)[-1] == "evil; rm -rf /"
    assert "'a b=$(x)'" in line


def test_connect_with_alias_ip_and_link():
    req = ConnectContainer(
        Ref("n1", "appnet"),
        Ref("c1", "db"),
        aliases=("database", "pg"),
        ipv4="172.28.0.50",
        ipv6="fd00::5",
        links=("web:frontend",),
    )
    assert command_line(req) == (
        "docker network connect --alias database --alias pg --ip 172.28.0.50 --ip6 fd00::5 --link web:frontend "
        "appnet db"
    )


def test_refs_without_name_use_the_short_id():
    req = ConnectContainer(Ref("0123456789abcdef", ""), Ref("fedcba9876543210", ""))
    assert command_line(req) == "docker network connect 0123456789ab fedcba987654"


def test_disconnect_with_and_without_force():
    req = DisconnectContainer(Ref("n", "appnet"), Ref("c", "web"))
    assert command_line(req) == "docker network disconnect appnet web"
    assert command_line(dataclasses.replace(req, force=True)) == "docker network disconnect --force appnet web"


def test_remove_after_disconnecting_members():
    req = RemoveNetwork(Ref("n", "appnet"), (Ref("a", "web"), Ref("b", "api")))
    assert command_lines(req) == [
        "docker network disconnect appnet web",
        "docker network disconnect appnet api",
        "docker network rm appnet",
    ]
    assert command_line(req).count(" && ") == 2
    assert command_line(RemoveNetwork(Ref("n", "appnet"))) == "docker network rm appnet"


def test_prune_is_shown_as_rm_of_the_exact_list(snap):
    spare = [Network(id=c * 64, name=f"spare{c}", driver="bridge") for c in "ef"]
    changed = dataclasses.replace(snap, networks=(*snap.networks, *spare))
    both = PruneNetworks(tuple(Ref(n.id, n.name) for n in spare))
    assert command_line(both) == "docker network rm sparee sparef"
    assert "would remove the same networks" in prune_note(both, changed)
    one = PruneNetworks((Ref(spare[0].id, "sparee"),))
    assert "different set" in prune_note(one, changed)
    assert command_lines(PruneNetworks(())) == []


def test_describe_is_plain_words():
    assert CreateNetwork("n", pools=(PoolSpec("10.5.0.0/24"),), internal=True).describe() == (
        "create bridge network n with subnet 10.5.0.0/24 (internal)"
    )
    assert RemoveNetwork(Ref("n", "net"), (Ref("c", "web"),)).describe() == (
        "disconnect web from net, then remove network net"
    )
    assert PruneNetworks((Ref("a", "x"),)).describe() == "remove 1 unused network(s): x"


# -- names that cannot be written faithfully on a command line ------------------------------------

NET_ID, CTR_ID = "f" * 64, "c" * 64


def argv(line: str) -> list[str]:
    """The words bash passes to `docker` for `line` (a shim prints them, NUL-separated)."""
    import subprocess

    script = 'docker() { printf "%s\\0" "$@"; }\n' + line
    proc = subprocess.run(["bash", "-c", script], capture_output=True, check=True)
    return proc.stdout.decode("utf-8").split("\0")[:-1]


def test_a_name_holding_a_newline_is_removed_by_its_id():
    """`docker network rm 'acc-nl x'` (the newline shown as a space) would target another name."""
    net = Ref(NET_ID, "acc-nl\nx")
    assert command_lines(RemoveNetwork(net)) == [f"docker network rm {NET_ID}"]
    assert command_lines(RemoveNetwork(net, (Ref(CTR_ID, "web"),))) == [
        f"docker network disconnect {NET_ID} web",
        f"docker network rm {NET_ID}",
    ]
    assert command_line(PruneNetworks((net, Ref("a" * 64, "ok net")))) == f"docker network rm {NET_ID} 'ok net'"
    assert command_line(DisconnectContainer(net, Ref(CTR_ID, "web"))) == f"docker network disconnect {NET_ID} web"
    assert command_line(ConnectContainer(net, Ref(CTR_ID, "web"))) == f"docker network connect {NET_ID} web"


@pytest.mark.parametrize(
    "name",
    [
        "tab\tx",
        "esc\x1b[31mred",
        "bell\x07",
        "c1\x85x",
        "csi\x9b2J",
        "bidi\u202ex",
        "nbsp\xa0x",
        "ls\u2028x",
        "\x00nul",
    ],
)
def test_names_with_unprintable_characters_use_the_id(name):
    net = Ref(NET_ID, name)
    assert command_lines(RemoveNetwork(net)) == [f"docker network rm {NET_ID}"]
    assert command_line(ConnectContainer(net, Ref(CTR_ID, name))) == f"docker network connect {NET_ID} {CTR_ID}"


@pytest.mark.parametrize(
    "name",
    ['q"u\'o"te', "[link=http://x]y", "[@click=app.quit]q", "🦊 net", "<a&b>", "ñetz", "$(x)`y`", "-rf", "x" * 300],
)
def test_printable_names_are_shell_quoted_and_run_as_shown(name):
    line = command_line(RemoveNetwork(Ref(NET_ID, name)))
    assert line == "docker network rm " + shlex.quote(name)
    assert argv(line) == ["network", "rm", name]


def test_unprintable_words_without_an_id_are_written_with_bash_escapes():
    """A new network's name, labels and options have no id to fall back on: `$'...'` spells them out
    in printable characters, and bash hands docker the very same bytes."""
    req = CreateNetwork(
        "new\nnet",
        labels=(("note", "a\x1b[31mred\x07'q\\"), ("c1", "\x85\u202e🦊")),
        options=(("tab", "a\tb"),),
        config_from="tmpl\r",
    )
    line = command_line(req)
    assert line.isprintable()
    assert "$'new\\nnet'" in line
    assert argv(line) == [
        "network", "create", "--driver", "bridge", "--config-from", "tmpl\r",
        "--label", "note=a\x1b[31mred\x07'q\\", "--label", "c1=\x85\u202e🦊", "--opt", "tab=a\tb", "new\nnet",
    ]  # fmt: skip


def test_preview_lines_are_printable_so_the_panel_shows_what_runs():
    from tui.model.sanitize import clean

    for req in (
        RemoveNetwork(Ref(NET_ID, "acc-nl\nx"), (Ref(CTR_ID, "we\x1bb"),)),
        CreateNetwork("a\nb", labels=(("k\x00", "v\x9b"),)),
        ConnectContainer(Ref(NET_ID, "n\u2066"), Ref(CTR_ID, "c"), aliases=("al\nias",), links=("l\tk",)),
    ):
        for line in command_lines(req):
            assert clean(line) == line  # the preview's `clean` changes nothing
            assert argv(line)[0] == "network"
