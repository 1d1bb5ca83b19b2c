"""The scan store: one SQLite file per scan (stdlib sqlite3, WAL, one transaction per write).

Only the client process writes.  Table ``meta`` identifies the file as a symrg scan
(``format = symrg-scan``, schema version, spec hash, symrg version); table ``models`` has
one row per distinct model (``hash`` UNIQUE), inserted as ``pending`` before any work and
updated to ``done``, ``failed`` (with the one-line message) or ``timeout`` when its result
arrives.  Each update is its own committed transaction, so ``kill -9`` loses at most the
models in flight and the file is never corrupted; re-running resumes the ``pending`` rows.

A file that exists but is not a symrg scan is refused before anything is written to it.
"""

import csv
import io
import json
import os
import sqlite3
import time
from fractions import Fraction
from pathlib import Path

from .. import __version__
from ..errors import SymRGError

__all__ = ["ScanStoreError", "ScanStore", "check_store_target", "check_export_target",
           "summarize", "SUMMARY_COLUMNS", "EXPORT_COLUMNS",
           "export_summary", "EXPORT_SUFFIXES", "FORMAT", "SCHEMA_VERSION"]

FORMAT = "symrg-scan"
SCHEMA_VERSION = "1"

#: Summary columns (name, SQL type) read from each record by :func:`summarize`.
SUMMARY_COLUMNS = (
    ("n_couplings", "INTEGER"), ("omega_rank", "INTEGER"), ("n_isolated", "INTEGER"),
    ("n_family", "INTEGER"), ("n_boundary", "INTEGER"), ("n_nonphysical", "INTEGER"),
    ("n_complex", "INTEGER"), ("max_physical_rank", "INTEGER"), ("physical_ranks", "TEXT"),
    ("relevant_exponents", "TEXT"), ("xi_dna", "TEXT"), ("xi_plain", "TEXT"),
    ("xi_widths", "TEXT"),
)
#: Columns of an export, in order (everything but the full record).
EXPORT_COLUMNS = ("id", "hash", "status", "message", "wall_seconds", "cpu_seconds", "coords",
                  "model") + tuple(name for name, _ in SUMMARY_COLUMNS)

