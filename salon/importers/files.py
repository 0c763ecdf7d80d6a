"""Opening an export: gzip and zip wrappers are opened transparently, one file per archive."""

from __future__ import annotations

import gzip
import io
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from salon.importers.records import ImportFailed

GZIP_MAGIC = b"\x1f\x8b"
ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP = b"PK\x05\x06"


@contextmanager
def open_export(path: str | Path) -> Iterator[BinaryIO]:
    """The export's bytes as a stream, unwrapped from gzip or a zip holding exactly one file."""
    path = Path(path)
    if not path.is_file():
        raise ImportFailed(f"{path} is not a file")
    with path.open("rb") as raw:
        magic = raw.read(4)
        raw.seek(0)
        if magic.startswith(GZIP_MAGIC):
            with gzip.open(raw) as unzipped:
                yield _checked_gzip(unzipped)  # type: ignore[arg-type]
            return
        if magic in (ZIP_MAGIC, EMPTY_ZIP):
            with _zip_member(raw) as member:
                yield member
            return
        yield raw


def _checked_gzip(stream: BinaryIO) -> BinaryIO:
    try:
        stream.peek(1)  # type: ignore[attr-defined]
    except (OSError, EOFError) as exc:
        raise ImportFailed(f"the gzip file is broken: {exc}") from exc
    return stream


@contextmanager
def _zip_member(raw: BinaryIO) -> Iterator[BinaryIO]:
    try:
        archive = zipfile.ZipFile(raw)
    except zipfile.BadZipFile as exc:
        raise ImportFailed(f"the zip archive is broken: {exc}") from exc
    with archive:
        files = [info for info in archive.infolist() if not info.is_dir()]
        if not files:
            raise ImportFailed("the zip archive is empty: it holds no export file")
        if len(files) > 1:
            names = ", ".join(info.filename for info in files[:5])
            raise ImportFailed(
                f"the zip archive holds {len(files)} files ({names}): unpack it and import one"
            )
        with archive.open(files[0]) as member:
            yield member  # type: ignore[misc]


@contextmanager
def as_local_file(path: str | Path) -> Iterator[Path]:
    """A path to the export's plain bytes (SQLite needs a file): the file itself, or an unpacked copy."""
    with open_export(path) as stream:
        if isinstance(stream, io.BufferedReader) and getattr(stream, "name", None) == str(path):
            yield Path(path)
            return
        with tempfile.NamedTemporaryFile(suffix=".db") as copy:
            shutil.copyfileobj(stream, copy)
            copy.flush()
            yield Path(copy.name)
