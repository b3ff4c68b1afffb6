"""Store: archive rows into SQLite with sqlite-utils; the only package that opens SQLite files."""

from bladiscrape.store.archive import Archive, WriteFailed, load_known, load_listing_coverage, open_archive
from bladiscrape.store.known import ArchivedArticles
from bladiscrape.store.readonly import archive_origins, article_count, check_archive, checkpoint_wal, crawled_sites
from bladiscrape.store.schema import ArchiveError, check_path, readonly_uri

__all__ = [
    "Archive", "ArchiveError", "ArchivedArticles", "archive_origins", "article_count", "check_archive", "check_path",
    "checkpoint_wal", "crawled_sites", "load_known", "load_listing_coverage", "open_archive", "readonly_uri",
    "WriteFailed",
]
