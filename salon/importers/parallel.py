"""Reading an export in a second process while this one writes.

Parsing the file and converting its bodies is about half of an import's work, writing the rows
the other half; on two cores they overlap. The reader process runs the format's own reader
(salon.importers.reader) and sends its items in chunks through a pipe, whose small buffer keeps
it only a little ahead of the writer: memory stays flat however large the file. At the end it sends the
warnings it collected, or the ImportFailed that stopped it: the writer re-raises that after
writing everything read before it, exactly as when reading in this process. Nothing in the
reader process touches the database.
"""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from salon.importers.records import ImportFailed, Item

#: Items per message.
CHUNK = 1000
#: Smaller files are read in this process: starting the reader costs about a second.
MIN_BYTES = 16 * 1024 * 1024


def worth_it(path: str | Path) -> bool:
    """Whether a file is large enough for a reader process to pay off."""
    try:
        return Path(path).stat().st_size >= MIN_BYTES
    except OSError:
        return False


def produce(path: str, fmt: str, options: dict[str, Any], out: IO[bytes]) -> None:
    """The reader process: pickled ("items", [...]) messages, then ("end", warnings, error)."""
    from salon.importers import reader

    warnings: list[str] = []
    chunk: list[Item] = []
    error: tuple[str, int | None] | None = None
    try:
        _, items = reader(path, fmt, **options)
        for item in items(warnings):
            chunk.append(item)
            if len(chunk) >= CHUNK:
                pickle.dump(("items", chunk), out, protocol=pickle.HIGHEST_PROTOCOL)
                chunk = []
    except ImportFailed as exc:
        error = (str(exc), exc.line)
    except Exception as exc:  # a bug in a reader: reported by the writer, as in-process it would raise
        error = (f"the file could not be read: {exc!r}", None)
    pickle.dump(("items", chunk), out, protocol=pickle.HIGHEST_PROTOCOL)
    pickle.dump(("end", warnings, error), out, protocol=pickle.HIGHEST_PROTOCOL)
    out.flush()


def _failed(text: str, line: int | None) -> ImportFailed:
    failed = ImportFailed(text)  # the text already names the line
    failed.line = line
    return failed


def read_in_parallel(
    path: str | Path, fmt: str, options: dict[str, Any], warnings: list[str]
) -> Iterator[Item]:
    """The items of the export, read by a second process; its warnings are added to ``warnings``
    at the end, and its ImportFailed is raised here after the items before it.

    The reader is ``python -m salon.importers.parallel`` (a fresh interpreter: it inherits no
    database connection, and needs nothing from the calling program's main module); its items
    come back pickled through a pipe, whose buffer keeps it only a little ahead of the writer.
    """
    args = [sys.executable, "-m", "salon.importers.parallel", str(path), fmt, json.dumps(options)]
    reader = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE)
    assert reader.stdout is not None
    try:
        while True:
            try:
                message = pickle.load(reader.stdout)  # only our own child writes to this pipe
            except EOFError:
                raise ImportFailed(
                    f"the reading process stopped unexpectedly (exit code {reader.wait()})"
                ) from None
            if message[0] == "items":
                yield from message[1]
                continue
            warnings.extend(message[1])
            if message[2] is not None:
                raise _failed(*message[2])
            return
    finally:
        if reader.poll() is None:  # the writer stopped first (an error, Ctrl-C): the rest is not needed
            reader.kill()
        reader.stdout.close()
        reader.wait()


if __name__ == "__main__":
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the writer's to handle: it stops us
    produce(sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), sys.stdout.buffer)
