"""The RG map's partial sums: sparse orbit-weight engine against the dense flint engine.

Run:  python benchmarks/bench_map_engine.py [--no-baseline]

:func:`symrg.rg.decimation.rg_map` builds every partial sum of E (Omega^T E)^(p-1) with
:class:`symrg.rg.pathsums.OrbitPathEngine` (a term is the sorted tuple of the p orbit
weights it multiplies); the baseline is :class:`symrg.rg.pathsums.PathEngine` (flint
``fmpz_mpoly`` in the C exponentials x_k, one dense exponent vector per term), which the
map used before.  Each engine runs in a fresh subprocess, so the table gives CPU seconds,
wall seconds and peak memory (max RSS) of building every row of the map, and T, the number
of terms (equal for both: tests/test_engine_exact.py checks the sums term by term).  The
baseline is skipped where it would need more than about 4 GB (T (C + 1) bytes past 2e9).

Models: the paper's, binary width 4 and the random models 8, 22, 32 and 17 of
:mod:`random_models` (C up to 665 couplings, p = 2 and 3).
"""

import json
import pathlib
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent

CHILD = r"""
import json, resource, sys, time, warnings
warnings.simplefilter("ignore")
from symrg.model.files import load_model_file
from symrg.rg.couplings import coupling_basis
from symrg.rg import pathsums
model = load_model_file(sys.argv[1], max_states=10 ** 6)
basis = coupling_basis(model)
cls = pathsums.OrbitPathEngine if sys.argv[2] == "orbit" else pathsums.PathEngine
t0 = time.process_time(); w0 = time.perf_counter()
engine = cls(model, basis)
rows = {}
for o, orbit in enumerate(basis.pair_orbits):
    rows.setdefault(orbit[0][0], []).append(orbit[0][1])
T = 0
for i, cols in rows.items():
    polys = engine.row(i, cols)
    T += sum(len(engine.split(p)[1]) if sys.argv[2] == "flint" else len(p) for p in polys.values())
print(json.dumps({"T": T, "C": basis.size, "cpu": time.process_time() - t0,
                  "wall": time.perf_counter() - w0,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _models(tmp):
    sys.path.insert(0, str(HERE))
    from random_models import random_models
    texts = random_models()
    out = [("paper", REPO / "symrg" / "models" / "paper.toml"),
           ("bin_N4_L1", HERE / "models" / "bin_N4_L1.toml")]
    for k in (8, 22, 32, 17):
        path = pathlib.Path(tmp) / f"random_{k:02d}.toml"
        path.write_text(texts[k])
        out.append((f"random {k}", path))
    return out


def _run(path, engine):
    proc = subprocess.run([sys.executable, "-c", CHILD, str(path), engine],
                          capture_output=True, text=True, cwd=REPO)
    if proc.returncode:
        return None
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv=None):
    baseline = "--no-baseline" not in (argv or sys.argv[1:])
    with tempfile.TemporaryDirectory() as tmp:
        print(f"{'model':<12} {'C':>5} {'T':>10} {'orbit CPU s':>12} {'wall s':>8} {'MB':>7}"
              f" {'flint CPU s':>12} {'wall s':>8} {'MB':>7} {'ratio':>7}")
        for name, path in _models(tmp):
            fast = _run(path, "orbit")
            slow = None
            if baseline and fast["T"] * (fast["C"] + 1) <= 2e9:
                slow = _run(path, "flint")
            cols = (f"{slow['cpu']:12.2f} {slow['wall']:8.2f} {slow['rss_mb']:7.0f} "
                    f"{slow['cpu'] / max(fast['cpu'], 1e-3):7.1f}" if slow else
                    f"{'skipped':>12} {'':>8} {'':>7} {'':>7}")
            print(f"{name:<12} {fast['C']:5d} {fast['T']:10d} {fast['cpu']:12.2f} "
                  f"{fast['wall']:8.2f} {fast['rss_mb']:7.0f} {cols}")


if __name__ == "__main__":
    main()
