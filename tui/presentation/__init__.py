"""What the screens show, as plain strings: table cells and detail sections for each item.

Pure functions of a `Snapshot` (and its graph), so every cell and every detail line is tested
without a terminal, as lazydocker's presentation package; widgets turn these strings into
`Text` (never markup). Every string that came from the engine passes through `clean`.
"""

from tui.presentation.datapath import (
    DatapathBook,
    Found,
    datapath_request,
    datapath_section,
    reach_datapath_section,
)
from tui.presentation.details import container_sections, hosts_line, network_sections
from tui.presentation.tables import (
    CONTAINER_COLUMNS,
    NETWORK_COLUMNS,
    NONE,
    Section,
    addresses,
    container_name,
    container_row,
    counted,
    engine_line,
    in_project,
    matches,
    member_count,
    member_names,
    network_mode,
    network_row,
    project_service,
    projects,
)

__all__ = [
    "CONTAINER_COLUMNS",
    "NETWORK_COLUMNS",
    "NONE",
    "DatapathBook",
    "Found",
    "Section",
    "addresses",
    "container_name",
    "container_row",
    "container_sections",
    "counted",
    "datapath_request",
    "datapath_section",
    "engine_line",
    "hosts_line",
    "in_project",
    "matches",
    "member_count",
    "member_names",
    "network_mode",
    "network_row",
    "network_sections",
    "project_service",
    "projects",
    "reach_datapath_section",
]
