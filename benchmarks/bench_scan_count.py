"""Counting a scan spec in closed form against walking its points (issue 22).

Target: the model count of a spec is computed before any work in time independent of
the number of points (``O(axes)``; ``tables = "all"``: one bounded sumset per pair of
``values`` and ``widths``), so a spec of 10^12 points is refused at once.

Baseline, in the same run: the count by walking every point (what
``count_models`` did before issue 22: one deep-copied model dict per point).  The
naive count is run only up to 10^5 points; above, its time is extrapolated
linearly (marked ``~``).  The table shows CPU (``time.process_time``) beside wall
time.

Run: ``python benchmarks/bench_scan_count.py`` from the repository root.
"""

import time

from symrg.scan import spec as spec_module
from symrg.scan.spec import count_models, parse_spec

BASE = {"values": {"W": [-1, 1], "b": [-1, 1], "h": [0, 1]}}


def _spec(points_per_axis, axes):
    return parse_spec({"base": BASE, "axes": {a: list(range(1, points_per_axis + 1))
                                              for a in axes}})


def _walk(spec):
    return sum(1 for _ in spec_module._outer_points(spec))


def _timed(fn, *args):
    w, c = time.perf_counter(), time.process_time()
    value = fn(*args)
    return value, time.process_time() - c, time.perf_counter() - w


def main():
    axes = ("widths", "data", "scales", "norms")
    print(f"{'points':>16} {'closed CPU s':>13} {'wall s':>9} {'walk CPU s':>12} "
          f"{'wall s':>9}")
    per_point = None
    for k in (10, 32, 100, 316, 1000):
        spec = _spec(k, axes[:2] if k <= 316 else axes)
        total, cpu, wall = _timed(count_models, spec)
        if total <= 10 ** 5:
            walked, wcpu, wwall = _timed(_walk, spec)
            assert walked == total
            per_point = (wcpu / total, wwall / total)
            naive = f"{wcpu:>12.4f} {wwall:>9.4f}"
        else:
            naive = f"{'~' + format(per_point[0] * total, '.3g'):>12} " \
                    f"{'~' + format(per_point[1] * total, '.3g'):>9}"
        print(f"{total:>16,} {cpu:>13.6f} {wall:>9.6f} {naive}")
    tables = parse_spec({"base": BASE, "axes": {"tables": "all", "widths": [1, 10 ** 9]}})
    total, cpu, wall = _timed(count_models, tables, 10 ** 4)
    print(f"tables = 'all' at widths [1, 10^9]: count >= {total:,} (above 10^4) in {cpu:.6f} s CPU "
          f"({wall:.6f} s wall); the walk would build a sumset 10^9 times")


if __name__ == "__main__":
    main()
