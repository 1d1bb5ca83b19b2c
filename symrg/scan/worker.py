"""Worker side of a scan: derive one model from its canonical text in a child process.

A Dask task (:func:`run_model`) receives a JSON request (canonical model text, sections,
digits) and returns a JSON result; nothing but text crosses process boundaries.  The
derivation itself runs in a long-lived child Python process (:class:`Sandbox`, one per
worker, speaking JSON lines on stdin/stdout), so that

* a per-model time limit is a ``select`` deadline: on expiry the child is killed with
  SIGKILL and a fresh one started, so a runaway model can never wedge the worker;
* memory stays bounded: the child (whose sympy caches grow) is replaced after
  ``recycle`` models or when its resident set exceeds ``memory_limit`` bytes.

``python -m symrg.scan.worker`` is the child's entry point.
"""

import json
import os
import select
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

__all__ = ["run_model", "derive_text", "Sandbox", "rss_bytes", "DEFAULT_RECYCLE",
           "DEFAULT_MEMORY_LIMIT"]

#: Replace the child after this many models (sympy caches grow without bound).
DEFAULT_RECYCLE = 100
#: ... or as soon as its resident set exceeds this many bytes.
DEFAULT_MEMORY_LIMIT = 1 << 30
_STARTUP_TIMEOUT = 120.0


def rss_bytes(pid=None) -> int:
    """Resident set size of a process (this one by default), from /proc or psutil."""
    pid = os.getpid() if pid is None else pid
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        try:
            import psutil
            return psutil.Process(pid).memory_info().rss
        except Exception:                                  # noqa: BLE001 - best effort
            return 0


def _width_section(model, analysis, digits, max_states):
    """The ``width`` record section of a scanned model (:func:`symrg.records.width.width_record`).

    ``analysis`` holds the scan's ``width_grid`` (the widths N) and ``beta_grid`` (the
    beta_v values, default 1).  Each beta_v gets the exact xi(N), chi(N) and the
    N -> infinity limit; the overlap maps and the order-chaos boundary (costly at L = 2)
    belong to ``symrg report --widths`` and are not computed in a scan.  Returns
    ``{"by_beta": [section, ...]}`` with one section per beta_v, in grid order.
    """
    import sympy

    from ..records.width import width_record
    widths = analysis.get("width_grid") or [model.width]
    betas = analysis.get("beta_grid") or [1]
    sections = [width_record(model, widths, u=sympy.exp(sympy.nsimplify(beta, rational=True)),
                             digits=digits, max_states=max_states, overlap_widths=(),
                             boundary_widths=())
                for beta in betas]
    return {"by_beta": sections}


def _derive_sections(model, sections, digits, max_states=None):
    """derive_record with every section; when that fails, each section on its own.

    A section that fails alone is left out and its one-line error goes to
    ``record["section_errors"]``; when every section fails the first error is raised.
    """
    from ..records.derive import derive_record
    from ..errors import SymRGError
    from ..model.network import DEFAULT_MAX_STATES
    limits = {"max_states": max_states or DEFAULT_MAX_STATES}
    try:
        return derive_record(model, digits=digits, sections=tuple(sections), **limits)
    except (SymRGError, ArithmeticError, RuntimeError, ValueError):
        if len(sections) < 2:
            raise
    record, errors, first = None, {}, None
    for name in sections:
        try:
            part = derive_record(model, digits=digits, sections=(name,), **limits)
        except (SymRGError, ArithmeticError, RuntimeError, ValueError) as exc:
            errors[name] = f"{type(exc).__name__}: {exc}" if not isinstance(
                exc, SymRGError) else str(exc)
            first = first or exc
            continue
        record = part if record is None else {**record, name: part[name]}
    if record is None:
        raise first
    record["section_errors"] = errors
    return record


def derive_text(text: str, sections, digits: int, max_states: int) -> dict:
    """Derive the record of a canonical model text (in this process).

    Returns a JSON-ready record (with ``section_errors`` when some section failed on its
    own); raises :class:`symrg.errors.SymRGError` on invalid models.
    """
    from ..errors import SymRGError
    from ..model.budget import check_derivation_size
    from ..model.network import Model
    from .spec import model_hash
    canon = json.loads(text)
    analysis = canon.pop("width_analysis", None)
    canon["name"] = f"scan model {model_hash(text)[:12]}"
    model = Model.from_dict(canon, max_states=max_states)
    from ..records.typerecord import type_route
    if not type_route(model):           # the budget of a derivation on configurations
        from ..lattice.counting import count_matrix
        check_derivation_size(model, max_states,
                              omega_nonzero=sum(1 for x in count_matrix(model) if x))
    record = _derive_sections(model, list(sections), digits, max_states)
    if analysis:
        try:
            record["width"] = _width_section(model, analysis, digits, max_states)
        except SymRGError as exc:         # e.g. a table that does not reach the widths
            record.setdefault("section_errors", {})["width"] = str(exc)
    return record


