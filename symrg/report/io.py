"""Atomic writes, safe names and checked output targets for reports.

* A single file (``--json``) is replaced with ``os.replace`` from a temporary file
  in the same directory, so a reader sees the old or the new complete file.
* A report is the directory ``<outdir>/<stem>/`` (``<stem>.tex``, ``<stem>.json``,
  ``<stem>.pdf``, ``figures/``).  :func:`report_directory` builds it in a temporary
  directory inside ``outdir`` and swaps it in as a whole (an atomic
  ``renameat2(RENAME_EXCHANGE)`` on Linux; elsewhere rename the old one aside,
  the new one in, and restore on the next run if killed in between), so a reader
  never sees a mix of old and new files.
* Temporary names carry the writer's pid (``.symrg-build-<stem>-<pid>-...``); a
  run removes such debris when its writer is dead or the debris is older than
  :data:`DEBRIS_AGE` seconds.
* Output targets are checked before any work (:func:`check_output_file`,
  :func:`check_output_directory`): only regular files and directories are
  written; devices, FIFOs and the empty path are refused.
* A report made from a model file records that file in its JSON record
  (:data:`SOURCE_KEY`, the path relative to the report directory, so it holds in
  any clone or checkout).  :func:`check_report_source` refuses to replace a report
  made from a different model file (two ``model.toml`` in different folders share
  the stem ``model``), unless forced.
"""

import contextlib
import ctypes
import ctypes.util
import errno
import hashlib
import json
import os
import re
import shutil
import stat
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

from ..errors import ReportError

__all__ = ["slugify", "report_stem", "ensure_directory", "atomic_write_text", "atomic_copy",
           "check_output_file", "check_output_stem", "atomic_write",
           "check_output_directory", "report_directory",
           "remove_debris", "DEBRIS_AGE", "BUILD_PREFIX", "OLD_PREFIX", "TMP_PREFIX",
           "SOURCE_KEY", "source_reference", "recorded_source", "check_report_source"]

#: Prefixes of the temporary names this module creates (pid follows the prefix).
BUILD_PREFIX, OLD_PREFIX, TMP_PREFIX = ".symrg-build-", ".symrg-old-", ".symrg-tmp-"
#: Debris whose writer may still live is removed only after this many seconds.
DEBRIS_AGE = 24 * 3600
_DEBRIS = re.compile(r"^\.symrg-(build|old|tmp)-(\d+)-(.*)$")
_STEM_CHARS = re.compile(r"^[A-Za-z0-9_-]{1,80}$")

_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


def slugify(name, default: str = "report", max_length: int = 80) -> str:
    """A file-name stem made only of ``[A-Za-z0-9_-]``.

    Examples
    --------
    >>> slugify("Lee-Lee-Yi toy model (Sec. IV)")
    'Lee-Lee-Yi-toy-model-Sec-IV'
    >>> slugify("../../etc/passwd")
    'etc-passwd'
    >>> slugify("βeta")
    'eta'
    """
    ascii_name = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode()
    slug = _UNSAFE.sub("-", ascii_name).strip("-_")
    slug = re.sub(r"-{2,}", "-", slug)[:max_length].strip("-_")
    return slug or default