_SCHEMA = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE models (
    id INTEGER PRIMARY KEY,
    hash TEXT NOT NULL UNIQUE,
    model TEXT NOT NULL,
    coords TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'done', 'failed', 'timeout')),
    message TEXT,
    wall_seconds REAL,
    cpu_seconds REAL,
    finished_at REAL,
    {", ".join(f"{name} {kind}" for name, kind in SUMMARY_COLUMNS)},
    record TEXT
);
CREATE INDEX models_status ON models (status);
"""


class ScanStoreError(SymRGError, RuntimeError):
    """A scan store cannot be used (not a symrg scan, another spec, unreadable)."""


# -- summaries ---------------------------------------------------------------------------

def _rank(rows) -> int:
    """Exact rank of an integer/rational matrix (fraction-free Gaussian elimination)."""
    m = [[Fraction(str(x)) for x in row] for row in rows]
    rank, cols = 0, len(m[0]) if m else 0
    for c in range(cols):
        pivot = next((r for r in range(rank, len(m)) if m[r][c] != 0), None)
        if pivot is None:
            continue
        m[rank], m[pivot] = m[pivot], m[rank]
        for r in range(len(m)):
            if r != rank and m[r][c] != 0:
                f = m[r][c] / m[rank][c]
                m[r] = [a - f * b for a, b in zip(m[r], m[rank])]
        rank += 1
    return rank


def _is_complex(value) -> bool:
    """True when a record number (decision 4: complex as {"re", "im"}) has a nonzero im."""
    if isinstance(value, dict):
        if "im" in value:
            return str(value["im"]).strip("-+") not in ("0", "0.0", "")
        return any(_is_complex(v) for v in value.values())
    if isinstance(value, list):
        return any(_is_complex(v) for v in value)
    return isinstance(value, str) and ("I" in value or value.endswith("j"))


def _points(record):
    section = record.get("fixed_points")
    return (section or {}).get("points", []) if isinstance(section, dict) else []


def _relevant(point):
    """Relevant exponents of a point: labelled ones, or (records on types,
    :mod:`symrg.records.typerecord`) those of eigenvalues > 1 in ``spectrum``, repeated by
    multiplicity."""
    if "spectrum" in point:
        return [e["exponent"] for e in point["spectrum"] if e["eigenvalue"] > 1
                for _ in range(e["multiplicity"])]
    return [e for e, lab in zip(point.get("exponents", []), point.get("labels", []))
            if lab == "relevant"]


def _xi_widths(record):
    """``{beta_v: {N: xi(N)}}`` of the DNA chain, as JSON text, from the ``width`` section."""
    width = record.get("width")
    if not isinstance(width, dict):
        return None
    table = {section["beta_v"]: {str(row["N"]): row["xi_dna"] for row in section["rows"]}
             for section in width.get("by_beta", [])}
    return json.dumps(table, sort_keys=True) if table else None


def summarize(record: dict) -> dict:
    """Summary columns of one derivation record (see :data:`SUMMARY_COLUMNS`).

    Fixed points are read per the record layout: ``record["fixed_points"]["points"]``
    with ``kind`` in isolated/family/zero_weight/boundary, ``rank``, ``physical``, ``labels`` and
    ``exponents``; a kind that a record does not produce counts 0.  Without a
    ``fixed_points`` section the fixed-point columns are NULL.
    """
    points = _points(record)
    has_fp = isinstance(record.get("fixed_points"), dict)
    kinds = [p.get("kind") for p in points]
    # strictly positive (physical, no zero weight): boundary and zero-weight points apart
    physical = [int(p["rank"]) for p in points
                if p.get("physical") and p.get("kind") not in ("boundary", "zero_weight")
                and "rank" in p]
    relevant = [_relevant(p) for p in points]
    corr = record.get("correlations") or {}
    count = record.get("coupling_count", {})
    omega = record.get("count_matrix")
    return {
        "n_couplings": count.get("symmetric", len(record.get("couplings", []))),
        "omega_rank": _rank(omega) if omega else None,
        "n_isolated": kinds.count("isolated") if has_fp else None,
        "n_family": kinds.count("family") if has_fp else None,
        "n_boundary": kinds.count("boundary") if has_fp else None,
        "n_nonphysical": sum(not p.get("physical") for p in points) if has_fp else None,
        "n_complex": sum(_is_complex([p.get("couplings"), p.get("weights"), p.get("sample")])
                         for p in points) if has_fp else None,
        "max_physical_rank": max(physical) if physical else None,
        "physical_ranks": json.dumps(physical) if has_fp else None,
        "relevant_exponents": json.dumps(relevant) if has_fp else None,
        "xi_dna": corr.get("xi_dna"),
        "xi_plain": corr.get("xi_plain"),
        "xi_widths": _xi_widths(record),
    }


# -- the store ---------------------------------------------------------------------------

def _hint(writing: bool) -> str:
    return ("refusing to touch it, choose another --store" if writing
            else "give a store written by symrg scan")


def _check_header(path: Path, writing: bool = True):
    """Refuse a path that is not a regular SQLite file, without blocking (FIFOs,
    devices and directories are refused by the gate of :mod:`symrg.model.loader`)."""
    from ..model.loader import read_head
    header = read_head(path, 16, "store", "a scan store (.sqlite) written by symrg scan",
                       ScanStoreError)
    if header != b"SQLite format 3\x00":
        raise ScanStoreError(f"store {_shown(path)}: not a symrg scan (not an SQLite file); "
                             f"{_hint(writing)}")


def _shown(path) -> str:
    from ..model.loader import quote
    return quote(str(path), 120)


def _read_meta(path: Path, writing: bool = True) -> dict:
    """The meta table of an existing file, read without writing anything to it."""
    _check_header(path, writing)
    uri = path.resolve().as_uri() + "?mode=ro&immutable=1"
    try:
        con = sqlite3.connect(uri, uri=True)
        try:
            rows = con.execute("SELECT key, value FROM meta").fetchall()
        finally:
            con.close()
    except sqlite3.DatabaseError:
        rows = []
    meta = dict(rows)
    if meta.get("format") != FORMAT:
        raise ScanStoreError(f"store {_shown(path)}: not a symrg scan (no symrg-scan "
                             f"metadata); {_hint(writing)}")
    return meta


def _check_spec(path: Path, meta: dict, spec_hash: str):
    if meta.get("spec_hash") != spec_hash:
        raise ScanStoreError(
            f"store {_shown(path)}: made by another scan spec (spec hash "
            f"{meta.get('spec_hash', '?')[:12]}, this spec {spec_hash[:12]}); "
            f"use a new --store")


def check_store_target(path, spec_hash: str) -> Path:
    """Check before any work that ``path`` can hold the scan of ``spec_hash``.

    A new store needs a writable existing directory (the rules of ``--json``:
    :func:`symrg.report.io.check_output_file`); an existing one must be a symrg scan
    of the same spec, writable, in a writable directory (SQLite writes its journal
    beside it).  Nothing is written.

    Raises
    ------
    ScanStoreError, ReportError
        One line naming ``--store`` and the path given.
    """
    from ..report.io import check_output_file
    path = check_output_file(path, "--store")
    if os.path.exists(path):
        _check_spec(path, _read_meta(path), spec_hash)
        if not os.access(path, os.W_OK):
            raise ScanStoreError(f"--store {_shown(path)}: not writable; choose another "
                                 f"--store")
    return path


class ScanStore:
    """An open scan store.

    Parameters
    ----------
    path : path-like
    spec_hash : str, optional
        Hash of the scan spec; an existing store made by another spec is refused.
        ``None`` opens an existing store for reading (report, export).
    spec_info : dict, optional
        Extra metadata written when the store is created (spec name, spec JSON).
    """

    def __init__(self, path, spec_hash=None, spec_info=None):
        self.path = Path(path)
        if self.path.exists():
            self.meta = _read_meta(self.path, writing=spec_hash is not None)
            if spec_hash is not None:
                _check_spec(self.path, self.meta, spec_hash)
            self.con = self._connect()
        elif spec_hash is None:
            raise ScanStoreError(f"store {_shown(self.path)}: no such scan store")
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.con = self._connect()
            self.meta = {"format": FORMAT, "schema": SCHEMA_VERSION, "spec_hash": spec_hash,
                         "symrg_version": __version__, "created": repr(time.time()),
                         **{k: str(v) for k, v in (spec_info or {}).items()}}
            with self.con:
                self.con.executescript("BEGIN;" + _SCHEMA + "COMMIT;")
            with self.con:
                self.con.executemany("INSERT INTO meta VALUES (?, ?)", self.meta.items())
            self.con.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def _connect(self):
        con = sqlite3.connect(self.path, timeout=30)
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA synchronous=FULL")
        return con

    def close(self):
        """Checkpoint and close the connection."""
        if self.con is not None:
            try:
                self.con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                self.con.close()
                self.con = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- writing ---------------------------------------------------------------------
    def add_points(self, points) -> int:
        """Insert the scan's models as pending (failed for invalid ones); return how many
        were new.  Models already in the store are left as they are."""
        before = self.count()
        rows = [(p.hash, p.text, json.dumps(p.coords, sort_keys=True),
                 "failed" if p.error else "pending", p.error or None) for p in points]
        with self.con:
            self.con.executemany(
                "INSERT OR IGNORE INTO models (hash, model, coords, status, message) "
                "VALUES (?, ?, ?, ?, ?)", rows)
        return self.count() - before

    def save_result(self, result: dict) -> bool:
        """Record one worker result (JSON dict) in its own transaction; False if the row
        was not pending (already recorded)."""
        record = result.get("record")
        summary = summarize(record) if record else {name: None for name, _ in SUMMARY_COLUMNS}
        cols = ", ".join(f"{name} = ?" for name, _ in SUMMARY_COLUMNS)
        with self.con:
            cur = self.con.execute(
                f"UPDATE models SET status = ?, message = ?, wall_seconds = ?, "
                f"cpu_seconds = ?, finished_at = ?, {cols}, record = ? "
                f"WHERE hash = ? AND status = 'pending'",
                (result["status"], result.get("message") or None, result.get("wall"),
                 result.get("cpu"), time.time(), *summary.values(),
                 json.dumps(record, sort_keys=True) if record else None, result["hash"]))
        return cur.rowcount == 1

    # -- reading ---------------------------------------------------------------------
    def count(self, status=None) -> int:
        """Number of rows (with ``status``, if given)."""
        if status is None:
            return self.con.execute("SELECT COUNT(*) FROM models").fetchone()[0]
        return self.con.execute("SELECT COUNT(*) FROM models WHERE status = ?",
                                (status,)).fetchone()[0]

    def retry(self, statuses=("failed", "timeout")) -> int:
        """Set rows with ``statuses`` (except models that fail validation) back to pending."""
        marks = ", ".join("?" for _ in statuses)
        with self.con:
            cur = self.con.execute(
                f"UPDATE models SET status = 'pending', message = NULL, record = NULL "
                f"WHERE status IN ({marks}) AND wall_seconds IS NOT NULL", tuple(statuses))
        return cur.rowcount

    def pending(self) -> list:
        """``(hash, model text)`` of every pending model, in scan order."""
        return self.con.execute(
            "SELECT hash, model FROM models WHERE status = 'pending' ORDER BY id").fetchall()

    def rows(self, columns=EXPORT_COLUMNS, where="1") -> list:
        """Rows as dicts of ``columns``, in scan order (``where`` is trusted SQL)."""
        cur = self.con.execute(f"SELECT {', '.join(columns)} FROM models WHERE {where} "
                               f"ORDER BY id")
        return [dict(zip(columns, row)) for row in cur]

    def record(self, digest: str):
        """The full JSON record of one model (None when not done)."""
        row = self.con.execute("SELECT record FROM models WHERE hash = ?",
                               (digest,)).fetchone()
        return json.loads(row[0]) if row and row[0] else None


#: Suffixes of :func:`export_summary`.
EXPORT_SUFFIXES = (".csv", ".parquet")


def check_export_target(path) -> Path:
    """Check ``--export`` before any work: suffix, pyarrow for Parquet, writable target.

    Raises
    ------
    ScanStoreError, ReportError
        One line naming ``--export`` and the path given.
    """
    from ..report.io import check_output_file
    suffix = Path(os.fspath(path)).suffix
    if suffix not in EXPORT_SUFFIXES:
        raise ScanStoreError(f"--export: expected a .csv or .parquet file, got "
                             f"{_shown(os.fspath(path))}")
    if suffix == ".parquet":
        _pyarrow()
    return check_output_file(path, "--export")


def _pyarrow():
    try:
        import pyarrow
        import pyarrow.parquet as pq
    except ImportError:
        raise ScanStoreError("--export: Parquet needs pyarrow, which is not installed; "
                             "pip install 'symrg[parquet]' or export to .csv") from None
    return pyarrow, pq


def export_summary(store: ScanStore, path) -> Path:
    """Write the summary table (:data:`EXPORT_COLUMNS`) as CSV or Parquet (by suffix).

    The file is replaced atomically (:func:`symrg.report.io.atomic_write`): a temporary
    file beside it is renamed over it, or removed on failure.

    Raises
    ------
    ScanStoreError
        Unknown suffix, or Parquet without pyarrow installed.
    ReportError
        The target cannot be written (the message names ``path``).
    """
    from ..report.io import atomic_write
    path = check_export_target(path)
    rows = store.rows()
    if path.suffix == ".csv":
        text = io.StringIO()
        writer = csv.DictWriter(text, fieldnames=EXPORT_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        data = text.getvalue().encode("utf-8")
        atomic_write(path, lambda fh: fh.write(data))
    else:
        pyarrow, pq = _pyarrow()
        table = pyarrow.Table.from_pylist(rows)
        atomic_write(path, lambda fh: pq.write_table(table, fh))
    return path
