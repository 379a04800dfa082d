"""The protocols table as a widget: filter by route and by evidence label, sort (lesson 2.3).

One line in a notebook::

    from course_lib.widgets import protocol_table
    protocol_table()

The rows and their texts live in `course_lib.protocols`; this module only arranges them.
The static form (for an HTML export) is `course_lib.protocols.to_html()`.
CSS classes for tests: container ``protocol-explorer``, dropdowns ``protocol-route``,
``protocol-label``, ``protocol-sort``, the count ``protocol-count``, the table area
``protocol-table-view``.
"""

from __future__ import annotations

from course_lib import protocols
from course_lib.widgets.panels import described_box

ANY = "any"
SORTS = (("table order", None), ("protocol name", "name"), ("route", "route"),
         ("evidence label", "label"))


class ProtocolTable:
    """Dropdowns over `protocols.rows`; ``.widget`` is what to display. Keyword arguments set
    the starting filters (``route``, ``label``: None or "any" for all) and ``sort_by``."""

    def __init__(self, *, route: str | None = None, label: str | None = None,
                 sort_by: str | None = None):
        import ipywidgets as w

        route = None if route == ANY else route
        label = None if label == ANY else label
        protocols.rows(route=route, label=label, sort_by=sort_by)   # validates the arguments
        self.route = w.Dropdown(options=[("any route", ANY)] + [(r, r) for r in protocols.ROUTES],
                                value=route or ANY, description="Route")
        self.route.add_class("protocol-route")
        self.label = w.Dropdown(options=[("any label", ANY)] + [(x, x) for x in protocols.LABELS],
                                value=label or ANY, description="Label")
        self.label.add_class("protocol-label")
        self.sort = w.Dropdown(options=list(SORTS), value=sort_by, description="Sort by")
        self.sort.add_class("protocol-sort")
        self.count = w.HTML()
        self.count.add_class("protocol-count")
        self.table = w.HTML()
        self.table.add_class("protocol-table-view")
        for control in (self.route, self.label, self.sort):
            control.observe(lambda _: self.update(), names="value")
        self.update()
        self.widget = described_box(
            [w.HBox([self.route, self.label, self.sort]), self.count, self.table],
            "[Interactive protocols table: run the notebook to filter and sort it. The complete "
            "table follows below.]")
        self.widget.add_class("protocol-explorer")

    def selected(self) -> list:
        """The rows the current filters and sort select."""
        return protocols.rows(route=None if self.route.value == ANY else self.route.value,
                              label=None if self.label.value == ANY else self.label.value,
                              sort_by=self.sort.value)

    def update(self) -> None:
        chosen = self.selected()
        self.count.value = (f"<b>{len(chosen)}</b> of {len(protocols.PROTOCOLS)} protocols "
                            f"shown. Harms are in their own column.")
        self.table.value = protocols.to_html(chosen)


def protocol_table(**initial):
    """Build a ProtocolTable and return its widget (displays as the cell's value)."""
    return ProtocolTable(**initial).widget


__all__ = ["ProtocolTable", "protocol_table", "ANY", "SORTS"]
