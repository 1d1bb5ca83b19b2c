"""``symrg derive`` on 50 random valid small models (issue 18 target: none refused, each
within 120 CPU seconds).

Run:  python benchmarks/bench_random_models.py [--count 50] [--seed 18] [--cap 120]
      [--baseline REV] [--only 3,17]

The models come from :func:`random_models.random_models` (N L <= 2, value sets of 2-3
values, built-in or random-table activations, p in {2, 3}; same seed, same models).  Each
runs in a fresh subprocess ``symrg derive -q --json FILE MODEL`` limited to ``--cap`` CPU
seconds (RLIMIT_CPU; the child is killed past it).  Columns: couplings C, CPU (user +
system of the child) beside wall time, the JSON record's size, the exit status (0 whole,
4 partial: the skipped or failed sections follow, 2 refused, "cap" killed at the cap) and
the last error line.  With ``--baseline REV`` the same models also run on the code at REV
(``git archive``), the "before" columns.  The machine may be shared: compare CPU columns.
"""

import argparse
import json
import os
import pathlib
import resource
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))


def extract(target: pathlib.Path, rev: str) -> pathlib.Path:
    """``git archive <rev> symrg | tar -x`` into ``target``; returns it."""
    archive = subprocess.run(["git", "-C", str(REPO), "archive", rev, "symrg"],
                             capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


def run(tree: pathlib.Path, model: pathlib.Path, cap: float, out: pathlib.Path) -> dict:
    """One ``symrg derive`` in a fresh subprocess with ``PYTHONPATH=tree``, CPU-capped."""
    env = dict(os.environ, PYTHONPATH=str(tree))
    code = "import sys; from symrg.cli import main; sys.argv[0] = 'symrg'; sys.exit(main())"
    if out.exists():
        out.unlink()

    def limit():
        resource.setrlimit(resource.RLIMIT_CPU, (int(cap), int(cap) + 2))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code, "derive", "-q", "--json", str(out),
                           str(model)], capture_output=True, text=True, env=env,
                          preexec_fn=limit)
    wall = time.perf_counter() - wall
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    status = proc.returncode
    lines = [l for l in proc.stderr.strip().splitlines() if not l.startswith("symrg: warning")]
    skipped = []
    if out.exists():
        record = json.loads(out.read_text())
        skipped = [f["section"] for f in record.get("failed_sections", [])]
    return {"status": "cap" if status < 0 else status, "cpu": cpu, "wall": wall,
            "bytes": out.stat().st_size if out.exists() else 0, "skipped": skipped,
            "error": (lines[-1] if lines and status not in (0,) else "")[:160]}


def _cell(r):
    if r is None:
        return f"{'':>8}{'':>8}{'':>8}{'':>6}"
    return f"{r['cpu']:>8.1f}{r['wall']:>8.1f}{r['bytes'] / 1e6:>8.2f}{str(r['status']):>6}"


def main():
    from random_models import random_models
    from symrg.model.network import Model, coupling_count
    import tomllib
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=50)
    ap.add_argument("--seed", type=int, default=18)
    ap.add_argument("--cap", type=float, default=120.0, help="CPU seconds per model")
    ap.add_argument("--baseline", help="git revision for the 'before' columns")
    ap.add_argument("--only", default="", help="comma-separated model numbers")
    args = ap.parse_args()
    only = {int(k) for k in args.only.split(",") if k}
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="symrg-random-bench-"))
    base = None
    if args.baseline:
        (tmp / "before").mkdir()
        base = extract(tmp / "before", args.baseline)
    print(f"{'model':<10}{'N,L,p':>7}{'C':>5}" + ("   before: CPU s  wall s     MB  exit"
                                                  if base else "")
          + "    after: CPU s  wall s     MB  exit  skipped or error")
    totals = {"refused": 0, "over cap": 0, "partial": 0, "whole": 0, "other": 0}
    for k, text in enumerate(random_models(args.count, args.seed)):
        if only and k not in only:
            continue
        path = tmp / f"random_{k:02d}.toml"
        path.write_text(text)
        d = tomllib.loads(text)
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            m = Model.from_dict(d)
        C = coupling_count(m.width, m.data, len(m.h_values), len(m.sigma_values))
        before = run(base, path, args.cap, tmp / "before.json") if base else None
        after = run(REPO, path, args.cap, tmp / "after.json")
        status = after["status"]
        kind = {0: "whole", 4: "partial", 2: "refused", "cap": "over cap"}.get(status, "other")
        totals[kind] += 1
        note = ",".join(after["skipped"]) if status == 4 else after["error"]
        print(f"{k:<10}{f'{m.width},{m.data},{m.scale}':>7}{C:>5}"
              + (f"   {_cell(before)}" if base else "") + f"   {_cell(after)}  {note}",
              flush=True)
    print("after: " + ", ".join(f"{v} {k}" for k, v in totals.items()))


if __name__ == "__main__":
    main()
