"""Benchmark: `symrg reproduce` end to end, split into derivation, rendering and LaTeX.

Run:  python benchmarks/bench_reproduce.py

Targets (issue "LaTeX reports"): the paper's report rendered (.tex) in < 2 s and its PDF
in < 15 s.  Baseline in the same run: the whole command as a user runs it (a fresh
``symrg reproduce`` process, imports and all).
"""

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from symrg.report import latexmk_available, render_report
from symrg.report.compile import compile_pdf
try:
    from symrg.report.figures import write_figures
except ImportError:                     # trees before the matplotlib figures
    write_figures = None
from symrg.reproduce import gong_xia_record, paper_record


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - start


def main():
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, build in (("paper", paper_record), ("gong-xia", gong_xia_record)):
            record, t_derive = timed(build, quiet=True)
            tex, t_render = timed(render_report, record)
            build = Path(tmp) / f"build-{name}"
            build.mkdir()
            path = build / f"{name}.tex"
            path.write_text(tex)
            t_fig = 0.0
            if write_figures is not None:
                _, t_fig = timed(write_figures, record, build)
            t_latex = float("nan")
            if latexmk_available():
                _, t_latex = timed(compile_pdf, path, outdir=build)
            rows.append((name, t_derive, t_render + t_fig, t_latex))
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "symrg.cli", "reproduce", "-q", "-o", tmp],
                       check=True, capture_output=True)
        t_cli = time.perf_counter() - start
    print(f"{'report':<10}{'derive s':>10}{'render+fig s':>13}{'LaTeX s':>10}{'total s':>10}")
    for name, d, r, l in rows:
        print(f"{name:<10}{d:>10.2f}{r:>13.3f}{l:>10.2f}{d + r + l:>10.2f}")
    print(f"{'symrg reproduce (fresh process, both reports, baseline)':<56}{t_cli:>8.2f} s")


if __name__ == "__main__":
    main()