def report_stem(path) -> str:
    """The report name of a model file: its stem, restricted to ``[A-Za-z0-9_-]``.

    A stem that is not already safe gets a short hash of the original stem, so two
    model files never silently share a report (``%.toml``, ``...toml`` and
    ``.toml`` all differ).

    Examples
    --------
    >>> report_stem("models/paper.toml")
    'paper'
    >>> report_stem("models/a b.toml") != report_stem("models/a-b.toml")
    True
    """
    stem = Path(os.fspath(path)).name
    stem = stem[:-5] if stem.lower().endswith(".toml") else Path(stem).stem
    if _STEM_CHARS.match(stem):
        return stem
    digest = hashlib.sha256(stem.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    slug = slugify(stem, default="model", max_length=60)
    return f"{slug}-{digest}"


def _kind(mode) -> str:
    return {stat.S_IFCHR: "a character device", stat.S_IFBLK: "a block device",
            stat.S_IFIFO: "a FIFO", stat.S_IFSOCK: "a socket",
            stat.S_IFDIR: "a directory"}.get(stat.S_IFMT(mode), "not a regular file")


def _shown(path) -> str:
    text = os.fspath(path)
    return repr(text if len(text) <= 120 else text[:117] + "...")


def _probe(directory: Path, what: str):
    try:
        fd, probe = tempfile.mkstemp(dir=directory, prefix=f"{TMP_PREFIX}{os.getpid()}-probe-")
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise ReportError(f"{what} {_shown(directory)} is not writable "
                          f"({exc.strerror or exc}); choose another") from None


def check_output_file(path, option: str = "output file") -> Path:
    """Check before any work that ``path`` can be written as a regular file.

    Parameters
    ----------
    path : path-like
        The path the user gave.
    option : str
        How messages name the target (``"--json"``, ``"--store"``, ...).

    Raises
    ------
    ReportError
        One line naming ``option`` and ``path``: empty path, an existing target that
        is not a regular file (a device such as /dev/null, a FIFO, a directory), a
        missing or unwritable parent directory (``/proc``, a read-only file system).
    """
    if os.fspath(path) == "":
        raise ReportError(f"{option}: empty path; give a file name")
    path = Path(path)
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise ReportError(f"{option} {_shown(path)}: {exc.strerror}") from None
    if mode is not None and not stat.S_ISREG(mode):
        raise ReportError(f"{option} {_shown(path)} is {_kind(mode)}; symrg writes only "
                          f"regular files")
    parent = path.parent
    if not parent.is_dir():
        raise ReportError(f"{option} {_shown(path)}: directory {_shown(parent)} does not "
                          f"exist")
    try:
        fd, probe = tempfile.mkstemp(dir=parent, prefix=f"{TMP_PREFIX}{os.getpid()}-probe-")
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise ReportError(f"{option} {_shown(path)}: cannot write in directory "
                          f"{_shown(parent)} ({exc.strerror or exc})") from None
    return path


def check_output_stem(stem, suffixes=(".pdf", ".png"), option: str = "--plot") -> list:
    """Check a figure stem and every file made from it (``stem + suffix``) before any work.

    The stem itself must not be an existing non-regular file (``--plot /dev/null``
    would otherwise write ``/dev/null.pdf`` beside the device); each made file passes
    :func:`check_output_file`.

    Returns
    -------
    list of Path
        The files that will be written.

    Raises
    ------
    ReportError
        One line naming ``option`` and the stem the user gave.
    """
    if os.fspath(stem) == "":
        raise ReportError(f"{option}: empty path; give a file name stem")
    try:
        mode = os.stat(stem).st_mode
    except OSError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        raise ReportError(f"{option} {_shown(stem)} is {_kind(mode)}; give a file name stem "
                          f"(symrg writes {', '.join('STEM' + x for x in suffixes)})")
    files = [Path(os.fspath(stem) + suffix) for suffix in suffixes]
    for path in files:
        try:
            check_output_file(path, option)
        except ReportError as exc:
            raise ReportError(f"{exc} (made from {option} {_shown(stem)})") from None
    return files


def atomic_write(path, fill) -> Path:
    """Replace ``path`` atomically by what ``fill(fileobj)`` writes (binary).

    The temporary file lives next to ``path`` and is removed on any failure; messages
    name ``path``, never the temporary file.

    Raises
    ------
    ReportError
        When the file cannot be written (the previous file, if any, is left intact).
    """
    return _replace_from_temp(Path(path), fill)


def check_output_directory(outdir, stem=None) -> Path:
    """Create ``outdir`` if needed and check before any work that a report can go there.

    Raises
    ------
    ReportError
        Empty path, a target that is not a directory, ``<outdir>/<stem>`` that is not
        a directory, or an unwritable directory.
    """
    if os.fspath(outdir) == "":
        raise ReportError("output directory: empty path; give a directory")
    path = Path(outdir)
    if path.exists() and not path.is_dir():
        raise ReportError(f"output directory {_shown(path)} is "
                          f"{_kind(os.stat(path).st_mode)}; give a directory")
    if stem is not None:
        target = path / stem
        if target.exists() or target.is_symlink():
            mode = os.lstat(target).st_mode
            if not stat.S_ISDIR(mode):
                raise ReportError(f"report directory {_shown(target)} exists and is "
                                  f"{_kind(mode) if not stat.S_ISLNK(mode) else 'a symbolic link'}; "
                                  f"move it away or choose another output directory")
    return ensure_directory(path)


#: Key of a report record naming the model file it was made from (relative path).
SOURCE_KEY = "model_file"
#: Largest existing record read to find its model file (bytes).
_MAX_RECORD = 64 << 20


def source_reference(model_path, report_dir) -> str:
    """The model file as a report records it: its path relative to the report directory.

    Symbolic links are resolved first and ``/`` separates the parts, so one file
    gives one text from any working directory, and the same text in any clone.

    Examples
    --------
    >>> source_reference("/srv/models/paper.toml", "/srv/reports/paper")
    '../../models/paper.toml'
    """
    model, report = os.path.realpath(model_path), os.path.realpath(report_dir)
    try:
        return Path(os.path.relpath(model, report)).as_posix()
    except ValueError:                              # another drive (Windows)
        return Path(model).as_posix()


def _read_small_regular(path: Path, limit: int):
    """Bytes of a regular file of at most ``limit`` bytes, else None (never blocks)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        with os.fdopen(os.dup(fd), "rb") as fh:
            return fh.read(limit + 1)
    except OSError:
        return None
    finally:
        os.close(fd)


def recorded_source(report_dir, stem):
    """What an existing report directory says it was made from.

    Returns
    -------
    tuple (bool, str or None)
        Whether ``<report_dir>/<stem>.json`` is a readable record, and its
        :data:`SOURCE_KEY` (the model file relative to ``report_dir``), or None
        for a report not made from a model file (``symrg reproduce``).
    """
    data = _read_small_regular(Path(report_dir) / f"{stem}.json", _MAX_RECORD)
    try:
        record = json.loads(data) if data is not None else None
    except ValueError:
        record = None
    if not isinstance(record, dict):
        return False, None
    reference = record.get(SOURCE_KEY)
    return True, reference if isinstance(reference, str) else None


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def check_report_source(outdir, stem: str, source=None, *, force: bool = False) -> None:
    """Refuse to replace a report that was made from another model file.

    ``<outdir>/<stem>/`` may be replaced when it does not exist, when it records the
    same model file as ``source`` (the same path relative to it, or the same file) or
    a model file that no longer exists (with a one-line warning: a moved report),
    when neither it nor the new report comes from a model file (``source`` None:
    ``symrg reproduce``), or when ``force`` is true.

    Parameters
    ----------
    outdir : path-like
    stem : str
        Report name (:func:`report_stem`).
    source : path-like, optional
        The model file the new report is made from.
    force : bool
        Replace whatever report is there (the ``--force`` option).

    Raises
    ------
    ReportError
        One line naming the report directory, both origins and the ways out
        (``-o DIR``, ``--force``).
    """
    target = Path(outdir) / stem
    if force or not target.is_dir() or target.is_symlink():
        return
    has_record, old = recorded_source(target, stem)
    new = None if source is None else source_reference(source, target)
    if old == new and (has_record or new is None):
        return
    if old is not None and new is not None and _same_file(target / old, target / new):
        return
    if old is not None and new is not None and not (target / old).exists():
        _warn_once(f"replacing the report {_shown(target)}: the model file it records, "
                   f"{_shown(_display(target, old))}, no longer exists (report moved or "
                   f"model deleted)")
        return
    if not has_record and new is not None and not any(os.scandir(target)):
        return                                      # an empty directory holds nothing
    if old is not None:
        was = f"was made from the model file {_shown(_display(target, old))}"
    elif has_record:
        was = ("was not made from a model file (symrg reproduce, a scan report, or an "
               "older symrg)")
    else:
        was = f"is not a symrg report (no {stem}.json record)"
    this = (f"the model file {_shown(source)}" if source is not None
            else "symrg reproduce or a scan")
    way = ("choose another output directory with -o DIR, or replace it with --force"
           if source is not None else "choose another output directory with -o DIR, or move "
           "it away")
    raise ReportError(f"report directory {_shown(target)} {was}; not replacing it by the "
                      f"report of {this}: {way}")


_WARNED = set()


def _warn_once(message: str):
    if message not in _WARNED:
        _WARNED.add(message)
        print(f"symrg: warning: {message}", file=sys.stderr)


def _display(target: Path, reference: str) -> str:
    """A recorded model file as a path from the working directory."""
    full = os.path.normpath(os.path.join(os.path.realpath(target), reference))
    with contextlib.suppress(ValueError):
        return os.path.relpath(full)
    return full


def ensure_directory(outdir) -> Path:
    """Create ``outdir`` if needed and check that files can be created in it.

    Raises
    ------
    ReportError
        When the directory cannot be created or written.
    """
    path = Path(outdir)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ReportError(f"output directory {_shown(path)} is not writable: cannot create "
                          f"it ({exc.strerror or exc}); choose another output directory") from None
    _probe(path, "output directory")
    return path


def _file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _replace_from_temp(path: Path, fill) -> Path:
    """Write through ``fill(fileobj)`` to a temp file next to ``path``, then replace."""
    path = Path(path)
    if path.exists() and not path.is_file():
        raise ReportError(f"cannot write {_shown(path)}: it is {_kind(os.stat(path).st_mode)}; "
                          f"symrg writes only regular files")
    try:
        remove_debris(path.parent)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f"{TMP_PREFIX}{os.getpid()}-",
                                   suffix=".tmp")
    except OSError as exc:
        raise ReportError(f"cannot write {str(path)!r}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fill(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _file_mode())
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError):
            raise ReportError(f"cannot write {str(path)!r}: {exc.strerror or exc}") from None
        raise
    return path


def atomic_write_text(path, text: str, encoding: str = "utf-8") -> Path:
    """Replace ``path`` by a file containing ``text``, atomically.

    Raises
    ------
    ReportError
        When the file cannot be written (the previous file, if any, is left intact).
    """
    data = text.encode(encoding)
    return _replace_from_temp(Path(path), lambda fh: fh.write(data))


def atomic_copy(source, path) -> Path:
    """Replace ``path`` by a copy of ``source`` (which may be on another file system)."""
    def fill(fh):
        with open(source, "rb") as src:
            shutil.copyfileobj(src, fh)
    return _replace_from_temp(Path(path), fill)


# -- report directories: build aside, swap in whole -----------------------------------
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _renameat2():
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        function = libc.renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                         ctypes.c_uint]
    return function


_EXCHANGE = _renameat2()


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two existing paths (Linux renameat2); False when unsupported."""
    if _EXCHANGE is None:
        return False
    if _EXCHANGE(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP if hasattr(errno, "ENOTSUP") else 0):
        return False
    raise OSError(code, os.strerror(code), os.fspath(b))


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove(path: Path):
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def remove_debris(directory, now=None) -> list:
    """Remove this module's leftovers of killed runs in ``directory``.

    A name is ours when it matches ``.symrg-(build|old|tmp)-<pid>-...``; it is removed
    when that pid is no longer running or the entry is older than :data:`DEBRIS_AGE`.
    A report directory left missing by a kill between the two renames of the
    fallback swap is first restored from its ``.symrg-old-`` copy.

    Returns
    -------
    list of pathlib.Path
        The entries removed.
    """
    directory = Path(directory)
    now = time.time() if now is None else now
    removed = []
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return removed
    for entry in entries:
        match = _DEBRIS.match(entry.name)
        if not match:
            continue
        try:
            age = now - entry.stat(follow_symlinks=False).st_mtime
        except OSError:
            continue
        if _pid_alive(int(match.group(2))) and age < DEBRIS_AGE:
            continue
        path = Path(entry.path)
        if match.group(1) == "old":
            stem = match.group(3).rsplit("-", 1)[0]
            target = directory / stem
            if _STEM_CHARS.match(stem) and not target.exists():
                with contextlib.suppress(OSError):
                    os.rename(path, target)
                    continue
        _remove(path)
        removed.append(path)
    return removed


def _swap_in(build: Path, target: Path):
    """Make ``build`` the directory ``target``; the old ``target`` is removed."""
    if not target.exists():
        os.rename(build, target)
        return
    if _exchange(build, target):
        shutil.rmtree(build, ignore_errors=True)      # now holds the old report
        return
    old = target.parent / f"{OLD_PREFIX}{os.getpid()}-{target.name}-{os.urandom(4).hex()}"
    os.rename(target, old)
    os.rename(build, target)
    shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def report_directory(outdir, stem: str, source=None, *, force: bool = False):
    """Build a report in a fresh directory, then swap it in as ``<outdir>/<stem>``.

    ``source`` and ``force`` are checked by :func:`check_report_source` first (a
    report made from another model file is not replaced), and again just before
    the swap.

    Yields the build directory (inside ``outdir``); write every file of the report
    there (the report helper writes ``figures/`` into it).  On normal exit the build
    directory replaces ``<outdir>/<stem>`` as a whole; on any exception (signals
    turned into exceptions included) it is removed and the old report is untouched.

    Raises
    ------
    ReportError
        Bad stem, unwritable directory, a report of another model file in the way,
        or a failed swap.
    """
    if not _STEM_CHARS.match(stem):
        raise ReportError(f"report name {stem!r}: expected 1-80 characters of [A-Za-z0-9_-]")
    out = check_output_directory(outdir, stem)
    check_report_source(out, stem, source, force=force)
    remove_debris(out)
    try:
        build = Path(tempfile.mkdtemp(dir=out, prefix=f"{BUILD_PREFIX}{os.getpid()}-{stem}-"))
    except OSError as exc:
        raise ReportError(f"cannot create a build directory in {_shown(out)}: "
                          f"{exc.strerror or exc}") from None
    try:
        yield build
        os.chmod(build, 0o777 & ~_umask())
        check_report_source(out, stem, source, force=force)
        _swap_in(build, out / stem)
    except OSError as exc:
        raise ReportError(f"cannot write the report {_shown(out / stem)}: "
                          f"{exc.strerror or exc}") from None
    finally:
        if build.exists():
            shutil.rmtree(build, ignore_errors=True)


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask
