"""The one plotting layer of symrg (matplotlib).

Every figure symrg draws -- flow fields, RG trajectories, correlation functions, the
width analysis and scan summaries -- goes through :func:`save_figure`, which writes the
same figure as PDF (for LaTeX reports) and PNG (for talks and notebooks) with fixed
metadata, so reruns are byte-identical.  matplotlib is imported lazily (Agg backend),
so the exact core never pays for it.
"""

from .core import FIGURE_FORMATS, figure, save_figure

__all__ = ["FIGURE_FORMATS", "figure", "save_figure"]
