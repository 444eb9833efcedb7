"""The keys that open the action panels, shared by the networks and containers screens.

Not shown in the footer (show=False) so the explorer's footer stays as it is; `?` lists them and
the command palette finds every panel by name.
"""

from __future__ import annotations

from textual.binding import Binding


def panel_bindings(remove_keys: str = "") -> list[Binding]:
    """n/c/d/P everywhere; `remove_keys` where a network row is selected (x means reach on containers)."""
    bindings = [
        Binding("n", "app.create_network", "New network", show=False, id="action.create"),
        Binding("c", "app.connect", "Connect", show=False, id="action.connect"),
        Binding("d", "app.disconnect", "Disconnect", show=False, id="action.disconnect"),
        Binding("P", "app.prune_networks", "Prune", show=False, id="action.prune"),
    ]
    if remove_keys:
        bindings.insert(3, Binding(remove_keys, "app.remove_network", "Remove", show=False, id="action.remove"))
    return bindings
