"""Throughput and memory of ``symrg scan`` on Dask against a plain in-process loop.

Run from the repository root: ``python benchmarks/bench_scan.py [--models 200]
[--memory-models 1000]``.  Prints

1. a throughput table: the same N = 1 models (core + decimation records: count matrix,
   couplings, RG map) derived by a plain loop in this process, and by the scan engine on an
   embedded LocalCluster with 1 and 2 workers (models per minute, wall and CPU time, the
   speed-up over the loop, and Dask's overhead: scan wall time minus the derivation time
   the workers reported, divided by the number of workers);
2. resident memory per worker (Dask worker process and its derivation child) every 100
   models of a 1000-model scan with the default recycling (a fresh derivation process
   every 100 models), beside the same scan without recycling.

CPU time is ``time.process_time`` of this process (the client); the workers' CPU is the
sum of the per-model CPU they report.
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from symrg.scan.engine import connect, run_scan          # noqa: E402
from symrg.scan.spec import expand, parse_spec           # noqa: E402
from symrg.scan.worker import derive_text                # noqa: E402

#: h in {0, 1}, W in {-1, 1}, b in {-4..4}: pre-activations {-5..5}, 2^11 tables.
SPEC = {
    "scan": {"name": "bench", "sections": [], "digits": 30},
    "base": {"values": {"W": [-1, 1], "b": list(range(-4, 5)), "h": [0, 1]}},
    "axes": {"tables": "all"},
}


def in_process(points):
    t0, c0 = time.perf_counter(), time.process_time()
    for p in points:
        derive_text(p.text, [], 30, 4096)
    return time.perf_counter() - t0, time.process_time() - c0


def on_dask(spec, n, workers, tmp, **options):
    t0 = time.perf_counter()
    client = connect(workers)
    start = time.perf_counter() - t0
    try:
        c0 = time.process_time()
        result = run_scan(spec, Path(tmp) / f"w{workers}-{n}-{time.time_ns()}.sqlite",
                          client=client, limit=n, quiet=True, **options)
        cpu = time.process_time() - c0
    finally:
        cluster = client.cluster
        client.close()
        cluster.close()
    return start, result, cpu


def model_seconds(store_path):
    import sqlite3
    con = sqlite3.connect(store_path)
    wall, cpu = con.execute("SELECT SUM(wall_seconds), SUM(cpu_seconds) FROM models").fetchone()
    con.close()
    return wall, cpu


def throughput(spec, n, tmp):
    points = expand(spec)[:n]
    wall, cpu = in_process(points)
    rows = [("in-process loop", wall, cpu, None, None, None)]
    for workers in (1, 2):
        start, result, client_cpu = on_dask(spec, n, workers, tmp)
        store = sorted(Path(tmp).glob(f"w{workers}-{n}-*.sqlite"))[-1]
        work_wall, work_cpu = model_seconds(store)
        overhead = result.seconds - work_wall / workers
        rows.append((f"Dask, {workers} worker{'s' if workers > 1 else ''}", result.seconds,
                     client_cpu, work_cpu, start, overhead))
        assert result.counts["done"] == n, result.counts
    print(f"\nThroughput: {n} models (N = 1, core + decimation records)\n")
    print("| engine | wall s | models/min | speed-up | client CPU s | worker CPU s "
          "| cluster start s | Dask overhead s |")
    print("|---|---|---|---|---|---|---|---|")
    base = rows[0][1]
    for name, wall, cpu, wcpu, start, overhead in rows:
        fmt = lambda x: "" if x is None else f"{x:.1f}"
        print(f"| {name} | {wall:.1f} | {60 * n / wall:.0f} | {base / wall:.2f}x | {cpu:.1f} "
              f"| {fmt(wcpu)} | {fmt(start)} | {fmt(overhead)} |")


def memory(spec, n, tmp):
    print(f"\nMemory per worker over a {n}-model scan (2 workers; MiB, max over the last "
          f"100 results)\n")
    runs = {}
    for label, recycle in (("recycle every 100", 100), ("no recycling", 10 ** 9)):
        _, result, _ = on_dask(spec, n, 2, tmp, recycle=recycle)
        runs[label] = result.memory
    print("| models | worker RSS (recycled) | child RSS (recycled) | child RSS (never "
          "recycled) |")
    print("|---|---|---|---|")
    mib = 1 << 20
    a, b = runs["recycle every 100"], runs["no recycling"]
    for k in range(100, n + 1, 100):
        wa = max(m["worker_rss"] or 0 for m in a[k - 100:k]) / mib
        ca = max(m["child_rss"] or 0 for m in a[k - 100:k]) / mib
        cb = max(m["child_rss"] or 0 for m in b[k - 100:k]) / mib
        print(f"| {k} | {wa:.0f} | {ca:.0f} | {cb:.0f} |")
    starts = max(m["child_starts"] for m in a)
    print(f"\nderivation processes started per worker (recycled run): up to {starts}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=int, default=200)
    parser.add_argument("--memory-models", type=int, default=1000)
    args = parser.parse_args()
    spec = parse_spec(SPEC)
    with tempfile.TemporaryDirectory() as tmp:
        throughput(spec, args.models, tmp)
        if args.memory_models:
            memory(spec, args.memory_models, tmp)


if __name__ == "__main__":
    main()
