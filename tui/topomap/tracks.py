"""Track packing for the topology map: which column each box (and its line) goes in.

Pure. Tracks have a fixed pitch and are reused down the map wherever lines do not overlap,
so the map's width follows the busiest band, not the number of containers.
"""

from __future__ import annotations

from tui.topomap.model import GAP, PITCH, MapOptions, Unit

# Above this many box columns a line takes the first free track instead of the one crossing the
# fewest buses: that search costs units x tracks x buses (10,000 containers: 875 tracks, 80 s).
LARGE = 1500


def pack_tracks(units: list[Unit], options: MapOptions, x0: int, cluster: dict[str, str]) -> None:
    """Place units on fixed-PITCH tracks, few crossings first, then narrow.

    A unit's line holds its track from its first bus to its last; namespace joiners' boxes hold
    the next tracks for their band only. Single-bus units go first (leftmost, by name; Compose
    projects together when grouping; linked containers side by side); lines spanning several
    buses follow, each on the free track where it crosses the fewest buses it is not attached
    to (a bus reaches from its leftmost to its rightmost member), leftmost on ties. On a map that
    spans swarm nodes (or engines), all this is done node by node, so each band shows its members
    grouped by node.
    """
    taken: list[list[tuple[int, int]]] = []  # per track: (first bus, last bus) intervals
    reach: dict[int, tuple[int, int]] = {}  # bus index -> (leftmost, rightmost) track attached to it
    passing: dict[int, list[int]] = {}  # bus index -> tracks of lines crossing it unattached

    def free(track: int, lo: int, hi: int) -> bool:
        return track >= len(taken) or all(hi < a or b < lo for a, b in taken[track])

    def fits(u: Unit, track: int, span: int) -> bool:
        return free(track, u.top, u.bottom) and all(free(track + i, u.top, u.top) for i in range(1, span))

    def crossings(u: Unit, track: int) -> int:
        """Buses this line would cross, plus lines a bus it stretches would newly cross."""
        count = 0
        for k in range(u.top + 1, u.bottom):
            lo, hi = reach.get(k, (track + 1, track - 1))
            count += k not in u.buses and lo <= track <= hi
        for k in u.buses:
            lo, hi = reach.get(k, (track, track))
            new_lo, new_hi = min(lo, track), max(hi, track)
            count += sum(1 for t in passing.get(k, ()) if new_lo <= t < lo or hi < t <= new_hi)
        return count

    def key(u: Unit) -> tuple[str, bool, int, int, tuple[bool, str], str, str, str]:
        group = (u.group == "", u.group) if options.group_by_project else (False, "")
        name = u.boxes[0].name
        passes = any(k not in u.buses for k in range(u.top + 1, u.bottom))
        # One swarm node's (or engine's) units first, the next node's after: each band shows its
        # members node by node, so one bracket spans them. Without a swarm `node` is always "".
        return (u.node, passes, u.top, u.bottom - u.top, group, cluster.get(u.boxes[0].id, name), name, u.boxes[0].id)

    if len(units) > LARGE:
        _first_fit(sorted(units, key=key), x0)
        return
    for u in sorted(units, key=key):
        span = -(-(u.width + GAP) // PITCH)
        candidates = [t for t in range(len(taken) + 1) if fits(u, t, span)]
        track = min(candidates, key=lambda t: (crossings(u, t), t))
        while len(taken) < track + span:
            taken.append([])
        taken[track].append((u.top, u.bottom))
        for i in range(1, span):
            taken[track + i].append((u.top, u.top))
        for k in u.buses:
            lo, hi = reach.get(k, (track, track))
            reach[k] = (min(lo, track), max(hi, track))
        for k in range(u.top + 1, u.bottom):
            if k not in u.buses:
                passing.setdefault(k, []).append(track)
        u.track = track
        u.x = x0 + 1 + track * PITCH


def _first_fit(units: list[Unit], x0: int) -> None:
    """Each unit (in packing order) on the leftmost track free from its first bus to its last.

    A track's buses in use are the bits of one int, and each bus keeps the lowest track that may
    still be free there (every track left of it is taken at that bus), so a search starts there.
    """
    masks: list[int] = []  # per track: bit k set when bus k is taken on it
    lowest: dict[int, int] = {}  # bus -> every track left of this one is taken at that bus

    def taken(track: int, bits: int) -> bool:
        return track < len(masks) and bool(masks[track] & bits)

    for u in units:
        span = -(-(u.width + GAP) // PITCH)
        band, head = ((1 << (u.bottom - u.top + 1)) - 1) << u.top, 1 << u.top
        track = max(lowest.get(k, 0) for k in range(u.top, u.bottom + 1))
        while taken(track, band) or any(taken(track + i, head) for i in range(1, span)):
            track += 1
        while len(masks) < track + span:
            masks.append(0)
        masks[track] |= band
        for i in range(1, span):
            masks[track + i] |= head
        for k in range(u.top, u.bottom + 1):
            t = lowest.get(k, 0)
            while taken(t, 1 << k):
                t += 1
            lowest[k] = t
        u.track = track
        u.x = x0 + 1 + track * PITCH
