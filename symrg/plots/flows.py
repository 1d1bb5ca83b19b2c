"""Flow fields and RG trajectories (Fig. 4-5 of Lee, Lee & Yi) from record data.

A flow entry is the JSON-ready dict of ``record["fixed_points"]["flows"][key]``:
``plane`` (two ``exp_`` coordinates), ``rows`` of ``(x, y, dx, dy)``, ``fixed`` (the other
coordinates) and, when recorded, ``landmarks`` (fixed points in the window and invariant
lines of fixed-point families, :mod:`symrg.records.flowmarks`).  Nothing here computes the flow.
"""

from .core import figure
from .style import styled
from .values import floats, to_float

__all__ = ["plot_flow", "plot_trajectory", "axis_label"]


def axis_label(coordinate: str) -> str:
    """Mathtext label of an ``exp_<name>`` coordinate (``exp_K_hs`` -> ``$e^{K_{hs}}$``).

    Examples
    --------
    >>> axis_label("exp_K_hs")
    '$e^{K_{hs}}$'
    >>> axis_label("B")
    '$B$'
    """
    name = coordinate[4:] if coordinate.startswith("exp_") else coordinate
    base, _, sub = name.partition("_")
    symbol = f"{base}_{{{sub}}}" if sub else base
    return f"$e^{{{symbol}}}$" if coordinate.startswith("exp_") else f"${symbol}$"


def _arrows(ax, rows, arrow_scale=None):
    pts = [floats(row) for row in rows]
    pts = [p for p in pts if None not in p]
    if not pts:
        return
    x, y, dx, dy = zip(*pts)
    scale = to_float(arrow_scale)
    sizing = (dict(scale_units="xy", scale=1 / scale) if scale else {})
    ax.quiver(x, y, dx, dy, color="tab:blue", angles="xy", pivot="tail", width=0.004,
              label=r"$\mathcal{R}(K) - K$ (scaled)", **sizing)


def _landmarks(ax, landmarks):
    for k, line in enumerate(landmarks.get("lines", [])):
        for segment in line["segments"]:
            xs, ys = zip(*[floats(p) for p in segment])
            ax.plot(xs, ys, color="tab:green", lw=1.6,
                    label=line.get("label", "invariant line") if segment is line["segments"][0]
                    else None)
    points = landmarks.get("points", [])
    for kind, style in (("physical", dict(marker="o", color="tab:red")),
                        ("fictitious", dict(marker="X", color="black"))):
        chosen = [p for p in points if (kind == "physical") == bool(p.get("physical"))]
        if chosen:
            ax.plot([to_float(p["x"]) for p in chosen], [to_float(p["y"]) for p in chosen],
                    ls="none", ms=8, zorder=5, label=f"fixed point ({kind})", **style)


@styled
def plot_flow(entry, *, title=None):
    """Draw one flow field entry (arrows, fixed points, invariant lines); returns the figure.

    Parameters
    ----------
    entry : dict
        A flow entry of the record (see the module docstring).
    title : str, optional
    """
    fig, ax = figure()
    _arrows(ax, entry.get("rows", []), entry.get("arrow_scale"))
    _landmarks(ax, entry.get("landmarks", {}))
    window = entry.get("landmarks", {}).get("window")
    if window:
        (x0, x1), (y0, y1) = [floats(w) for w in window]
        pad_x, pad_y = 0.06 * (x1 - x0), 0.06 * (y1 - y0)
        ax.set_xlim(x0 - pad_x, x1 + pad_x)
        ax.set_ylim(y0 - pad_y, y1 + pad_y)
    ax.set_xlabel(axis_label(entry["plane"][0]))
    ax.set_ylabel(axis_label(entry["plane"][1]))
    fixed = ", ".join(f"{axis_label(k)} = {v}" for k, v in sorted(entry.get("fixed", {}).items()))
    if title or fixed:
        ax.set_title(title or fixed, fontsize=9)
    handles, _ = ax.get_legend_handles_labels()
    if handles:
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2, frameon=False)
    return fig


@styled
def plot_trajectory(points, plane, *, title=None):
    """Draw an RG trajectory (a list of ``{name: exp value}`` dicts) in a coordinate plane.

    Parameters
    ----------
    points : list of dict
        Successive points, keys ``A`` or ``exp_A`` (values of e^K); values are numbers
        or record number strings.
    plane : pair of str
        The two coordinates to draw.
    """
    def value(point, key):
        bare = key[4:] if key.startswith("exp_") else key
        raw = point.get(key, point.get(bare, point.get("exp_" + bare)))
        return to_float(raw if isinstance(raw, (int, float, str, dict)) else str(raw))
    fig, ax = figure()
    xs = [value(p, plane[0]) for p in points]
    ys = [value(p, plane[1]) for p in points]
    ax.plot(xs, ys, "-o", color="tab:purple", ms=4, lw=1)
    if xs:
        ax.plot(xs[:1], ys[:1], "s", color="tab:orange", ms=7, label="start")
        ax.plot(xs[-1:], ys[-1:], "*", color="tab:red", ms=10, label=f"step {len(xs) - 1}")
        ax.legend(loc="best")
    ax.set_xlabel(axis_label(plane[0] if plane[0].startswith("exp_") else "exp_" + plane[0]))
    ax.set_ylabel(axis_label(plane[1] if plane[1].startswith("exp_") else "exp_" + plane[1]))
    if title:
        ax.set_title(title, fontsize=9)
    return fig
