"""The address space against real engines: pool exhaustion on a private dockerd, host-route conflicts.

Exhaustion: a dockerd of this test's own, in a network namespace of its own, with a default pool
of four /24 blocks, so the fifth network without --subnet fails as the 30th does on a stock
engine; usage and the warning are checked before and after, and the suggested subnet is created.
Host routes: a route added inside the lab's own namespace (never the host's) and removed after.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator

import docker
import docker.errors
import pytest
from docker.types import IPAMConfig, IPAMPool

from tests.lab import Lab
from tui.changes.change import CreateNetwork, PoolSpec
from tui.changes.validatecreate import validate_create
from tui.engine.connect import EngineTarget
from tui.engine.reader import EngineReader
from tui.model.addressing import effective_gateway
from tui.model.addrpools import POOL_EXHAUSTED
from tui.model.addrspace import address_space

pytestmark = pytest.mark.engine


def _netns() -> str:
    proc = subprocess.run(["ip", "netns", "identify", str(os.getpid())], capture_output=True, text=True, check=False)
    return proc.stdout.strip()


@contextlib.contextmanager
def small_pool_engine() -> Iterator[str]:
    """A short-lived dockerd in a namespace of its own with 10.123.0.0/22 cut in /24s (4 networks)."""
    if shutil.which("dockerd") is None or os.geteuid() != 0:
        pytest.skip("needs root and dockerd")
    ns = f"dnaddr{uuid.uuid4().hex[:6]}"
    root = tempfile.mkdtemp(prefix="dnaddr-", dir="/tmp")
    sock = f"unix://{root}/s.sock"
    subprocess.run(["ip", "netns", "add", ns], check=True)
    proc: subprocess.Popen[bytes] | None = None
    try:
        subprocess.run(["ip", "-n", ns, "link", "set", "lo", "up"], check=True)
        # `ip netns exec` left this process a /sys without cgroups; dockerd gets a private mount
        # namespace with the new namespace's sysfs and the cgroup v1 hierarchies mounted again.
        mounts = (
            "mount -t sysfs sysfs /sys && mount -t tmpfs tmpfs /sys/fs/cgroup && "
            "for c in cpu cpuacct cpuset memory devices freezer blkio pids; do "
            "mkdir -p /sys/fs/cgroup/$c && mount -t cgroup -o $c cgroup /sys/fs/cgroup/$c || true; done; "
            "mkdir -p /sys/fs/cgroup/systemd && "
            "mount -t cgroup -o none,name=systemd cgroup /sys/fs/cgroup/systemd || true; "
        )
        dockerd = (
            f"exec dockerd --data-root {root}/d --exec-root {root}/e -H {sock} --pidfile {root}/p.pid "
            "--dns 127.0.0.1 --bip 10.124.0.1/24 --default-address-pool base=10.123.0.0/22,size=24 --shutdown-timeout 1"
        )
        with open(f"{root}/log", "wb") as log:
            proc = subprocess.Popen(
                ["nsenter", f"--net=/var/run/netns/{ns}", "unshare", "--mount", "--propagation", "private",
                 "sh", "-c", mounts + dockerd],
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        deadline = time.monotonic() + 30
        while not _answers(sock):
            if proc.poll() is not None or time.monotonic() > deadline:
                with open(f"{root}/log", encoding="utf-8", errors="replace") as fh:
                    pytest.fail("the private dockerd did not start: " + fh.read()[-2000:])
            time.sleep(0.1)
        yield sock
    finally:
        if proc is not None and proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)
        with open("/proc/self/mounts", encoding="utf-8") as fh:  # our mount namespace's view
            points = [line.split()[1] for line in fh if line.split()[1].startswith(root)]
        for point in sorted(points, key=len, reverse=True):
            subprocess.run(["umount", "-l", point], check=False)
        subprocess.run(["ip", "netns", "del", ns], check=False)
        shutil.rmtree(root, ignore_errors=True)


def _answers(sock: str) -> bool:
    try:
        client = docker.APIClient(base_url=sock, timeout=2)
    except docker.errors.DockerException:
        return False
    try:
        client.info()
        return True
    except Exception:
        return False
    finally:
        client.close()


def _space(host: str):  # type: ignore[no-untyped-def]
    reader = EngineReader(EngineTarget(host))
    try:
        return address_space(reader.snapshot())
    finally:
        reader.close()


def test_pool_exhaustion_usage_warning_and_the_suggestion_works() -> None:
    with small_pool_engine() as host:
        client = docker.APIClient(base_url=host, timeout=20)
        before = _space(host)
        pool = next(p for p in before.pools if p.base == "10.123.0.0/22")
        assert (pool.size, pool.blocks_total, pool.blocks_used, pool.builtin) == (24, 4, 0, False)
        assert before.warnings == ()
        for i in range(3):
            client.create_network(f"dnaddr-n{i}")
        three = _space(host)
        assert next(p for p in three.pools if p.base == "10.123.0.0/22").blocks_used == 3
        assert any("only 1 default pool block left" in w for w in three.warnings)
        client.create_network("dnaddr-n3")
        full = _space(host)
        assert next(p for p in full.pools if p.base == "10.123.0.0/22").blocks_free == 0
        assert any("no default pool block is left" in w and POOL_EXHAUSTED in w for w in full.warnings)
        with pytest.raises(docker.errors.APIError) as failed:
            client.create_network("dnaddr-n4")
        assert POOL_EXHAUSTED in str(failed.value)  # the error the warning predicted, word for word
        assert full.suggest and not full.suggest.startswith("10.123.")
        client.create_network("dnaddr-ok", ipam=IPAMConfig(pool_configs=[IPAMPool(subnet=full.suggest)]))
        after = _space(host)
        row = next(r for r in after.subnets if r.network == "dnaddr-ok")
        assert row.cidr == full.suggest and row.gateway_derived  # only --subnet given: the engine reports no gateway
        assert not [c for c in after.conflicts if c.kind == "overlap"]
        client.close()


def test_host_route_conflict_in_the_lab_namespace(lab: Lab, engine_host: str) -> None:
    if _netns() != "dnlab":
        pytest.skip("runs inside the lab's namespace only (ip netns exec dnlab ...): it adds a route there")
    subprocess.run(["ip", "route", "add", "10.77.0.0/16", "dev", "lo"], check=True)
    try:
        net = lab.network("clash", subnet="10.77.1.0/24")
        reader = EngineReader(EngineTarget(engine_host))
        try:
            snap = reader.snapshot()
        finally:
            reader.close()
        space = address_space(snap)
        assert space.routes_problem == ""
        found = [c for c in space.conflicts if c.kind == "host-route" and c.a == f"{lab.name('clash')} 10.77.1.0/24"]
        assert [c.b for c in found] == ["host route 10.77.0.0/16 dev lo"]
        assert "cut off" in found[0].detail
        network = snap.network(net.id)
        assert network is not None and effective_gateway(network, snap) == (
            "10.77.1.1",
            True,
        )  # the bridge's own address
        errors = validate_create(CreateNetwork("x", pools=(PoolSpec("10.77.9.0/24"),)), snap)
        assert errors["pool0-subnet"] == "overlaps the host route 10.77.0.0/16 dev lo"
        assert validate_create(CreateNetwork("x", pools=(PoolSpec(space.suggest),)), snap) == {}
    finally:
        subprocess.run(["ip", "route", "del", "10.77.0.0/16", "dev", "lo"], check=False)
