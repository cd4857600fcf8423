"""Writing Matplotlib figures as files: the same data gives the same bytes."""

import io

import matplotlib
from matplotlib.figure import Figure

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
