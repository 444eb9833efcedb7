"""Carry out a confirmed request (`tui.changes.change`) with low-level docker API calls.

The one place dockernet writes to an engine. Read-only mode is enforced here, before any
request is built, so no panel or key binding can get a write past it. Refusals come back as
`EngineError` in the engine's own words (plus a hint where `tui.changes.validate` has one).
"""

from __future__ import annotations

import contextlib
import threading
from typing import Any, Protocol, cast

import docker
import docker.errors
import requests
from docker.types import IPAMConfig, IPAMPool

from tui.changes.change import (
    BUILTIN_DRIVERS,
    ConnectContainer,
    CreateNetwork,
    DisconnectContainer,
    PruneNetworks,
    RemoveNetwork,
    Request,
)
from tui.changes.validate import explain_engine_error
from tui.engine.connect import EngineError, EngineTarget, ReadOnlyError, api_error_text, explain, open_client

READ_ONLY_TEXT = "dockernet is read-only (--read-only, a saved snapshot or the demo): no change was sent to the engine"


class _PostJson(Protocol):
    """The `docker.APIClient` internals its own `create_network` posts with (the SDK's stubs omit them)."""

    def _url(self, pathfmt: str, *args: str) -> str: ...

    def _post_json(self, url: str, data: dict[str, Any]) -> requests.Response: ...

    def _result(self, response: requests.Response, json: bool) -> dict[str, str]: ...


