"""The ports screen: every published port binding with its exposure, the exposed-only ports, conflicts.

"Which container holds host port 8080?" and "is this open to the world?" are the most common
networking questions, and `docker ps` answers them only one container at a time. Rows are host
bindings; the selection still means their container, so inspect and explain act on it (a routing
mesh row means one of its service's task containers).
"""

from __future__ import annotations

from tui.model.ports import PortInventory, port_inventory
from tui.model.snapshot import Snapshot
from tui.presentation import Section, in_project
from tui.presentation.ports import (
    PORT_COLUMNS,
    Row,
    container_of_key,
    front_end_of,
    heading_of,
    port_rows,
    port_sections,
    service_of_key,
)
from tui.screens.table_screen import TableScreen


class PortsScreen(TableScreen):
    """Host bindings sorted by host port over the selected one's detail and every conflict."""

    KIND = "container"
    COLUMNS = PORT_COLUMNS
    SORT_BY = ()

    _cached: tuple[Snapshot, PortInventory] | None = None

    def inventory(self) -> PortInventory:
        """Computed once per snapshot: highlighting a row only reads it."""
        if self._cached is None or self._cached[0] is not self.snapshot:
            self._cached = (self.snapshot, port_inventory(self.snapshot, front_end_of(self.snapshot)))
        return self._cached[1]

    def rows(self) -> list[Row]:
        shown = []
        for key, cells, dim in port_rows(self.inventory(), self.snapshot):
            container = self.snapshot.container(container_of_key(key)) if container_of_key(key) else None
            if container is None or in_project(container, self.snapshot, self.project):
                shown.append((key, cells, dim))
        return shown

    def describe(self, key: str) -> tuple[str, list[Section]]:
        inv = self.inventory()
        return heading_of(inv, key), port_sections(inv, key, self.snapshot, front_end_of(self.snapshot))

    def show_detail(self) -> None:
        if self.table.current_key is None and not self.filter_text:
            inv = self.inventory()
            self.detail.show("ports", port_sections(inv, None, self.snapshot, front_end_of(self.snapshot)))
            return
        super().show_detail()

    def _task_container(self, service: str) -> str:
        """A running task container of a service (a routing-mesh row stands for its tasks)."""
        swarm = self.snapshot.swarm
        svc = swarm.service(service) if swarm is not None and service else None
        if swarm is None or svc is None:
            return ""
        ids = [t.container_id for t in swarm.tasks_of(svc.id) if t.container_id]
        return next((cid for cid in ids if self.snapshot.container(cid) is not None), "")

    def selected(self) -> tuple[str, str] | None:
        key = self.table.current_key
        if not key:
            return None
        cid = container_of_key(key) or self._task_container(service_of_key(key))
        return ("container", cid) if cid else None

    def select(self, kind: str, object_id: str) -> bool:
        if kind != "container":
            return False
        key = next((k for k, _, _ in self.rows() if container_of_key(k) == object_id), None)
        return key is not None and super().select(kind, key)
