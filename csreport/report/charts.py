"""The report's one chart style and its one figure helper.

    fig, ax = charts.figure()
    ax.plot(...)
    return charts.Chart(fig, drawn)            # what every `*_figure` function returns
    ...
    charts.publish(chart, "ceec-members", title=..., subtitle=..., caption=..., alt=...)

`publish` draws the message title, the subtitle, the "Source:" line (publisher names from the
rows' BibTeX keys) and an optional note into the image, saves a PNG (for the web), a PDF (vector,
for print) and the data as CSV, and
shows a numbered figure with caption, label (`fig-<name>`) and alt text, followed by the linked
sources.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.text import Text  # noqa: E402
from PIL import Image, PngImagePlugin  # noqa: E402

from csreport.data import sources  # noqa: E402
from csreport.report import (
    glue,  # noqa: E402
    rendered,  # noqa: E402
)
from csreport.report import publish as _publish  # noqa: E402

# Okabe–Ito, ordered so that the first colours keep at least 3:1 contrast on white.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
GREY = "#6B6B6B"
TEXT = "#1A1A1A"
# One colour per actor across every chapter.
ACTOR = {
    "China": "#D55E00",
    "Russia": "#0072B2",
    "France": "#009E73",
    "EU": "#009E73",
    "Belarus": "#56B4E9",
    "US": "#CC79A7",
    "Western suppliers": "#009E73",
    "Others": GREY,
    "Serbia": "#E69F00",
}

WIDTH_IN = 7.0  # drawn at 7 inches; printed at 165 mm (94 %) in the PDFs
DPI = 200
TYPE_KEY = "csreport:smallest-type-pt"  # PNG text chunk: the chart's smallest type, in points

plt.rcParams.update(
    {
        "font.family": "DejaVu Sans",  # ships with matplotlib: offline, and has Serbian diacritics
        "font.size": 9,
        "axes.edgecolor": GREY,
        "axes.labelcolor": TEXT,
        "axes.titlesize": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "axes.grid.axis": "y",
        "grid.color": "#DDDDDD",
        "grid.linewidth": 0.6,
        "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
        "xtick.color": TEXT,
        "ytick.color": TEXT,
        "figure.facecolor": "white",
        "axes.facecolor": "white",
        "savefig.facecolor": "white",
        "legend.frameon": False,
        "svg.hashsalt": "csreport",
        # Vector copies for print embed their glyphs as Type 3 outlines (text stays searchable): a
        # TrueType subset (fonttype 42) costs four times as long to save, measured at 0.39 s a chart.
        "pdf.fonttype": 3,
    }
)


@dataclass
class Chart:
    """What a chapter's `*_figure` function returns: the drawn figure and exactly the data drawn.

    `keys` are the BibTeX keys of the source line when they are not simply those of `data`'s rows.
    """

    fig: matplotlib.figure.Figure
    data: pd.DataFrame
    keys: list[str] | None = field(default=None)


# Where a point's label sits (a table's `chart_label_position`): offset in points and alignment.
LABEL_OFFSET = {
    "above": (0, 9, "center"),
    "below": (0, -13, "center"),
    "above left": (-5, 9, "right"),
    "below left": (-5, -13, "right"),
    "above right": (5, 9, "left"),
    "below right": (5, -13, "left"),
}


def whole(value: float, _position=None) -> str:
    """A tick label: the value as a whole number, grouped as the prose groups it ("12,500")."""
    return glue.number(value, 0)


def thousands(value: float, _position=None) -> str:
    """A tick label: the value in thousands ("12k")."""
    return glue.number(value / 1000, 0) + "k"


def label_point(ax, text: str, xy, offset: tuple[float, float, str], *, fontsize: float = 7, va="center") -> None:
    """Write `text` next to the point `xy`, moved by `offset` (dx, dy in points, horizontal alignment)."""
    dx, dy, ha = offset
    ax.annotate(text, xy, xytext=(dx, dy), textcoords="offset points", ha=ha, va=va, fontsize=fontsize, color=TEXT)


def lane_timeline(
    lanes: pd.DataFrame, start, until, *, height: float, left: float, headroom: float = 0.7, floor: float = -0.7
) -> tuple[matplotlib.figure.Figure, matplotlib.axes.Axes, dict[str, int]]:
    """A timeline with one lane per row of `lanes` (index: the category; column `chart_label`: the
    lane's name), the first at the top, from 1 January of `start`'s year to `until`. Returns the
    figure, the axes and each category's lane position (its y)."""
    fig, ax = figure(height=height)
    lane_y = {k: len(lanes) - 1 - i for i, k in enumerate(lanes.index)}
    ax.set_yticks(list(lane_y.values()), list(lanes["chart_label"]))
    ax.set_ylim(floor, len(lanes) - 1 + headroom)
    ax.set_xlim(pd.Timestamp(year=pd.Timestamp(start).year, month=1, day=1), until)
    ax.grid(axis="x", color="#EEEEEE")
    fig.subplots_adjust(left=left, right=0.98)
    return fig, ax, lane_y


def label_lanes(ax, rows: pd.DataFrame, lane_y: dict, lane: str, offsets: dict = LABEL_OFFSET, **label) -> None:
    """Label the points of `rows` that have a `chart_label`, in their lane (column `lane`), placed by
    their `chart_label_position` (a key of `offsets`)."""
    for _, r in rows[rows["chart_label"].notna()].iterrows():
        label_point(ax, r["chart_label"], (r["when"], lane_y[r[lane]]), offsets[r["chart_label_position"]], **label)


def figure(height: float = 3.2, **subplots):
    """A new figure in the house style; `height` is the plot area in inches."""
    return plt.subplots(figsize=(WIDTH_IN, height), **subplots)


def _wrap(text: str, size: float, bold: bool = False) -> str:
    # Average glyph width of DejaVu Sans is about 0.55 em (0.63 em in bold).
    em = 0.63 if bold else 0.55
    return "\n".join(textwrap.wrap(text, width=int(WIDTH_IN * 72 / (size * em))))


def smallest_type(fig) -> float:
    """The size in points of the smallest text drawn in the figure (labels, ticks, notes)."""
    sizes = [t.get_fontsize() for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    return min(sizes, default=0.0)


def _draw(fig, png, pdf) -> None:
    """Save the figure as PNG (for the web) and PDF (vector, for print)."""
    smallest = smallest_type(fig)
    fig.savefig(png, dpi=DPI, metadata={"Software": None})
    # Sphinx picks the PDF over the PNG for LaTeX (csreport.sphinx.pages.VectorFigures); without a
    # creation date, each run writes the same file.
    fig.savefig(pdf, metadata={"Creator": None, "Producer": None, "CreationDate": None})
    # A 256-colour palette keeps charts sharp at a third of the size (pages stay under 1.5 MB).
    with Image.open(png) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.FASTOCTREE)
    info = PngImagePlugin.PngInfo()
    info.add_text(TYPE_KEY, f"{smallest:g}")  # what a reader's screen must enlarge (tests/built)
    small.save(png, optimize=True, pnginfo=info)


def publish(
    chart: Chart, name: str, *, title: str, subtitle: str, caption: str, alt: str, note: str | None = None
) -> None:
    """Frame, save and show a chart, with its data (and their `sources`) as a CSV download."""
    if not alt.strip() or "\n" in alt:
        raise ValueError(f"figure '{name}': alt text must be one non-empty line")
    fig, data = chart.fig, chart.data
    keys = chart.keys if chart.keys is not None else sources.keys_of(data)
    title, subtitle = _wrap(title, 12.5, bold=True), _wrap(subtitle, 9.5)
    footer = _wrap(sources.source_line(keys), 7.5)
    if note:
        footer += "\n" + _wrap("Note: " + note, 7.5)

    # Reserve fixed space (in inches) above and below the axes for the texts.
    w, h = fig.get_size_inches()
    top_in = 0.25 + 0.24 * title.count("\n") + 0.2 * (subtitle.count("\n") + 1) + 0.35
    bottom_in = 0.55 + 0.14 * (footer.count("\n") + 1)
    total = h + top_in + bottom_in
    fig.set_size_inches(w, total)
    fig.subplots_adjust(top=1 - top_in / total, bottom=bottom_in / total)
    fig.text(0.012, 1 - 0.12 / total, title, ha="left", va="top", fontsize=12.5, fontweight="bold", color=TEXT)
    fig.text(
        0.012,
        1 - (0.2 + 0.24 * (title.count("\n") + 1)) / total,
        subtitle,
        ha="left",
        va="top",
        fontsize=9.5,
        color=TEXT,
    )
    fig.text(0.012, 0.08 / total, footer, ha="left", va="bottom", fontsize=7.5, color=GREY)

    png, book_path = _publish.target(name, ".png")
    pdf, _ = _publish.target(name, ".pdf")
    key = rendered.fingerprint(fig)
    if not rendered.restore(key, [png, pdf]):
        _draw(fig, png, pdf)
        rendered.keep(key, [png, pdf])
    plt.close(fig)
    csv_path = _publish.write_csv(data, name)
    _publish.show(
        f"```{{figure}} {book_path}\n:name: fig-{name}\n:alt: {alt}\n:width: 100%\n\n{caption}\n```\n\n"
        + _publish.footer(keys, csv_path, "figure")
    )
