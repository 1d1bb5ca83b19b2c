"""Benchmark of the reporting layer: .tex render time and PDF compile time.

Targets: render the paper model's record in < 2 s, compile its PDF in < 15 s.
Baselines: rendering with a fresh jinja2 Environment every time (templates
re-parsed and re-compiled), and typesetting every expression with sympy.latex at
render time (rebuilding the record's "latex" dicts from the engine's objects).

Run:  python benchmarks/bench_report.py [--repeat N] [--no-pdf]
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from report_fixtures import decimation_section, sample_record  # noqa: E402

from symrg import Model, paper_model  # noqa: E402
from symrg.report import latexmk_available, render_report, write_report  # noqa: E402
from symrg.report import render as render_module  # noqa: E402
from symrg.report.latex import make_environment  # noqa: E402


def _timed(func, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def _fresh_environment_render(record):
    """Baseline: a new Environment per render (what a naive CLI would do)."""
    saved = render_module.get_environment
    render_module.get_environment = make_environment
    try:
        return render_report(record)
    finally:
        render_module.get_environment = saved


def _latex_at_render_time(model, record):
    """Baseline: build the display LaTeX from sympy objects at render time."""
    return render_report({**record, "decimation": decimation_section(model)})


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--no-pdf", action="store_true")
    args = parser.parse_args(argv)
    model = paper_model()
    record = sample_record(model)
    render_report(record)                                    # warm the shared environment
    rows = [
        ("render .tex, shared environment (symrg)", *_timed(lambda: render_report(record),
                                                             args.repeat)),
        ("render .tex, fresh Environment (baseline)",
         *_timed(lambda: _fresh_environment_render(record), args.repeat)),
        ("render .tex + sympy.latex at render time (baseline)",
         *_timed(lambda: _latex_at_render_time(model, record), args.repeat)),
    ]
    if not args.no_pdf and latexmk_available():
        bigger = Model.from_dict({"name": "three-valued relu", "values": {
            "W": [-1, 1], "b": [-1, 0, 1], "h": [0, 1, 2]}, "activation": {"name": "relu"}})
        big_record = sample_record(bigger)
        with tempfile.TemporaryDirectory() as tmp:
            rows.append(("write .json/.tex/.pdf, paper model",
                         *_timed(lambda: write_report(record, tmp, "paper", quiet=True), 3)))
            rows.append(("render .tex, h in {0,1,2} relu model",
                         *_timed(lambda: render_report(big_record), 3)))
            rows.append(("write .json/.tex/.pdf, h in {0,1,2} relu model",
                         *_timed(lambda: write_report(big_record, tmp, "big", quiet=True), 1)))
    elif not args.no_pdf:
        print("latexmk not available: PDF timings skipped")
    width = max(len(r[0]) for r in rows)
    print(f"{'task'.ljust(width)}  {'median [s]':>10}  {'best [s]':>9}")
    for name, median, best in rows:
        print(f"{name.ljust(width)}  {median:10.4f}  {best:9.4f}")
    print("targets: render < 2 s, PDF < 15 s")


if __name__ == "__main__":
    main()
