"""Content coding removed as Scrapy does, except that a body that does not decode is a page, not an error.

Scrapy's ``HttpCompressionMiddleware`` raises when a body declared
``Content-Encoding: gzip`` (or deflate, br, zstd) is not: the request then ends
in the errback as an ``error``. Re-reading the same response from a WARC gives
a response whose body is the bytes as received. So that the crawl and
``reparse`` call it the same thing, this middleware passes such a response on
unchanged, marked ``request.meta["bladi_undecodable"]``; the spider hands the
mark to ``process.PageResponse``, and ``process.page_problem`` skips the page
as ``not_html`` (the WARC reader marks the same records ``undecodable``).

A body that decompresses beyond DOWNLOAD_MAXSIZE is still refused by Scrapy
(``IgnoreRequest``): that is a size limit, not a decoding error.
"""

from __future__ import annotations

import gzip
import logging
import struct
import zlib

from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware

# The very modules Scrapy's decoders use (brotli or brotlicffi; zstd or its
# backport), so the classes caught below are the ones they raise.
from scrapy.utils._compression import brotli, zstd

logger = logging.getLogger(__name__)

#: What Scrapy's decoders raise on a body that is not in its declared coding:
#: gzip (scrapy.utils.gz.gunzip, via gzip.GzipFile): BadGzipFile (an OSError), EOFError,
#: struct.error, and zlib.error from the deflate stream inside; deflate (_inflate):
#: zlib.error; br (_unbrotli): brotli.error; zstd (_unzstd): zstd.ZstdError.
DECODING_ERRORS = (gzip.BadGzipFile, EOFError, struct.error, zlib.error, brotli.error, zstd.ZstdError)


class TolerantHttpCompressionMiddleware(HttpCompressionMiddleware):
    """Replaces Scrapy's (590): same decoding, an undecodable body marked instead of raised."""

    def process_response(self, request, response, spider=None):
        try:
            return super().process_response(request, response)
        except DECODING_ERRORS as e:
            coding = b", ".join(response.headers.getlist("Content-Encoding")).decode("latin-1")
            logger.info("Body of %s does not decode as Content-Encoding %s (%s: %s); passed on as received",
                        response.url, coding, type(e).__name__, e)
            if self.stats:
                self.stats.inc_value("bladi/undecodable")
            request.meta["bladi_undecodable"] = True
            return response
