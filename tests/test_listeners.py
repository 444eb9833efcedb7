"""Listening sockets are read per container, again only when its process changed or they aged,
and a live refresh reads only containers that publish a port, for a bounded time (reading
/proc/PID/net/tcp costs ~4.5 ms a file on these machines). A fake /proc makes the reads countable."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import tui.engine.firewall as firewall
from tui.engine.firewall import ListenerReader

LISTEN_80 = "  0: 00000000:0050 00000000:0000 0A 0 0 0 0 0 1\n"


def _proc(root: Path, pids: dict[str, int]) -> dict[str, Any]:
    (root / "self" / "net").mkdir(parents=True)
    (root / "self" / "net" / "tcp").write_text("header\n")
    inspects = {}
    for cid, pid in pids.items():
        (root / str(pid) / "net").mkdir(parents=True)
        (root / str(pid) / "cgroup").write_text(f"1:cpu:/docker/{cid}\n")
        (root / str(pid) / "net" / "tcp").write_text("header\n" + LISTEN_80)
        published = {"80/tcp": [{"HostIp": "0.0.0.0", "HostPort": str(8000 + pid)}]}
        inspects[cid] = {"State": {"Running": True, "Pid": pid}, "NetworkSettings": {"Ports": published}}
    return inspects


def test_kept_until_the_process_changes_or_they_age(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inspects = _proc(tmp_path, {"a" * 64: 101, "b" * 64: 102})
    reader = ListenerReader(str(tmp_path), budget=None)
    first = reader.read(inspects)
    assert first["a" * 64] == [{"address": "0.0.0.0", "port": 80, "proto": "tcp"}] and "host" in first
    (tmp_path / "101" / "net" / "tcp").write_text("header\n")  # a changes: no socket any more
    assert reader.read(inspects)["a" * 64] == first["a" * 64]  # kept: same process, not aged
    monkeypatch.setattr(firewall, "LISTENERS_INTERVAL", 0.0)
    assert reader.read(inspects)["a" * 64] == []  # aged: read again
    assert ListenerReader(str(tmp_path), budget=None).read(inspects)["a" * 64] == []  # a one-shot reading is fresh


def test_a_refresh_spends_its_budget_and_the_next_ones_go_on(tmp_path: Path) -> None:
    inspects = _proc(tmp_path, {f"{i:064x}": 200 + i for i in range(20)})
    reader = ListenerReader(str(tmp_path), budget=0.0)  # one container a refresh (checked before each read)
    counts = [len([k for k in reader.read(inspects) if k != "host"]) for _ in range(3)]
    assert counts == [1, 2, 3]  # never guessed: the rest are "not read" until their turn
    assert len([k for k in ListenerReader(str(tmp_path), budget=None).read(inspects) if k != "host"]) == 20
    quiet = {cid: {**data, "NetworkSettings": {"Ports": {"80/tcp": None}}} for cid, data in inspects.items()}
    assert [k for k in ListenerReader(str(tmp_path), budget=1.0).read(quiet) if k != "host"] == []  # nothing published
