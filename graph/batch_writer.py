"""Writing many named graphs into a store being built: N-Quads gathered into batches, bulk-loaded.

pyoxigraph's bulk loader is fastest on a batch of many graphs: one ``bulk_load`` of a hundred
declarations takes about a third of the time of a hundred transactional ``load`` calls, and a
``bulk_load`` per declaration is slower still (``graph/build.py`` quotes the measurements). It is
not transactional, which a store being built does not need: a failed build discards it whole.

A full disk, wherever the build writes, ends in one clear ``StoreError``:

>>> import errno
>>> with writing("graph/demo"):
...     raise OSError(errno.ENOSPC, "No space left on device")
Traceback (most recent call last):
gcmkg.errors.StoreError: no space left on device while writing graph/demo
"""

from __future__ import annotations

import errno
from contextlib import contextmanager
from typing import Iterator

import pyoxigraph as ox

from gcmkg.errors import StoreError

BATCH_BYTES = 32 * 2**20  # about 130 declarations: as fast as one bulk load of everything, in bounded memory


def write_nquads(store: ox.Store, data: bytes) -> None:
    """The one write of a batch: bulk-load N-Quads into the store."""
    store.bulk_load(data, format=ox.RdfFormat.N_QUADS)


def is_disk_full(error: OSError) -> bool:
    """Whether an error says the disk is full (RocksDB's errors carry the words, not the errno)."""
    return error.errno == errno.ENOSPC or "no space left on device" in str(error).lower()


@contextmanager
def writing(what: str) -> Iterator[None]:
    """Turn a full disk while writing ``what`` into a ``StoreError`` naming it."""
    try:
        yield
    except OSError as error:
        if is_disk_full(error):
            raise StoreError(f"no space left on device while writing {what}") from error
        raise


class BatchWriter:
    """Named graphs as N-Quads, written to ``store`` whenever ``batch_bytes`` of them have gathered.

    Call ``flush`` once after the last ``add``.
    """

    def __init__(self, store: ox.Store, batch_bytes: int = BATCH_BYTES) -> None:
        self.store = store
        self.batch_bytes = batch_bytes
        self._chunks: list[bytes] = []
        self._names: list[str] = []
        self._size = 0

    def add(self, name: str, nquads: bytes) -> None:
        """Queue the N-Quads of the graph ``name``; write the batch once it is big enough."""
        self._chunks.append(nquads)
        self._names.append(name)
        self._size += len(nquads)
        if self._size >= self.batch_bytes:
            self.flush()

    def flush(self) -> None:
        """Write what is queued."""
        if not self._chunks:
            return
        with writing(self._describe()):
            write_nquads(self.store, b"".join(self._chunks))
        self._chunks, self._names, self._size = [], [], 0

    def _describe(self) -> str:
        names = list(dict.fromkeys(self._names))  # a big graph may come in several pieces
        more = len(names) - 1
        first = f"graph/{names[0]}"
        return first if not more else f"{first} and {more} more graph{'s' if more > 1 else ''}"
