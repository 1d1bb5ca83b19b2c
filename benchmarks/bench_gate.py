"""Cost of the model-file gate and the size estimate (issue 13) on the paper's model.

Target: the gate (bounded reading, UTF-8, TOML, structure bounds, typed fields), the
two-step size estimate and the two checks of a whole derivation (the stage estimates of
symrg.model.budget before the map, with a bound of its size, and once it is built) add
under 50 ms to ``symrg derive`` of the paper's model.

Baseline, in the same run: ``open().read()`` + ``tomllib.loads`` + ``Model.from_dict``
with the size estimate switched off (what loading amounted to without the gate).
Both are repeated; the table shows the median per load (CPU via time.process_time
beside wall time), the gate's extra cost, and for scale one full derive.

Run: ``python benchmarks/bench_gate.py`` from the repository root.
"""

import statistics
import time
import tomllib
from pathlib import Path

import symrg.model.network as model_module
from symrg.model.files import load_model_file
from symrg.model.network import Model

#: The paper's model file as shipped with the package.
PAPER = Path(model_module.__file__).parent.parent / "models" / "paper.toml"
REPEAT = 300


def _time(fn):
    walls, cpus = [], []
    for _ in range(REPEAT):
        w, c = time.perf_counter(), time.process_time()
        fn()
        cpus.append(time.process_time() - c)
        walls.append(time.perf_counter() - w)
    return statistics.median(cpus), statistics.median(walls)


def _baseline(path):
    def load():
        with open(path, "rb") as fh:
            d = tomllib.loads(fh.read().decode())
        saved = model_module.check_size
        model_module.check_size = lambda *a, **k: None
        try:
            return Model.from_dict(d)
        finally:
            model_module.check_size = saved
    return load


def main():
    path = PAPER
    load_model_file(path)                            # warm caches and imports
    base = _time(_baseline(path))
    gate = _time(lambda: load_model_file(path))
    from symrg.records.derive import derive_record
    model = load_model_file(path)
    c, w = time.process_time(), time.perf_counter()
    derive_record(model, digits=50)
    derive = (time.process_time() - c, time.perf_counter() - w)
    print(f"{'step (median of %d)' % REPEAT:<46}{'CPU ms':>10}{'wall ms':>10}")
    print(f"{'load without gate (baseline)':<46}{base[0] * 1e3:>10.3f}{base[1] * 1e3:>10.3f}")
    print(f"{'load through the gate + size estimate':<46}{gate[0] * 1e3:>10.3f}{gate[1] * 1e3:>10.3f}")
    print(f"{'added by the gate':<46}{(gate[0] - base[0]) * 1e3:>10.3f}"
          f"{(gate[1] - base[1]) * 1e3:>10.3f}")
    print(f"{'ratio gate / baseline':<46}{gate[0] / base[0]:>10.2f}{gate[1] / base[1]:>10.2f}")
    from symrg.rg.decimation import rg_map
    from symrg.records.derive import map_terms
    from symrg.model.budget import check_derivation_size, plan_derivation
    couplings = _time(lambda: check_derivation_size(model))
    the_map = rg_map(model)
    map_size = _time(lambda: plan_derivation(model, terms=map_terms(the_map)))
    print(f"{'derivation check: stage estimates, bounded map':<46}{couplings[0] * 1e3:>10.3f}"
          f"{couplings[1] * 1e3:>10.3f}")
    print(f"{'derivation check: plan with the built RG map':<46}{map_size[0] * 1e3:>10.3f}"
          f"{map_size[1] * 1e3:>10.3f}")
    added = (gate[0] - base[0] + couplings[0] + map_size[0],
             gate[1] - base[1] + couplings[1] + map_size[1])
    print(f"{'added in all (gate + both derivation checks)':<46}{added[0] * 1e3:>10.3f}"
          f"{added[1] * 1e3:>10.3f}")
    print(f"{'one derive of the paper (for scale, once)':<46}{derive[0] * 1e3:>10.0f}"
          f"{derive[1] * 1e3:>10.0f}")
    print(f"target: added < 50 ms -> {'met' if added[1] < 0.05 else 'NOT met'}")


if __name__ == "__main__":
    main()
