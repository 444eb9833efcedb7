"""Draws a `tui.topomap.plan.Plan` onto a `Canvas`: buses, boxes, attachment lines, addresses, links.

Pure. Every drawn character gets a role (see `ROLES`) so the widget can style it from the theme
and the tests can read the map as plain text. Untrusted text (names, aliases) goes through
`Canvas.write`, which cleans it and cuts it to the cells available.
"""

from __future__ import annotations

from tui.model.graph import container_node
from tui.model.sanitize import clean
from tui.model.snapshot import Container
from tui.topomap.canvas import Canvas, MapLayout, Rect, fit, to_cells
from tui.topomap.model import BOX_H, BOX_W, LINE_OFF, NETNS, NETNS_TAG, Bus, Plan, Unit
from tui.topomap.plan import gutter_lines

ROLES = (
    "bus",
    "leader",
    "line",
    "box",
    "stopped",
    "name",
    "meta",
    "warn",
    "addr",
    "muted",
    "label",
    "note",
    "link",
    "netns",
    "header",
    "node",
)
ADDR_W = 15
SWARM_TASK_NAME = "com.docker.swarm.task.name"
STUB = 12  # length of a bus with no containers drawn on it
COLLAPSED_W = 80
# bus kind -> (bus, junction with the line going down, through, coming up)
GLYPHS = {"bus": "━┯┿┷", "host": "═╤╪╧", "none": "┄┬┼┴"}
NOTES = {"host": "host network stack (no isolation, no NAT)", "none": "loopback only"}


def draw(plan: Plan) -> MapLayout:
    """Lay out rows, then draw in layers: buses, lines, boxes, addresses, links, labels."""
    canvas = Canvas()
    headers = _assign_rows(plan)
    xs_of: dict[int, list[int]] = {k: [] for k in range(len(plan.buses))}
    for u in plan.units:
        for k in u.buses:
            xs_of[k].append(u.line_x)
    extents = {id(b): _extent(plan, xs_of[k], b) for k, b in enumerate(plan.buses)}
    rows_of = {b.row: k for k, b in enumerate(plan.buses) if b.net is not None}
    for b in plan.buses:
        _draw_bus(canvas, plan, b, extents[id(b)])
    for u in plan.units:
        _draw_lines(canvas, plan, u, rows_of)
        for i, c in enumerate(u.boxes):
            _draw_box(canvas, plan, u, i, c)
        for k in u.buses:
            bus = plan.buses[k]
            if bus.net is not None:
                text = u.endpoints.get(k, "")
                role = "muted" if text == "no IP" else "addr"
                canvas.write(u.line_x + 1, bus.row + 1, text, role, ADDR_W)
    for b in plan.buses:
        _draw_links(canvas, plan, b)
        _draw_nodes(canvas, b)
    for y, group in headers:
        canvas.write(1, y, f"▍{'compose project ' + group if group else 'not in a compose project'}", "header", 60)
    for k, b in enumerate(plan.buses):
        _draw_label_and_note(canvas, plan, b, extents[id(b)], bool(xs_of[k]))
    height = max(len(canvas.chars), max((b.row + b.height for b in plan.buses), default=1))
    canvas.put(0, height - 1, " ", "")
    return _finish(canvas, plan, extents, height)


def _assign_rows(plan: Plan) -> list[tuple[int, str]]:
    headers: list[tuple[int, str]] = []
    y, group = 1, None
    for b in plan.buses:
        if plan.options.group_by_project and b.net is not None and b.group != group:
            group = b.group
            headers.append((y, group))
            y += 1
        b.row = y
        if b.collapsed:
            b.height = 2
        else:
            body = 2 + (BOX_H if b.units else 0) + len(b.lanes) + 1 + _has_nodes(b)
            b.height = max(body, len(gutter_lines(b)) + 1, 3)
        for u in b.units:
            u.box_y = y + 2
        y += b.height
    return headers


def _extent(plan: Plan, xs: list[int], bus: Bus) -> tuple[int, int]:
    """A bus spans its members (nwdiag style); the gutter label reaches it by a dotted leader."""
    if bus.collapsed:
        return plan.x0 - 1, plan.x0 - 1 + 5 + len(fit(_folded(bus), COLLAPSED_W))
    if not xs:
        return plan.x0 - 1, plan.x0 - 1 + STUB
    start = min(xs) - 3
    return (plan.x0 - 1 if start <= plan.x0 + 1 else start), max(xs) + 3


def _draw_bus(canvas: Canvas, plan: Plan, bus: Bus, extent: tuple[int, int]) -> None:
    if bus.net is None:
        return
    line = GLYPHS[bus.kind][0]
    start, end = extent
    if not bus.collapsed:
        canvas.hline(plan.x0 - 1, start - 1, bus.row, "┈", "leader")
        canvas.hline(start, end, bus.row, line, "bus")
        return
    canvas.hline(start, start + 2, bus.row, line, "bus")
    used = canvas.write(start + 3, bus.row, _folded(bus), "note", COLLAPSED_W)
    canvas.hline(start + 3 + used, end, bus.row, line, "bus")


