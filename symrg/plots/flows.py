"""Flow fields and RG trajectories (Fig. 4-5 of Lee, Lee & Yi) from record data.

A flow entry is the JSON-ready dict of ``record["fixed_points"]["flows"][key]``:
``plane`` (two ``exp_`` coordinates), ``rows`` of ``(x, y, dx, dy)``, ``fixed`` (the other
coordinates) and, when recorded, ``landmarks`` (fixed points in the window and invariant
lines of fixed-point families, :mod:`symrg.records.flowmarks`).  Nothing here computes the flow.
"""

from .core import figure
from .style import styled
from .values import floats, to_float

__all__ = ["plot_flow", "plot_trajectory", "plot_steps", "axis_label", "line_styles"]

#: Couplings drawn on one axes by :func:`plot_steps`; more get one small panel each.
ONE_PANEL = 6


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


def line_styles(count: int) -> list:
    """``count`` distinct (colour, line style, marker) combinations, never repeating.

    Examples
    --------
    >>> styles = line_styles(40)
    >>> len({tuple(sorted(s.items())) for s in styles})
    40
    """
    colors = ["tab:blue", "tab:orange", "tab:green", "tab:red", "tab:purple", "tab:brown",
              "tab:pink", "tab:gray", "tab:olive", "tab:cyan"]
    dashes = ["-", "--", ":", "-."]
    markers = ["o", "s", "^", "D", "v", "P", "X", "*"]
    out = []
    for k in range(count):
        c, rest = k % len(colors), k // len(colors)
        out.append({"color": colors[c], "ls": dashes[rest % len(dashes)],
                    "marker": markers[(c + rest) % len(markers)]})
    return out


def _step_values(points, name):
    """Real floats of e^{K_name} along the trajectory, or None when a value is not real."""
    import sympy
    values = [sympy.sympify(p[f"exp_{name}"]) for p in points]
    if not all(v.is_real for v in values):
        return None
    return [float(v) for v in values]


def _integer_steps(ax, steps):
    from matplotlib.ticker import MaxNLocator
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlim(-0.3, max(steps[-1], 1) + 0.3)


@styled
def plot_steps(points, names):
    """e^{K} of every coupling against the RG step (``symrg flow --plot``).

    Up to :data:`ONE_PANEL` couplings share one axes, each with its own colour, line
    style and marker, the legend outside the axes; more couplings get one small panel
    each (small multiples with shared step axis), so any number stays readable.
    Couplings with non-real values (fictitious points) are named, not drawn.

    Parameters
    ----------
    points : list of dict
        ``{"exp_<name>": value}`` per step (exact sympy or mpmath values).
    names : sequence of str
        Coupling names (``K_hs``), in the order of the basis.
    """
    steps = list(range(len(points)))
    series = [(n, _step_values(points, n)) for n in names]
    real = [(n, v) for n, v in series if v is not None]
    skipped = [n for n, v in series if v is None]
    if len(real) <= ONE_PANEL:
        fig, ax = figure(figsize=(5, 3.4))
        for (n, v), style in zip(real, line_styles(len(real))):
            ax.plot(steps, v, ms=4, lw=1.2, label=axis_label("exp_" + n), **style)
        _integer_steps(ax, steps)
        ax.set_xlabel("RG step")
        ax.set_ylabel("$e^{K}$")
        if real:
            ax.legend(loc="center left", bbox_to_anchor=(1.02, 0.5), frameon=False)
        axes = [ax]
    else:
        cols = 4 if len(real) > 9 else 3
        rows = -(-len(real) // cols)
        fig, grid = figure(nrows=rows, ncols=cols, sharex=True,
                           figsize=(1.9 * cols, 1.45 * rows + 0.5), squeeze=False)
        fig.set_layout_engine(None)      # fixed margins: constrained layout of 16 axes is slow
        fig.subplots_adjust(left=0.09, right=0.98, bottom=0.5 / (1.45 * rows + 0.5),
                            top=1 - 0.45 / (1.45 * rows + 0.5), wspace=0.42, hspace=0.55)
        axes = [a for row in grid for a in row]
        for ax, (n, v) in zip(axes, real):
            ax.plot(steps, v, "-o", color="tab:blue", ms=3, lw=1)
            ax.set_title(axis_label("exp_" + n), fontsize=8, pad=2)
            ax.tick_params(labelsize=7)
            _integer_steps(ax, steps)
        for ax in axes[len(real):]:
            ax.set_axis_off()
        for c in range(cols):        # the lowest drawn panel of each column carries the step axis
            drawn = [grid[r][c] for r in range(rows) if r * cols + c < len(real)]
            if drawn:
                drawn[-1].tick_params(labelbottom=True)
                drawn[-1].set_xlabel("RG step", fontsize=8)
    if skipped:
        fig.suptitle("not real, not drawn: " + ", ".join(axis_label("exp_" + n)
                                                         for n in skipped), fontsize=8)
    return fig