class EngineWriter:
    """Writes to one engine; `execute` is blocking, so call it from a thread worker.

    One writer serves every request to its engine (one client, one request at a time: a
    `requests.Session` is not thread-safe); `close()` releases its connections.
    """

    def __init__(self, target_or_client: EngineTarget | docker.APIClient | docker.DockerClient, read_only: bool):
        self.read_only = read_only
        self.target: EngineTarget | None = None
        self._lock = threading.Lock()
        self._client: docker.APIClient | None = None
        if isinstance(target_or_client, EngineTarget):
            self.target = target_or_client
        elif isinstance(target_or_client, docker.DockerClient):
            self._client = target_or_client.api
        else:
            self._client = target_or_client

    @property
    def client(self) -> docker.APIClient:
        if self._client is None:
            assert self.target is not None
            self._client = open_client(self.target)
        return self._client

    def close(self) -> None:
        """Close the client's idle connections, if this writer opened it (never waits for a request)."""
        client, opened = self._client, self.target is not None
        if opened and client is not None:
            self._client = None
            with contextlib.suppress(Exception):
                client.close()

    def execute(self, request: Request) -> str | list[str]:
        """Send the request; returns what was made or removed (ids). Raises EngineError."""
        if self.read_only:
            raise ReadOnlyError(READ_ONLY_TEXT)
        if not isinstance(request, Request):
            raise EngineError(f"not a dockernet request: {type(request).__name__}")
        try:
            with self._lock:
                return self._send(request)
        except EngineError:
            raise
        except Exception as exc:
            raise EngineError(self._explain(exc)) from None

    def _send(self, request: Request) -> str | list[str]:
        match request:
            case CreateNetwork():
                return self._create(request)
            case ConnectContainer():
                return self._connect(request)
            case DisconnectContainer():
                return self._disconnect(request)
            case RemoveNetwork():
                return self._remove(request)
            case PruneNetworks():
                return self._prune(request)

    def network_drivers(self) -> list[str]:
        """The drivers to offer when creating a network: the built-in ones, then the engine's plugins."""
        try:
            with self._lock:
                plugins = (self.client.info().get("Plugins") or {}).get("Network") or []
        except Exception as exc:
            raise EngineError(self._explain(exc)) from None
        extra = [p for p in plugins if isinstance(p, str) and p not in BUILTIN_DRIVERS and p not in ("host", "null")]
        return [*BUILTIN_DRIVERS, *sorted(set(extra))]

    def _explain(self, exc: BaseException) -> str:
        if isinstance(exc, docker.errors.APIError):
            text = api_error_text(exc)
            if getattr(exc.response, "status_code", None) == 403:
                text = f"writes are not allowed here: {text}"
            return explain_engine_error(text)
        return explain(exc, self.target)

    def _create(self, req: CreateNetwork) -> str:
        pools = [
            IPAMPool(
                subnet=p.subnet or None,
                gateway=p.gateway or None,
                iprange=p.ip_range or None,
                aux_addresses=dict(p.aux_addresses) or None,
            )
            for p in req.pools
            if not p.empty
        ]
        if req.ipv6 and req.ipv6_subnet:
            pools.append(IPAMPool(subnet=req.ipv6_subnet))
        ipam = IPAMConfig(pool_configs=pools) if pools else None
        if req.config_only or req.config_from:
            # The SDK's create_network knows neither flag: send the same body with them added.
            body: dict[str, Any] = {
                "Name": req.name,
                "Driver": req.driver,
                "CheckDuplicate": True,
                "ConfigOnly": req.config_only,
            }
            if req.config_from:
                body["ConfigFrom"] = {"Network": req.config_from}
            else:
                body.update(
                    IPAM=ipam,
                    Options=dict(req.options),
                    Labels=dict(req.labels),
                    EnableIPv6=req.ipv6,
                    Internal=req.internal,
                )
            if req.attachable:
                body["Attachable"] = True
            api = cast(_PostJson, self.client)
            created = api._result(api._post_json(api._url("/networks/create"), data=body), json=True)
            return created["Id"]
        result = self.client.create_network(
            req.name,
            driver=req.driver or None,
            options=dict(req.options) or None,
            ipam=ipam,
            check_duplicate=True,
            internal=req.internal,
            labels=dict(req.labels) or None,
            enable_ipv6=req.ipv6,
            attachable=req.attachable or None,
        )
        return result["Id"]

    def _connect(self, req: ConnectContainer) -> str:
        links: list[tuple[str, str | None]] = []
        for link in req.links:  # "name" or "name:alias"
            name, colon, alias = link.partition(":")
            links.append((name, alias if colon else None))
        self.client.connect_container_to_network(
            req.container.id,
            req.network.id,
            ipv4_address=req.ipv4 or None,
            ipv6_address=req.ipv6 or None,
            aliases=list(req.aliases) or None,
            links=links or None,
        )
        return req.container.id

    def _disconnect(self, req: DisconnectContainer) -> str:
        self.client.disconnect_container_from_network(req.container.id, req.network.id, force=req.force)
        return req.container.id

    def _remove(self, req: RemoveNetwork) -> str:
        done: list[str] = []
        for c in req.disconnect:
            try:
                self.client.disconnect_container_from_network(c.id, req.network.id, force=req.force)
            except docker.errors.NotFound:
                pass  # already gone: the goal (not connected) holds
            except Exception as exc:
                raise EngineError(_partial("disconnected", done, c.label, self._explain(exc))) from None
            done.append(c.label)
        try:
            self.client.remove_network(req.network.id)
        except Exception as exc:
            raise EngineError(_partial("disconnected", done, req.network.label, self._explain(exc))) from None
        return req.network.id

    def _prune(self, req: PruneNetworks) -> list[str]:
        removed: list[str] = []
        labels: list[str] = []
        failures: list[str] = []
        for n in req.networks:
            try:
                self.client.remove_network(n.id)
            except docker.errors.NotFound:
                continue  # someone else removed it: the goal holds
            except Exception as exc:
                failures.append(f"{n.label}: {self._explain(exc)}")
                continue
            removed.append(n.id)
            labels.append(n.label)
        if failures:
            head = f"removed {', '.join(labels)}; " if labels else ""
            raise EngineError(head + "the engine refused " + "; ".join(failures))
        return removed


def _partial(verb: str, done: list[str], failed: str, error: str) -> str:
    """An error that also says what had already changed, so the user knows the state."""
    if not done:
        return error
    return f"{verb} {', '.join(done)}, then failed at {failed}: {error}"
