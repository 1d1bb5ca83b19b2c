"""Atomic file writes and safe file names for reports.

A report is replaced file by file with ``os.replace`` from a temporary file in the
same directory, so a reader (or an interrupted run) sees either the old or the new
complete file, never a truncated one.
"""

import os
import re
import shutil
import tempfile
import unicodedata
from pathlib import Path

from ..errors import ReportError

__all__ = ["slugify", "ensure_directory", "atomic_write_text", "atomic_copy"]

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
        fd, probe = tempfile.mkstemp(dir=path, prefix=".symrg-probe-")
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise ReportError(f"output directory {str(path)!r} is not writable "
                          f"({exc.strerror or exc}); choose another output directory") from None
    return path


def _file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _replace_from_temp(path: Path, fill) -> Path:
    """Write through ``fill(fileobj)`` to a temp file next to ``path``, then replace."""
    path = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
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
