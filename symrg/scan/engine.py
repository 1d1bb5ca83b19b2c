"""Run a scan on Dask distributed and record every result in the scan's SQLite store.

The client (this process) expands the spec, inserts every model as ``pending``, then keeps
a bounded window of tasks in flight on the cluster: an embedded ``LocalCluster`` of
single-threaded worker processes (``workers``) or an existing scheduler (``scheduler``).
Each task is :func:`symrg.scan.worker.run_model`, JSON text in and out.  Results are
written one transaction each as they complete, so an interrupted scan resumes where it
stopped when run again.
"""

import json
import logging
import socket
import threading
import time
from dataclasses import dataclass, field

from ..errors import SymRGError
from ..model.network import DEFAULT_MAX_STATES
from ..progress import progress_bar
from .spec import DEFAULT_MAX_MODELS, ScanSpec, expand
from .store import ScanStore, check_store_target
from .worker import DEFAULT_MEMORY_LIMIT, DEFAULT_RECYCLE, run_model

__all__ = ["ScanEngineError", "ScanResult", "run_scan", "connect", "SCHEDULER_TIMEOUT"]

#: Seconds allowed to reach an existing scheduler.
SCHEDULER_TIMEOUT = 10


class ScanEngineError(SymRGError, RuntimeError):
    """The Dask engine cannot run (unreachable scheduler, missing dask)."""


@dataclass
class ScanResult:
    """What one run of a scan did.

    Attributes
    ----------
    total : int
        Distinct models of the scan.
    skipped : int
        Models already finished in the store (resume) or failed validation up front.
    counts : dict
        Final number of rows per status.
    seconds : float
        Wall time of the engine part (cluster start included).
    memory : list of dict
        Per result: ``worker_pid``, ``worker_rss``, ``child_rss``, ``child_starts``.
    """

    total: int
    skipped: int
    counts: dict = field(default_factory=dict)
    seconds: float = 0.0
    memory: list = field(default_factory=list)


