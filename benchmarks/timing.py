"""CPU and wall time of one call, for the benchmark scripts of this folder.

The machine is shared: every benchmark prints CPU seconds (this process plus its finished
child processes, e.g. msolve) beside wall seconds.  Run the scripts from the repository
root (``python benchmarks/bench_x.py``): their folder is on ``sys.path``.
"""

import resource
import time


def cpu_seconds() -> float:
    """CPU seconds of this process and of its finished children (user + system)."""
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + kids.ru_utime + kids.ru_stime


def timed(fn, *args, **kwargs):
    """``(result, cpu_seconds, wall_seconds)`` of ``fn(*args, **kwargs)``."""
    c0, w0 = cpu_seconds(), time.perf_counter()
    out = fn(*args, **kwargs)
    return out, cpu_seconds() - c0, time.perf_counter() - w0


def timed_row(label, fn, width=58):
    """Run ``fn()``, print ``label  CPU s  wall s`` and return its result."""
    out, cpu, wall = timed(fn)
    print(f"{label:<{width}} {cpu:8.2f} {wall:8.2f}")
    return out
