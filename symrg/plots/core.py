"""Figure creation and byte-identical saving (PDF + PNG) for every symrg plot."""

import os
from pathlib import Path

__all__ = ["FIGURE_FORMATS", "figure", "save_figure", "pyplot"]

#: Formats written for every figure: PDF for LaTeX, PNG for slides and notebooks.
FIGURE_FORMATS = ("pdf", "png")

#: House style: small serif figures that sit in a one-column LaTeX report.
_STYLE = {
    "figure.figsize": (4.8, 3.4),
    "figure.dpi": 100,
    "savefig.dpi": 200,
    "font.size": 9,
    "font.family": "serif",
    "mathtext.fontset": "cm",
    "axes.grid": True,
    "grid.alpha": 0.3,
    "legend.fontsize": 8,
    "svg.hashsalt": "symrg",
    "pdf.compression": 6,
}


def pyplot():
    """matplotlib.pyplot with the non-interactive Agg backend (imported on first use)."""
    import matplotlib
    if os.environ.get("MPLBACKEND") is None:
        matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt
    return plt


def figure(**kwargs):
    """A new ``(fig, ax)`` in the house style; keyword arguments go to ``plt.subplots``."""
    plt = pyplot()
    with plt.rc_context(_STYLE):
        fig, ax = plt.subplots(**kwargs)
    fig.set_layout_engine("constrained")
    return fig, ax


def save_figure(fig, stem, formats=FIGURE_FORMATS) -> dict:
    """Write ``fig`` as ``stem.pdf`` and ``stem.png`` with fixed metadata; close it.

    PDF metadata carries no creation date and PNG no timestamp, so the same figure
    gives byte-identical files on every run.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    stem : str or Path
        Output path without suffix; parent directories are created.
    formats : tuple of str

    Returns
    -------
    dict
        ``{format: Path}`` of the files written.
    """
    plt = pyplot()
    stem = Path(stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    metadata = {
        "pdf": {"CreationDate": None, "ModDate": None, "Producer": "symrg", "Creator": "symrg"},
        "png": {"Software": "symrg"},
    }
    out = {}
    with plt.rc_context(_STYLE):
        for fmt in formats:
            path = stem.with_suffix("." + fmt)
            fig.savefig(path, format=fmt, metadata=metadata.get(fmt))
            out[fmt] = path
    plt.close(fig)
    return out
