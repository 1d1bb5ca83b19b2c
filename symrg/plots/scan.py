"""Figures of a scan report: fixed-point counts per model and the depth scale xi.

Both take plain summary rows (dicts of the store's summary columns, numbers as JSON
strings), so plotting computes nothing beyond turning decimal strings into floats for
the axes.
"""

import json
from collections import Counter

from .core import figure, save_figure

__all__ = ["fixed_point_histogram", "xi_plot", "scanned_parameter"]

_KINDS = (("n_isolated", "isolated"), ("n_family", "family"), ("n_boundary", "boundary"))
#: Numeric axes that xi can depend on, in the order a plot prefers them as abscissa.  The
#: depth ratio p ("scales") is not one: it sets the RG step, not the chain whose xi is
#: measured, so xi is never plotted against it.
_NUMERIC_AXES = ("widths", "data", "norms")


def fixed_point_histogram(rows, stem) -> dict:
    """Grouped bars: how many models have k isolated / family / boundary fixed points.

    Parameters
    ----------
    rows : list of dict
        Summary rows of finished models (``n_isolated``, ``n_family``, ``n_boundary``).
    stem : path-like
        Output path without suffix (PDF and PNG are written).
    """
    fig, ax = figure()
    counts = {label: Counter(r[key] for r in rows if r.get(key) is not None)
              for key, label in _KINDS}
    ks = sorted({k for c in counts.values() for k in c}) or [0]
    width = 0.8 / len(_KINDS)
    for i, (_, label) in enumerate(_KINDS):
        xs = [k + (i - 1) * width for k in ks]
        ax.bar(xs, [counts[label].get(k, 0) for k in ks], width=width, label=label)
    ax.set_xticks(ks)
    ax.set_xlabel("fixed points of that kind in a model")
    ax.set_ylabel("models")
    ax.legend()
    return save_figure(fig, stem)


def _float(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def scanned_parameter(rows):
    """``(axis, values)``: the first numeric axis of the scan, else (None, model ids)."""
    coords = [json.loads(r["coords"]) for r in rows]
    for axis in _NUMERIC_AXES:
        if coords and all(axis in c for c in coords):
            return axis, [_float(c[axis]) for c in coords]
    return None, [r["id"] for r in rows]


def _group(row):
    coords = json.loads(row["coords"])
    values = coords.get("values")
    if isinstance(values, dict):
        return " ".join(f"{k}={','.join(str(v) for v in values[k])}" for k in sorted(values))
    return "all models"


def xi_plot(rows, stem) -> dict:
    """xi of the DNA chain against a numeric axis that it depends on, else sorted.

    The abscissa is the first of :data:`_NUMERIC_AXES` the scan varies (points grouped by
    value set); without one, every finite xi is drawn in decreasing order against its
    rank, so the plot shows the distribution and no arbitrary order of the scan.
    """
    fig, ax = figure()
    axis, xs = scanned_parameter(rows)
    if axis is not None and len(set(xs)) > 1:
        groups = {}
        for row, x in zip(rows, xs):
            y = _float(row.get("xi_dna"))
            if y is not None and x is not None:
                groups.setdefault(_group(row), []).append((x, y))
        for label, pts in groups.items():
            ax.plot([p[0] for p in pts], [p[1] for p in pts], "o", ms=2.5, label=label)
        ax.set_xlabel({"widths": "width $N$", "data": "data points $L$",
                       "norms": "norm $q$"}.get(axis, axis))
        if 1 < len(groups) <= 6:
            ax.legend()
    else:
        ys = sorted((y for y in (_float(r.get("xi_dna")) for r in rows)
                     if y is not None and y == y and y != float("inf")), reverse=True)
        ax.plot(range(1, len(ys) + 1), ys, "o", ms=2.5, color="tab:blue")
        ax.set_xlabel("models, longest $\\xi$ first")
        from matplotlib.ticker import MaxNLocator
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel(r"$\xi$ (DNA chain, $\beta_v = 1$)")
    return save_figure(fig, stem)