def connect(workers: int = 2, scheduler: str = None):
    """A ``distributed.Client``: to ``scheduler`` (within 10 s) or to a new LocalCluster.

    Raises
    ------
    ScanEngineError
        dask.distributed missing, or the scheduler unreachable within
        :data:`SCHEDULER_TIMEOUT` seconds.
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ScanEngineError("symrg scan needs dask.distributed: "
                              "pip install 'symrg[scan]'") from None
    if scheduler:
        return _connect_existing(Client, scheduler)
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                           dashboard_address=":0", silence_logs=logging.ERROR)
    return Client(cluster, set_as_default=False)


def _probe(address):
    """Open (and close) a TCP connection to the scheduler, or raise ScanEngineError."""
    host_port = address.split("://", 1)[-1].rsplit("/", 1)[0]
    host, _, port = host_port.rpartition(":")
    try:
        port = int(port)
    except ValueError:
        raise ScanEngineError(f"--scheduler: expected an address such as tcp://host:8786, "
                              f"got {address!r}") from None
    try:
        socket.create_connection((host.strip("[]") or "127.0.0.1", port),
                                 timeout=SCHEDULER_TIMEOUT).close()
    except OSError as exc:
        raise ScanEngineError(f"--scheduler: cannot reach a Dask scheduler at {address!r} "
                              f"within {SCHEDULER_TIMEOUT} s ({exc.strerror or type(exc).__name__})"
                              ) from None


def _connect_existing(Client, address):
    """Connect in a helper thread so that no failure mode (refused, silent peer, a peer
    that answers garbage) takes longer than :data:`SCHEDULER_TIMEOUT`."""
    _probe(address)
    outcome = {}

    def attempt():
        try:
            outcome["client"] = Client(address, timeout=f"{SCHEDULER_TIMEOUT}s",
                                       set_as_default=False)
        except BaseException as exc:                  # noqa: BLE001 - reported below
            outcome["error"] = exc
    thread = threading.Thread(target=attempt, name="symrg-scan-connect", daemon=True)
    thread.start()
    thread.join(SCHEDULER_TIMEOUT)
    if "client" in outcome:
        return outcome["client"]
    reason = type(outcome["error"]).__name__ if "error" in outcome else "no answer"
    raise ScanEngineError(f"--scheduler: cannot reach a Dask scheduler at {address!r} within "
                          f"{SCHEDULER_TIMEOUT} s ({reason})")


def _close(client):
    cluster = client.cluster if hasattr(client, "cluster") else None
    client.close()
    if cluster is not None:
        cluster.close()


def _request(spec, digest, text, options):
    return json.dumps({"hash": digest, "text": text, "sections": list(spec.sections),
                       "digits": spec.digits, **options})


def _drain(client, spec, store, todo, options, bar, window):
    """Submit ``todo`` with at most ``window`` tasks in flight; store results as they come."""
    from distributed import as_completed
    memory, failures = [], 0
    queue = iter(todo)
    pending = {}

    def submit_next():
        item = next(queue, None)
        if item is None:
            return None
        fut = client.submit(run_model, _request(spec, *item, options), pure=False,
                            key=f"symrg-scan-{item[0][:16]}-{time.monotonic_ns()}")
        pending[fut.key] = item[0]
        return fut
    first = [f for f in (submit_next() for _ in range(window)) if f is not None]
    futures = as_completed(first, loop=client.loop)
    for fut in futures:
        digest = pending.pop(fut.key)
        try:
            result = json.loads(fut.result())
        except Exception as exc:                       # noqa: BLE001 - worker lost etc.
            result = {"hash": digest, "status": "failed", "record": None,
                      "message": f"engine error: {type(exc).__name__}: {exc}"[:300]}
        fut.release()
        store.save_result(result)
        memory.append({k: result.get(k) for k in
                       ("worker_pid", "worker_rss", "child_rss", "child_starts")})
        failures += result["status"] != "done"
        bar.update(1)
        bar.set_postfix_str(f"{failures} failed/timed out")
        fut = submit_next()
        if fut is not None:
            futures.add(fut)
    return memory


def run_scan(spec: ScanSpec, store_path, *, workers: int = 2, scheduler: str = None,
             timeout: float = None, max_models: int = DEFAULT_MAX_MODELS,
             max_states: int = DEFAULT_MAX_STATES, recycle: int = DEFAULT_RECYCLE,
             memory_limit: int = DEFAULT_MEMORY_LIMIT, quiet: bool = False,
             client=None, limit: int = None, retry: bool = False) -> ScanResult:
    """Run (or resume) a scan; every model ends as one row of the store at ``store_path``.

    Parameters
    ----------
    spec : ScanSpec
    store_path : path-like
        The scan's SQLite file (created, or resumed when it holds this spec's scan).
    workers : int
        Worker processes of the embedded LocalCluster.
    scheduler : str, optional
        Address of an existing Dask scheduler instead of the embedded cluster.
    timeout : float, optional
        Seconds per model; a model over it is recorded as ``timeout``.
    max_models : int
        Refuse scans with more models (counted before anything is written).
    recycle, memory_limit : int
        Replace a worker's derivation process after this many models / bytes.
    client : distributed.Client, optional
        Use this client (tests, benchmarks) instead of connecting.
    limit : int, optional
        Only the first ``limit`` distinct models of the scan (benchmarks, trial runs).
    retry : bool
        Run failed and timed-out models again (not those that failed validation).

    Raises
    ------
    ScanSpecError
        Too many models (counted in closed form first), or every model fails
        validation; nothing is written.
    ScanStoreError, ReportError
        ``store_path`` cannot hold this scan (checked before any work).
    """
    check_store_target(store_path, spec.text_hash)
    points = expand(spec, max_models, max_states)[:limit]
    if scheduler and client is None:
        _probe(scheduler)                    # an unreachable scheduler writes no store
    with ScanStore(store_path, spec.text_hash,
                   {"spec_name": spec.name, "sections": ",".join(spec.sections),
                    "digits": spec.digits}) as store:
        store.add_points(points)
        if retry:
            store.retry()
        todo = store.pending()
        result = ScanResult(total=len(points), skipped=len(points) - len(todo))
        t0 = time.perf_counter()
        if todo:
            options = {"timeout": timeout, "max_states": max_states, "recycle": recycle,
                       "memory_limit": memory_limit}
            own = client is None
            client = client or connect(workers, scheduler)
            try:
                window = 2 * max(1, sum(client.nthreads().values()))
                with progress_bar(len(todo), f"scan {spec.name}", quiet=quiet,
                                  unit="model") as bar:
                    result.memory = _drain(client, spec, store, todo, options, bar, window)
            finally:
                if own:
                    _close(client)
        result.seconds = time.perf_counter() - t0
        result.counts = {s: store.count(s) for s in ("done", "failed", "timeout", "pending")}
    return result
