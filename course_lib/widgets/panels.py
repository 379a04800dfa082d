"""What every explorer shares: one persistent figure whose moving artists alone are redrawn,
the backend it draws with, its y-limit policy, its refusal message and its plain-text box.

Inline (the default backend) the decorations (axes, ticks, labels, static lines) are drawn
once per set of axis limits and kept as a bitmap (the last few sets are kept, so going back to
earlier limits costs no full redraw); each slider move draws only the artists
registered as moving onto that bitmap and sends one PNG to an Output widget. With ipympl
(``%matplotlib widget``) the canvas itself sits in the layout and redraws itself.
"""

from __future__ import annotations

import base64
import html
import io

from course_lib import validation


def detect_backend() -> str:
    """'ipympl' when matplotlib's backend is the widget backend, else 'inline'."""
    import matplotlib

    name = matplotlib.get_backend().lower()
    return "ipympl" if ("ipympl" in name or name == "widget") else "inline"


#: How many bitmaps of decorations a panel keeps (about 1 MB each for a 9 x 3.4 in figure).
KEPT_BACKGROUNDS = 8


class FigurePanel:
    """A matplotlib Figure with a display area (``.area``) and a cheap ``redraw()``.

    Call ``moving(*artists)`` once the figure is drawn up, to say which artists change on a
    move; everything else is cached. `backend` is 'inline' or 'ipympl'; `css_class` goes on
    the display area; `alt` is the figure's plain-text form.
    """

    def __init__(self, figsize: tuple[float, float], backend: str, css_class: str,
                 alt: str = "<explorer figure>"):
        from matplotlib.figure import Figure

        self.backend = validation.choice(backend, "backend", ("inline", "ipympl"))
        self.alt = alt
        self.figure = Figure(figsize=figsize, dpi=100)   # not registered with pyplot: no leak
        if backend == "ipympl":
            import matplotlib

            before = matplotlib.get_backend()
            from ipympl.backend_nbagg import Canvas, FigureManager

            if matplotlib.get_backend() != before:   # importing ipympl selects it for pyplot
                matplotlib.use(before)
            FigureManager(Canvas(self.figure), 0)
            canvas = self.figure.canvas
            canvas.header_visible = canvas.footer_visible = canvas.resizable = False
            self.area = canvas
        else:
            import ipywidgets as w
            from matplotlib.backends.backend_agg import FigureCanvasAgg

            FigureCanvasAgg(self.figure)
            self.area = w.Output()
        self.area.add_class(css_class)
        self._moving: list = []
        self._backgrounds: dict = {}   # limits key -> bitmap of the decorations, newest last
        self.full_redraws = 0   # how many redraws had to redraw the decorations

    def moving(self, *artists) -> None:
        """Register the artists that change from one move to the next."""
        self._moving = list(artists)
        self._backgrounds.clear()

    def forget_background(self) -> None:
        """Force the next redraw to redraw the decorations too."""
        self._backgrounds.clear()

    def _limits_key(self):
        """What the cached decorations depend on: limits, scales, titles and fixed ticks.

        Ticks that follow the limits (every locator but a fixed one) are covered by the limits
        and scale; fixed ticks and labels (``set_xticks(ticks, labels)``) by their values. This
        is cheaper than formatting the tick labels on every move."""
        def ticks(axis):
            locator, formatter = axis.get_major_locator(), axis.get_major_formatter()
            return (type(locator).__name__, tuple(getattr(locator, "locs", ())),
                    type(formatter).__name__, tuple(getattr(formatter, "seq", ())))

        return tuple((ax.get_xlim(), ax.get_ylim(), ax.get_xscale(), ax.get_yscale(),
                      *(ax.get_title(loc=loc) for loc in ("left", "center", "right")),
                      ticks(ax.xaxis), ticks(ax.yaxis))
                     for ax in self.figure.axes)

    def redraw(self) -> None:
        """Show the current state of the figure."""
        canvas = self.figure.canvas
        if self.backend == "ipympl":
            canvas.draw_idle()
            return
        key = self._limits_key()
        background = self._backgrounds.pop(key, None)
        if background is None:
            for artist in self._moving:
                artist.set_visible(False)
            canvas.draw()
            for artist in self._moving:
                artist.set_visible(True)
            background = canvas.copy_from_bbox(self.figure.bbox)
            self.full_redraws += 1
            while len(self._backgrounds) >= KEPT_BACKGROUNDS:
                self._backgrounds.pop(next(iter(self._backgrounds)))   # the least recent
        else:
            canvas.restore_region(background)
        self._backgrounds[key] = background
        for artist in self._moving:
            self.figure.draw_artist(artist)
        self.area.outputs = ({"output_type": "display_data", "metadata": {},
                              "data": {"image/png": png(canvas), "text/plain": self.alt}},)


def png(canvas) -> str:
    """Base64 PNG of an Agg canvas's current buffer (fast compression, no metadata)."""
    from PIL import Image

    width, height = canvas.get_width_height(physical=True)
    image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    buf = io.BytesIO()
    image.save(buf, format="png", compress_level=1)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def keep_or_rescale(ax, x_range: tuple[float, float], min_span: tuple[float, float],
                    snap: float | None = None) -> None:
    """x fixed at `x_range`; y autoscaled to the data (at least centre +/- half of
    `min_span`), but kept while the data still fill most of the current range, so a curve
    can be seen to move and the cached decorations stay valid. With `snap`, new y-limits
    are rounded outwards to multiples of it, so small moves do not change them."""
    import math

    from course_lib import plots

    old_low, old_high = ax.get_ylim()
    ax.relim()
    plots.keep_min_span(ax, *min_span)
    ax.autoscale_view(scalex=False)
    ax.set_xlim(*x_range)
    data_low, data_high = ax.dataLim.y0, ax.dataLim.y1
    new_low, new_high = ax.get_ylim()
    if snap:
        new_low = math.floor(new_low / snap) * snap
        new_high = math.ceil(new_high / snap) * snap
        ax.set_ylim(new_low, new_high)
    fits = old_low <= data_low and data_high <= old_high
    if fits and (new_high - new_low) >= 0.6 * (old_high - old_low):
        ax.set_ylim(old_low, old_high, auto=None)


def refusal(who: str, error: Exception) -> str:
    """The readout when a model refuses the settings: the plot keeps the last accepted ones."""
    return (f"<b>{who} refused these settings:</b> {html.escape(str(error))}<br>The plot "
            f"still shows the last settings it accepted.")


def described_box(children, text: str):
    """A VBox of `children` whose plain-text form is `text` (what an export without widgets
    shows in place of the explorer)."""
    import ipywidgets as w

    class DescribedBox(w.VBox):
        def __repr__(self) -> str:
            return text

    return DescribedBox(children)
