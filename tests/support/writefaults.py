"""Write failures injected into a crawl process (``Forker.start(..., setup=("support.writefaults:...", n))``).

- ``archive_pages(n)``: the archive may grow by ``n`` pages only (SQLite's
  ``max_page_count``, as a full disk looks to SQLite: "database or disk is full");
- ``warc_writes(n)``: after ``n`` responses, writing a WARC file fails with ENOSPC
  half-way through a record, as on a full disk.

Both patch the crawl's own classes in the forked child only.
"""

from __future__ import annotations

import errno

from bladiscrape.provenance.writer import WarcWriter
from bladiscrape.store.archive import Archive


def archive_pages(n: int) -> None:
    start_run = Archive.start_run

    def limited(self, *args, **kwargs):  # once the schema exists: the limit is on the crawl's rows
        run_id = start_run(self, *args, **kwargs)
        pages = self.db.execute("pragma page_count").fetchone()[0]
        self.db.execute(f"pragma max_page_count = {pages + n}")
        return run_id

    Archive.start_run = limited  # type: ignore[method-assign]


def warc_writes(n: int) -> None:
    write = WarcWriter.write
    done = [0]

    def failing(self, *args, **kwargs):
        if done[0] >= n:
            fh, _ = self._current()
            fh.write(b"\x1f\x8b\x08\x00")  # the start of a gzip member, and no more: the disk is full
            fh.flush()
            raise OSError(errno.ENOSPC, "No space left on device")
        done[0] += 1
        return write(self, *args, **kwargs)

    WarcWriter.write = failing  # type: ignore[method-assign]
