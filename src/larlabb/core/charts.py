"""Writing Matplotlib figures as files: the same data gives the same bytes; numbers on the
axes written as the language writes them."""

import io

import matplotlib
from matplotlib.axis import Axis
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from larlabb.core.numbers import format_number, format_signed

FORMATS = {"svg": "image/svg+xml", "png": "image/png"}


def render(figure: Figure, fmt: str) -> bytes:
    """``figure`` as SVG (text kept as text, for screen readers and search) or PNG."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "larlabb"}):
        # No creation date in an SVG, so the same data gives the same file.
        metadata = {"Date": None} if fmt == "svg" else {}
        figure.savefig(buffer, format=fmt, bbox_inches="tight", dpi=150, metadata=metadata)
    return buffer.getvalue()


def number_ticks(axis: Axis, *, signed: bool = False) -> None:
    """Write the tick labels of ``axis`` as the language writes numbers (:mod:`core.numbers`):
    "2,5" and "−1" in Swedish, with "+" before positive values when ``signed``."""
    write = format_signed if signed else format_number
    axis.set_major_formatter(FuncFormatter(lambda value, _position: write(value, 2)))