def _folded(bus: Bus) -> str:
    """The text on a collapsed bus: driver, subnets and how many containers it holds."""
    assert bus.net is not None
    count = f"▶ {bus.hidden} container{'' if bus.hidden == 1 else 's'}"
    return " ".join(["", bus.net.driver, *bus.net.subnets, "·", count, ""])


def _draw_lines(canvas: Canvas, plan: Plan, u: Unit, rows_of: dict[int, int]) -> None:
    """The unit's vertical line from its first bus to its last, with a junction on each of its buses."""
    if plan.buses[u.top].net is None:
        return
    x = u.line_x
    first, last = plan.buses[u.top].row, plan.buses[u.bottom].row
    for y in range(first, last + 1):
        if u.box_y <= y < u.box_y + BOX_H:
            continue
        k = rows_of.get(y)
        if k is None or k not in u.buses:
            canvas.put(x, y, "│", "line")
            continue
        glyphs = GLYPHS[plan.buses[k].kind]
        canvas.put(x, y, glyphs[1] if k == u.top else glyphs[2] if k < u.bottom else glyphs[3], "bus")


def _meta(i: int, c: Container) -> tuple[str, str]:
    """The box's second line: stopped state, else Compose project/service, else the image."""
    if not c.running:
        return f"■ {c.state or 'stopped'}", "warn"
    if i == 0 and c.namespace_target:
        return f"netns {c.namespace_target[:7]}?", "muted"
    if c.compose_project:
        return f"{c.compose_project}/{c.compose_service}", "meta"
    image = c.image.rsplit("/", 1)[-1].split("@", 1)[0]
    return (image[7:19] if image.startswith("sha256:") else image), "meta"


