"""Provenance: WARC files; the writer, the streaming reader, and re-parsing an archive from them."""
