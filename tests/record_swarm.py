"""Record the swarm scenario from the lab's two real engines into tests/data/swarm.json.

    ip netns exec dnlab python3 -m tests.record_swarm

Builds `tests.lab.build_swarm` (plus the dnsrr service and the bridge-only container of
tests/test_swarm.py), reads both engines with `EngineReader` as the App does, keeps only the lab's
own objects (and the engines' built-in networks and ingress), and writes
`{"format": "dockernet-test-engines/1", "roles": {...}, "engines": [{"label", "raw"}, ...]}`.
The pure tests in tests/test_swarm_model.py parse and merge it; `roles` maps the scenario's roles
(c1, c2, b2, web, rr, ovl) to the recorded ids. Everything made is removed again.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.lab import LAB_HOST, LAB_HOST2, Lab, build_swarm_world, lab_client, lab_client2, remove_swarm_world
from tui.engine.connect import EngineTarget
from tui.engine.reader import EngineReader

OUT = Path(__file__).parent / "data" / "swarm.json"
BUILTIN = ("bridge", "host", "none", "docker_gwbridge", "ingress")
LABELS = ("e1", "e2")  # engine labels in the file: short, like context names


def _only_lab(raw: dict[str, Any], prefix: str) -> dict[str, Any]:
    """The raw snapshot cut down to the lab's objects: small, and nothing else of the machine."""
    mine = [c for c in raw["containers"] if any(n.lstrip("/").startswith(prefix) for n in c.get("Names") or [])]
    ids = {c["Id"] for c in mine}
    out = {
        **raw,
        "containers": mine,
        "inspects": {k: v for k, v in raw["inspects"].items() if k in ids},
        "networks": [n for n in raw["networks"] if n["Name"].startswith(prefix) or n["Name"] in BUILTIN],
    }
    for n in out["networks"]:
        n["Containers"] = {k: v for k, v in (n.get("Containers") or {}).items() if k in ids}
    swarm = raw.get("swarm")
    if swarm:
        services = [s for s in swarm["services"] if s["Spec"]["Name"].startswith(prefix)]
        sids = {s["ID"] for s in services}
        nodes = []
        for node in swarm["nodes"]:
            node = json.loads(json.dumps(node))
            node.get("Description", {}).pop("TLSInfo", None)
            node.get("Description", {}).pop("Plugins", None)
            nodes.append(node)
        verbose = []
        for net in swarm["networks"]:
            if not (net["Name"].startswith(prefix) or net["Name"] == "ingress"):
                continue
            net = json.loads(json.dumps(net))
            net["Containers"] = {k: v for k, v in (net.get("Containers") or {}).items() if k in ids}
            kept = {}
            for name, svc in (net.get("Services") or {}).items():
                if name.startswith(prefix):
                    kept[name] = svc
                elif name == "":  # plain containers and the ingress endpoints
                    tasks = [
                        t for t in svc.get("Tasks") or [] if t["Name"].startswith(prefix) or "ingress" in t["Name"]
                    ]
                    kept[name] = {**svc, "Tasks": tasks}
            net["Services"] = kept
            verbose.append(net)
        out["swarm"] = {
            **swarm,
            "nodes": nodes,
            "services": services,
            "tasks": [t for t in swarm["tasks"] if t["ServiceID"] in sids],
            "networks": verbose,
        }
    return out


def main() -> None:
    c1, c2 = lab_client(), lab_client2()
    lab1 = Lab(c1)
    lab2 = Lab(c2, prefix=lab1.prefix, run_id=lab1.run_id)
    try:
        o = build_swarm_world(lab1, lab2)
        parts = []
        for label, host in zip(LABELS, (LAB_HOST, LAB_HOST2), strict=True):
            raw = EngineReader(EngineTarget(host)).read_raw()
            parts.append({"label": label, "raw": _only_lab(raw, lab1.prefix)})
        roles = {k: o[k].id for k in ("c1", "c2", "b2", "web", "rr", "ovl")}
        OUT.parent.mkdir(exist_ok=True)
        data = {"format": "dockernet-test-engines/1", "prefix": lab1.prefix, "roles": roles, "engines": parts}
        OUT.write_text(json.dumps(data, indent=1, sort_keys=True, default=str) + "\n")
        print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")
    finally:
        remove_swarm_world(lab1, lab2)


if __name__ == "__main__":
    main()