def box_name(c: Container, width: int) -> str:
    """The name as it fits a box: whole, else without its Compose project prefix, else cut in the middle.

    Compose names share their project prefix and differ at the end (`shop-api-1`, `shop-api-2`),
    so the end is what must stay visible; the full name is on the status line. A swarm task's name
    ends in its task id, which only the status line needs: the box keeps `service.slot`.
    """
    name = clean(c.name)
    task = dict(c.labels).get(SWARM_TASK_NAME, "")
    if len(to_cells(name)) > width and task and c.name == task and task.count(".") >= 2:
        name = clean(task.rsplit(".", 1)[0])  # a swarm task, `web.2.<task id>`: `web.2` tells it apart
    for sep in "-_":
        if len(to_cells(name)) > width and c.compose_project and name.startswith(c.compose_project + sep):
            name = name[len(c.compose_project) + 1 :]
    cells = to_cells(name)
    if len(cells) <= width:
        return name
    tail = cells[len(cells) - (width - 1) // 2 :]
    if tail and tail[0] == "":  # half a wide character
        tail[0] = " "
    return "".join(fit(name, width - len(tail))[:-1]) + "…" + "".join(tail)


def _draw_box(canvas: Canvas, plan: Plan, u: Unit, i: int, c: Container) -> None:
    x, y = u.box_x(i), u.box_y
    stopped = not c.running
    h, v, role = ("╌", "╎", "stopped") if stopped else ("─", "│", "box")
    canvas.put(x, y, "┌", role)
    canvas.hline(x + 1, x + BOX_W - 2, y, h, role)
    canvas.put(x + BOX_W - 1, y, "┐", role)
    for dy, inside in ((1, "name"), (2, "meta")):
        canvas.put(x, y + dy, v, role)
        canvas.hline(x + 1, x + BOX_W - 2, y + dy, " ", inside)
        canvas.put(x + BOX_W - 1, y + dy, v, role)
    canvas.put(x, y + 3, "└", role)
    canvas.hline(x + 1, x + BOX_W - 2, y + 3, h, role)
    canvas.put(x + BOX_W - 1, y + 3, "┘", role)
    canvas.write(x + 2, y + 1, box_name(c, BOX_W - 4), "name", BOX_W - 4)
    meta, meta_role = _meta(i, c)
    canvas.write(x + 2, y + 2, meta, meta_role, BOX_W - 4)
    if i == 0 and plan.buses[u.top].net is not None:
        canvas.put(x + LINE_OFF, y, "┴", "line")
        if u.bottom > u.top:
            canvas.put(x + LINE_OFF, y + 3, "┬", "line")
    if i > 0:
        canvas.write(x - len(NETNS), y + 1, NETNS, "netns", len(NETNS))
        canvas.write(x + 2, y, NETNS_TAG, "netns", len(NETNS_TAG))


def _draw_links(canvas: Canvas, plan: Plan, bus: Bus) -> None:
    """Legacy links under the band's boxes: one lane each, ▲ on the target (the name's owner)."""
    ports: dict[str, int] = {}

    def port(cid: str, source: bool) -> tuple[int, int]:
        unit, i = plan.box_of[cid]
        n = ports.get(cid, 0)
        ports[cid] = n + 1
        off = BOX_W - 3 - 2 * n if source else 5 + 2 * n
        return unit.box_x(i) + max(3, min(off, BOX_W - 2)), unit.box_y + BOX_H - 1

    for lane, (s, t, alias) in enumerate(bus.lanes):
        xs, bottom = port(s, True)
        ly = bottom + 1 + lane
        canvas.put(xs, bottom, "┬", "link")
        canvas.vline(xs, bottom + 1, ly - 1, "│", "link")
        label = f" --link {alias} "
        same_band = t in plan.box_of and plan.box_of[t][0].top == plan.box_of[s][0].top
        if not same_band:
            canvas.put(xs, ly, "└", "link")
            target = plan.containers.get(t)
            name = target.name if target else t[:12]
            canvas.write(xs + 1, ly, f"─▶ {name} (--link {alias})", "link", 60, only_free=True)
            continue
        xt, _ = port(t, False)
        canvas.put(xt, bottom, "▲", "link")
        canvas.vline(xt, bottom + 1, ly - 1, "│", "link")
        lo, hi = min(xs, xt), max(xs, xt)
        for x in range(lo, hi + 1):
            if canvas.role(x, ly) != "line":  # lines passing through stay unbroken
                canvas.put(x, ly, "─", "link")
        canvas.put(lo, ly, "└", "link")
        canvas.put(hi, ly, "┘", "link")
        if len(label) <= hi - lo - 3:
            canvas.write(lo + (hi - lo - len(label)) // 2 + 1, ly, label, "link", len(label))
        else:
            canvas.write(hi + 1, ly, label, "link", 40, only_free=True)


def _has_nodes(bus: Bus) -> bool:
    return any(u.node for u in bus.units)


def _draw_nodes(canvas: Canvas, bus: Bus) -> None:
    """Under a band's boxes (and its link lanes), one bracket per run of boxes on one swarm node:
    `╰─ vm · worker · 10.250.0.2 ───╯`. Lines passing through stay unbroken."""
    if not _has_nodes(bus):
        return
    y = bus.units[0].box_y + BOX_H + len(bus.lanes)
    runs: list[tuple[str, int, int]] = []  # (node, first x, last x)
    for u in sorted(bus.units, key=lambda u: u.x):
        right = u.x + u.width - 1
        if runs and runs[-1][0] == u.node:
            runs[-1] = (u.node, runs[-1][1], right)
        else:
            runs.append((u.node, u.x, right))
    for i, (node, lo, hi) in enumerate(runs):
        if not node:
            continue
        for x in range(lo, hi + 1):
            if canvas.role(x, y) != "line":
                canvas.put(x, y, "─", "node")
        canvas.put(lo, y, "╰", "node")
        canvas.put(hi, y, "╯", "node")
        # A label longer than its bracket runs on past it, up to the next bracket.
        limit = (runs[i + 1][1] - 1 if i + 1 < len(runs) else lo + 80) - (lo + 2)
        canvas.write(lo + 2, y, f" {node} ", "node", max(limit, 0))


def _draw_label_and_note(canvas: Canvas, plan: Plan, bus: Bus, extent: tuple[int, int], attached: bool) -> None:
    for dy, (text, role) in enumerate(gutter_lines(bus)):
        canvas.write(1, bus.row + dy, text, role, plan.gutter)
    if bus.net is None or bus.collapsed:
        return
    note = NOTES.get(bus.kind) or ("" if attached else "no containers")
    if bus.net.ingress:
        note = "the swarm's routing mesh: services' published ports (e explains)"
    if note:
        canvas.write(extent[1] + 2, bus.row, note, "note", 60, only_free=True)


def _finish(canvas: Canvas, plan: Plan, extents: dict[int, tuple[int, int]], height: int) -> MapLayout:
    layout = MapLayout(canvas.chars, canvas.roles, canvas.width + 1, height)
    for b in plan.buses:
        if b.node is None:
            continue
        label = Rect(1, b.row, plan.gutter, len(gutter_lines(b)))
        start, end = extents[id(b)]
        line = Rect(start, b.row, end - start + 1, 1)
        layout.regions[b.node] = label
        layout.targets[b.node] = [label, line]
        layout.hits += [(label, b.node), (line, b.node)]
        owned = {(x, b.row) for x in range(label.x, label.right)}  # the name row of the label
        owned |= {(x, b.row) for x in range(start, end + 1) if canvas.roles[b.row][x] == "bus"}
        layout.owned[b.node] = owned
    for u in plan.units:
        for i, c in enumerate(u.boxes):
            node = container_node(c.id)
            box = Rect(u.box_x(i), u.box_y, BOX_W, BOX_H)
            layout.regions[node] = box
            layout.hits.append((box, node))
            layout.owned[node] = {(x, y) for y in range(box.y, box.bottom) for x in range(box.x, box.right)}
            if (home := plan.buses[u.top].node) is not None:
                layout.home[node] = home
    layout.order = sorted(layout.regions, key=lambda n: (layout.regions[n].y, layout.regions[n].x, n))
    return layout
