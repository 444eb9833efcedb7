"""Create a network: name, driver, IPv4 pools, IPv6, flags, labels and driver options.

The options users reach for most are offered by name for the chosen driver (bridge name, ICC,
IP masquerade, MTU; macvlan/ipvlan parent and mode), and the macvlan two-step
(`--config-only` template, then `--config-from`) is one select away.

The first IPv4 subnet comes prefilled with the next free /24 that overlaps nothing known (the
size choice beside it refills it with a free subnet of that size); clearing it lets the engine pick.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Button, Checkbox, Input, Select

from tui.changes.change import BUILTIN_DRIVERS, CreateNetwork, PoolSpec
from tui.changes.validate import parse_pairs
from tui.changes.validatecreate import validate_create
from tui.model.addrspace import suggest_subnet
from tui.model.sanitize import clean
from tui.model.snapshot import Snapshot
from tui.screens.panels.base import ActionPanel, Errors
from widgets.check import Check

SIZES = (16, 20, 24, 26, 28)  # the prefix lengths offered for the suggested subnet
TRISTATE = [("engine default", ""), ("true", "true"), ("false", "false")]
MODES = {
    "macvlan": ["bridge", "vepa", "private", "passthru"],
    "ipvlan": ["l2", "l3", "l3s"],
}
# (field id, option key, driver it applies to: "" for every driver)
NAMED_OPTIONS = (
    ("bridge-name", "com.docker.network.bridge.name", "bridge"),
    ("icc", "com.docker.network.bridge.enable_icc", "bridge"),
    ("masquerade", "com.docker.network.bridge.enable_ip_masquerade", "bridge"),
    ("mtu", "com.docker.network.driver.mtu", ""),
    ("parent", "parent", "vlan"),
    ("macvlan-mode", "macvlan_mode", "macvlan"),
    ("ipvlan-mode", "ipvlan_mode", "ipvlan"),
)


class CreateNetworkPanel(ActionPanel[CreateNetwork]):
    """`docker network create`, field by field."""

    TITLE_TEXT = "Create a network"
    APPLY_LABEL = "Create"

    def __init__(self, snapshot: Snapshot, drivers: list[str] | None = None) -> None:
        super().__init__(snapshot)
        names = list(drivers or BUILTIN_DRIVERS)
        self.drivers = names + [d for d in BUILTIN_DRIVERS if d not in names]
        self.pool_count = 1
        self.config_sources = [n.name for n in snapshot.networks if n.config_only]
        self.suggested = suggest_subnet(snapshot, 24)

    def compose_form(self) -> ComposeResult:
        yield from self.row("Name", Input(id="name", placeholder="mynet", compact=True), key="name")
        drivers = [(Text(clean(d)), d) for d in self.drivers]
        yield from self.row(
            "Driver", Select(drivers, value="bridge", allow_blank=False, id="driver", compact=True), key="driver"
        )
        with Vertical(id="pools"):
            yield from self._pool_rows(0)
        yield Button("+ another IPv4 pool", id="add-pool", compact=True)
        yield from self.row(
            "IPv6",
            Check("enable", id="ipv6", compact=True),
            Input(id="ipv6-subnet", placeholder="fd00:5::/64", compact=True),
            key="ipv6-subnet",
        )
        yield from self.row(
            "Flags",
            Check("internal (no route out)", id="internal", compact=True),
            Check("attachable", id="attachable", compact=True),
        )
        yield from self.row(
            "Labels", Input(id="labels", placeholder="key=value, key2=value2", compact=True), key="labels"
        )
        with Vertical(id="bridge-opts", classes="driver-opts"):
            yield from self.row("Bridge name", Input(id="bridge-name", placeholder="br-mynet", compact=True))
            yield from self.row("ICC", Select(TRISTATE, value="", allow_blank=False, id="icc", compact=True))
            yield from self.row(
                "IP masquerade", Select(TRISTATE, value="", allow_blank=False, id="masquerade", compact=True)
            )
        with Vertical(id="vlan-opts", classes="driver-opts"):
            yield from self.row(
                "Parent", Input(id="parent", placeholder="host interface, e.g. eth0", compact=True), key="parent"
            )
            for driver, modes in MODES.items():
                choices = [("engine default", ""), *((m, m) for m in modes)]
                yield from self.row(
                    f"{driver} mode", Select(choices, value="", allow_blank=False, id=f"{driver}-mode", compact=True)
                )
            yield from self.row(
                "Config",
                Select(
                    [
                        ("ordinary network", "normal"),
                        ("template only (--config-only)", "only"),
                        ("from a template (--config-from)", "from"),
                    ],
                    value="normal",
                    allow_blank=False,
                    id="config-mode",
                    compact=True,
                ),
            )
            sources = [(Text(clean(name)), name) for name in self.config_sources]
            yield from self.row(
                "Template",
                Select(sources, prompt="config-only network", id="config-from", compact=True),
                key="config-from",
            )
        yield from self.row("MTU", Input(id="mtu", placeholder="1500", type="integer", compact=True), key="mtu")
        yield from self.row(
            "More options", Input(id="options", placeholder="key=value, ...", compact=True), key="options"
        )

    def _pool_rows(self, i: int) -> ComposeResult:
        n = f" {i + 1}" if i else ""
        # The first pool is prefilled with a free subnet; the size beside it asks for another size.
        size = [Select([(f"/{p}", p) for p in SIZES], value=24, allow_blank=False, id="pool0-size", compact=True)]
        yield from self.row(
            f"IPv4 subnet{n}",
            Input(value="" if i else self.suggested, id=f"pool{i}-subnet", placeholder="10.5.0.0/24", compact=True),
            *([] if i else size),
            key=f"pool{i}-subnet",
        )
        yield from self.row(
            "  gateway", Input(id=f"pool{i}-gateway", placeholder="10.5.0.1", compact=True), key=f"pool{i}-gateway"
        )
        yield from self.row(
            "  ip-range",
            Input(id=f"pool{i}-ip-range", placeholder="10.5.0.128/25", compact=True),
            key=f"pool{i}-ip-range",
        )
        yield from self.row(
            "  aux addresses",
            Input(id=f"pool{i}-aux", placeholder="host=10.5.0.5, ...", compact=True),
            key=f"pool{i}-aux",
        )

    def on_mount(self) -> None:
        super().on_mount()
        self._show_driver_options()

    @on(Button.Pressed, "#add-pool")
    async def _add_pool(self) -> None:
        i = self.pool_count
        self.pool_count += 1
        await self.query_one("#pools").mount_compose(self._pool_rows(i))
        self.query_one(f"#pool{i}-subnet", Input).focus()
        self.refresh_form()

    @on(Select.Changed, "#pool0-size")
    def _size_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, int):
            self.query_one("#pool0-subnet", Input).value = suggest_subnet(self.snapshot, event.value)

    @on(Select.Changed, "#driver, #config-mode")
    def _driver_changed(self) -> None:
        self._show_driver_options()

    def _show_driver_options(self) -> None:
        driver = self._value("driver")
        vlan = driver in MODES
        self.query_one("#bridge-opts").display = driver == "bridge"
        self.query_one("#vlan-opts").display = vlan
        for name in MODES:
            self.show_row(f"#{name}-mode", driver == name)
        self.show_row("#config-from", vlan and self._value("config-mode") == "from")

    def _value(self, field: str) -> Any:
        widget = self.query_one(f"#{field}")
        if isinstance(widget, Select):
            return "" if widget.value is Select.BLANK else widget.value
        if isinstance(widget, Checkbox):
            return widget.value
        return self.query_one(f"#{field}", Input).value.strip()

    def _options(self, driver: str, errors: Errors) -> tuple[tuple[str, str], ...]:
        named: dict[str, str] = {}
        for field, key, applies in NAMED_OPTIONS:
            if (applies == "vlan" and driver not in MODES) or applies not in ("", "vlan", driver):
                continue
            value = self._value(field)
            if value:
                named[key] = value
        extra, error = parse_pairs(self._value("options"))
        if error:
            errors["options"] = error
        twice = [k for k, _ in extra if k in named]
        if twice:
            errors["options"] = f"{twice[0]} is already set by its own field above"
        return tuple(named.items()) + extra

    def build(self) -> tuple[CreateNetwork | None, Errors]:
        errors: Errors = {}
        driver = self._value("driver")
        pools = []
        for i in range(self.pool_count):
            aux, error = parse_pairs(self._value(f"pool{i}-aux"))
            if error:
                errors[f"pool{i}-aux"] = error
            pools.append(
                PoolSpec(
                    self._value(f"pool{i}-subnet"),
                    self._value(f"pool{i}-gateway"),
                    self._value(f"pool{i}-ip-range"),
                    aux,
                )
            )
        labels, error = parse_pairs(self._value("labels"))
        if error:
            errors["labels"] = error
        mode = self._value("config-mode") if driver in MODES else "normal"
        request = CreateNetwork(
            name=self._value("name"),
            driver=driver,
            pools=tuple(pools),
            ipv6=self._value("ipv6"),
            ipv6_subnet=self._value("ipv6-subnet"),
            internal=self._value("internal"),
            attachable=self._value("attachable"),
            labels=labels,
            options=self._options(driver, errors),
            config_only=mode == "only",
            config_from=self._value("config-from") if mode == "from" else "",
        )
        if mode == "from" and not request.config_from:
            errors["config-from"] = "choose the config-only network to take the configuration from"
        return request, errors

    def check(self, request: CreateNetwork) -> Errors:
        return validate_create(request, self.snapshot)
