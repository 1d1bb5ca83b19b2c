"""Phase diagram of a series-parallel map: basins of attraction on a two-parameter slice."""

from .core import figure
from .style import styled

__all__ = ["plot_phase_diagram"]


@styled
def plot_phase_diagram(xs, ys, labels, *, sink_names, x_label, y_label, critical=(),
                       separatrix=(), title=None):
    """Basins (``labels``: sink index per grid point, -1 unresolved) as a filled image.

    Parameters
    ----------
    xs, ys : arrays
        Grid coordinates (columns, rows of ``labels``).
    sink_names : list of str
        Legend entry of each sink index.
    critical : iterable of (x, y)
        Critical values found by bisection (drawn as points).
    separatrix : iterable of (x, y)
        Points of the basin boundary (drawn as a line).
    """
    import numpy as np
    from matplotlib.colors import ListedColormap
    fig, ax = figure(figsize=(4.2, 3.4))
    used = sorted(set(int(v) for v in np.unique(labels)))
    palette = ["#d9d9d9", "#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3", "#937860",
               "#da8bc3", "#8c8c8c", "#ccb974", "#64b5cd"]
    index = {v: k for k, v in enumerate(used)}
    grid = np.vectorize(index.get)(labels)
    colours = [palette[0] if v < 0 else palette[1 + v % (len(palette) - 1)] for v in used]
    ax.pcolormesh(xs, ys, grid, cmap=ListedColormap(colours), shading="nearest",
                  rasterized=True)
    for v, colour in zip(used, colours):
        ax.plot([], [], "s", color=colour, label="unresolved" if v < 0 else sink_names[v])
    if separatrix:
        sx, sy = zip(*separatrix)
        ax.plot(sx, sy, "k-", lw=1, label="separatrix (bisection)")
    for x, y in critical:
        ax.plot([x], [y], "k*", ms=8)
    ax.set_xlabel(x_label)
    ax.set_ylabel(y_label)
    if title:
        ax.set_title(title)
    ax.legend(loc="best", fontsize=6)
    return fig
