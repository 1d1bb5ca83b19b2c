"""Benchmark: certified positive fixed-point search against exact elimination (issue 21).

For the paper's model with m = 2, ..., 8 branches: the many-start Newton search with
Krawczyk certificates (positive points only,
:func:`symrg.fixedpoints.seriesparallel.certified.positive_fixed_points`) against the
naive-but-complete baseline in the same run, msolve on every chart
(:func:`symrg.fixedpoints.seriesparallel.solve.all_fixed_points`), which is run only
for m <= 4 (m = 6 takes more than 300 s).  Both at 30 digits.  CPU seconds include
msolve's own (child-process) time.

Measured 2026-12-06 on the shared 2-core machine (CPU s / wall s): the search takes
0.02-0.05 / 0.03-0.11 at every m = 2..8 (one positive point, the decoupled one, each
time); msolve 0.05 / 0.08 (m = 2, 29 points), 0.86 / 1.65 (m = 3, 74 points),
19.6 / 34.2 (m = 4, 169 points), all complete, the same positive point.

Run:  python benchmarks/bench_series_parallel_search.py
"""


from symrg.fixedpoints.seriesparallel.certified import positive_fixed_points
from symrg.fixedpoints.seriesparallel.solve import all_fixed_points
from symrg.model.network import paper_model
from symrg.rg.seriesparallel import weight_map
from timing import timed_row


def timed(label, function):
    return timed_row(label, function, 52)


#: Largest m for the exact baseline.
EXACT_UP_TO = 4


def main():
    print(f"{'task':<52} {'CPU s':>8} {'wall s':>8}")
    for m in range(2, 9):
        F = weight_map(paper_model(architecture={"parallel": m}))
        found = timed(f"paper m={m}: certified search (positive points)",
                      lambda: positive_fixed_points(F, 30))
        print(f"    {len(found.points)} positive point(s) certified")
        if m <= EXACT_UP_TO:
            exact = timed(f"paper m={m}: baseline, msolve every chart (all points)",
                          lambda: all_fixed_points(F, 30))
            print(f"    {len(exact.of_kind('positive'))} positive of {len(exact.points)}, "
                  f"complete: {exact.complete}")


if __name__ == "__main__":
    main()