def _serve():
    """Child loop: one JSON request per stdin line, one JSON result per stdout line."""
    out = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    sys.stdout = sys.stderr                       # stray prints never corrupt the protocol
    from ..errors import SymRGError
    out.write(json.dumps({"ready": True}) + "\n")
    out.flush()
    for line in sys.stdin:
        req = json.loads(line)
        t0, c0 = time.perf_counter(), time.process_time()
        try:
            record = derive_text(req["text"], req["sections"], req["digits"], req["max_states"])
            errors = "; ".join(f"{k} failed: {v}" for k, v in
                               record.get("section_errors", {}).items())
            result = {"status": "done", "record": record, "message": errors}
        except SymRGError as exc:
            result = {"status": "failed", "record": None, "message": str(exc)}
        except Exception as exc:                  # noqa: BLE001 - a bug, reported per model
            result = {"status": "failed", "record": None,
                      "message": f"internal error: {type(exc).__name__}: {exc}"}
        result.update(wall=time.perf_counter() - t0, cpu=time.process_time() - c0,
                      child_rss=rss_bytes())
        out.write(json.dumps(result, sort_keys=True) + "\n")
        out.flush()


class Sandbox:
    """A recyclable child process that derives models with a time limit.

    Parameters
    ----------
    recycle : int
        Models per child before it is replaced.
    memory_limit : int
        Replace the child when its resident set exceeds this many bytes.
    """

    def __init__(self, recycle=DEFAULT_RECYCLE, memory_limit=DEFAULT_MEMORY_LIMIT):
        self.recycle, self.memory_limit = recycle, memory_limit
        self.proc, self.served, self.starts = None, 0, 0
        self._buffer = b""

    def _start(self):
        root = str(Path(__file__).resolve().parents[2])
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(
            [root] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "symrg.scan.worker"], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, cwd=root,
            start_new_session=True)
        self.served, self._buffer = 0, b""
        self.starts += 1
        if self._read_line(_STARTUP_TIMEOUT) is None:
            self.stop()
            raise RuntimeError("scan worker child did not start")

    def stop(self):
        """Kill the child (SIGKILL) and reap it."""
        if self.proc is not None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            self.proc.wait()
            for stream in (self.proc.stdin, self.proc.stdout):
                stream.close()
            self.proc = None

    def _read_line(self, timeout):
        deadline = None if timeout is None else time.monotonic() + timeout
        fd = self.proc.stdout.fileno()
        while b"\n" not in self._buffer:
            wait = None if deadline is None else deadline - time.monotonic()
            if wait is not None and wait <= 0:
                return None
            ready, _, _ = select.select([fd], [], [], wait)
            if not ready:
                return None
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                raise EOFError("scan worker child exited")
            self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        return json.loads(line)

    def run(self, request: dict, timeout=None) -> dict:
        """Derive one request; ``status`` is done, failed or timeout."""
        if self.proc is None or self.served >= self.recycle:
            self.stop()
            self._start()
        t0 = time.perf_counter()
        try:
            self.proc.stdin.write((json.dumps(request) + "\n").encode())
            self.proc.stdin.flush()
            result = self._read_line(timeout)
        except (EOFError, BrokenPipeError, OSError) as exc:
            self.stop()
            return {"status": "failed", "record": None, "wall": time.perf_counter() - t0,
                    "cpu": None, "message": f"derivation process died ({exc})"}
        if result is None:
            self.stop()
            return {"status": "timeout", "record": None, "wall": time.perf_counter() - t0,
                    "cpu": None, "message": f"timed out after {timeout:g} s"}
        self.served += 1
        if result.get("child_rss", 0) > self.memory_limit:
            self.stop()
        return result


_SANDBOXES = {}                                     # one per worker thread


def run_model(request_text: str) -> str:
    """Dask task: derive one model in this worker's sandbox; JSON text in, JSON text out.

    The request holds ``text`` (canonical model), ``hash``, ``sections``, ``digits``,
    ``max_states``, ``timeout`` (seconds or null), ``recycle`` and ``memory_limit``.
    The result holds ``hash``, ``status``, ``message``, ``record``, ``wall``, ``cpu``,
    ``child_rss``, ``worker_rss`` and ``child_starts``.
    """
    req = json.loads(request_text)
    sandbox = _SANDBOXES.setdefault(threading.get_ident(), Sandbox())
    sandbox.recycle = req.get("recycle") or DEFAULT_RECYCLE
    sandbox.memory_limit = req.get("memory_limit") or DEFAULT_MEMORY_LIMIT
    result = sandbox.run(req, timeout=req.get("timeout"))
    result.update(hash=req["hash"], worker_rss=rss_bytes(), child_starts=sandbox.starts,
                  worker_pid=os.getpid())
    return json.dumps(result, sort_keys=True)


if __name__ == "__main__":
    _serve()
