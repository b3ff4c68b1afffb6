"""The one decoder (bladiscrape.core.decode): declared charsets, wrong declarations, XML."""

from __future__ import annotations

import pytest

from bladiscrape.core.decode import MIXED, decode, decode_html, decode_xml
from bladiscrape.core.text import header, media_type
from bladiscrape.extract import extract

UTF8_HEADER = {"Content-Type": "text/html; charset=utf-8"}
TEXT = "Grève : l’ANRT a tranché en août, 300 millions d’€"


def _page(charset_meta: str = "") -> str:
    meta = f'<meta charset="{charset_meta}">' if charset_meta else ""
    para = "<p>Les opérateurs marocains ont été sommés de rétablir les appels gratuits ; l’ANRT a tranché en août.</p>"
    return (
        f"<!DOCTYPE html><html><head>{meta}<title>La grève des opérateurs</title></head><body>"
        f"<article><h1>La grève des opérateurs : l’ANRT tranche</h1>{para * 4}</article></body></html>"
    )


# -- declarations that are right: decoded as declared ---------------------------------


@pytest.mark.parametrize("headers,meta,encoding", [
    (UTF8_HEADER, "", "utf-8"),
    (None, "utf-8", "utf-8"),
    (None, "", "utf-8"),
    ({"content-type": "text/html; charset=iso-8859-1"}, "", "cp1252"),
    (None, "windows-1252", "cp1252"),
])
def test_right_declarations(headers, meta, encoding):
    html = _page(meta).replace("<title>", f"<title>{TEXT}").encode("utf-8" if encoding == "utf-8" else "cp1252")
    text, got, utf8 = decode_html(html, headers)
    assert got == encoding and TEXT in text
    assert (utf8 is html) if encoding == "utf-8" else utf8 is None


def test_a_working_declaration_is_never_second_guessed():
    # UTF-8 bytes declared latin-1 decode strictly as windows-1252: taken as declared.
    text, encoding = decode("grève".encode(), {"content-type": "text/html; charset=iso-8859-1"})
    assert (text, encoding) == ("grÃ¨ve", "cp1252")


# -- wrong declarations ------------------------------------------------------------


@pytest.mark.parametrize("headers,meta", [(UTF8_HEADER, ""), (None, "utf-8"), (UTF8_HEADER, "utf-8")])
def test_declared_utf8_but_cp1252_bytes(headers, meta):
    html = _page(meta).encode("cp1252")
    assert b"\xe9" in html and b"\x92" in html  # "é", "’"
    text, encoding = decode(html, headers)
    assert encoding == "cp1252" and "\ufffd" not in text and "l’ANRT" in text
    result = extract(html, "https://www.bladi.net/greve-operateurs,44571.html", headers=headers)
    article = result.article
    assert article.title == "La grève des opérateurs : l’ANRT tranche"
    assert "\ufffd" not in article.title + article.body and "été sommés" in article.body


def test_utf8_with_cp1252_characters_inserted():
    data = "Méditel – ".encode() + b"l\x92ANRT \x93gratuit\x94"
    text, encoding, utf8 = decode_html(data, UTF8_HEADER)
    assert text == "Méditel – l’ANRT “gratuit”" and encoding == MIXED
    assert utf8 == text.encode("utf-8")


def test_declared_cp1252_but_utf8_bytes_with_undefined_cp1252_bytes():
    # "Á" is C3 81 in UTF-8; 0x81 is undefined in windows-1252, so latin-1 fails strictly.
    text, encoding = decode("Ávila, février".encode(), {"content-type": "text/html; charset=iso-8859-1"})
    assert (text, encoding) == ("Ávila, février", "utf-8")


def test_bytes_no_candidate_decodes_lose_only_the_undefined_bytes():
    text, encoding = decode(b"caf\xe9 \x81 cr\xe8me", UTF8_HEADER)
    assert (text, encoding) == ("café \ufffd crème", "cp1252")


# -- XML: the declaration is authoritative ---------------------------------------------

RSS = "<rss><channel><item><title>Août, février : l’ANRT</title></item></channel></rss>"


@pytest.mark.parametrize("declaration,encode,headers,encoding", [
    ('<?xml version="1.0" encoding="utf-8"?>', "utf-8", {"Content-Type": "text/xml; charset=iso-8859-1"}, "utf-8"),
    ('<?xml version="1.0" encoding="iso-8859-1"?>', "cp1252", {"Content-Type": "text/xml; charset=utf-8"}, "cp1252"),
    ("", "cp1252", {"Content-Type": "application/rss+xml; charset=iso-8859-1"}, "cp1252"),
    ("", "utf-8", None, "utf-8"),
    ("", "cp1252", None, "cp1252"),  # undeclared, not UTF-8
    ('<?xml version="1.0" encoding="utf-8"?>', "cp1252", UTF8_HEADER, "cp1252"),  # wrong declaration
])
def test_xml_encodings(declaration, encode, headers, encoding):
    text, got, _ = decode_xml((declaration + RSS).encode(encode), headers)
    assert got == encoding and "Août, février : l’ANRT" in text


def test_xml_byte_order_mark_wins():
    data = b"\xef\xbb\xbf" + ('<?xml version="1.0" encoding="iso-8859-1"?>' + RSS).encode()
    text, encoding, _ = decode_xml(data)
    assert encoding == "utf-8" and text.startswith("<?xml") and "Août" in text


# -- the one header lookup --------------------------------------------------------------


@pytest.mark.parametrize("headers", [
    {"Content-Type": "Text/HTML; charset=ISO-8859-1"},
    {b"content-type": [b"Text/HTML; charset=ISO-8859-1", b"text/plain"]},  # Scrapy's form
    [("Date", "x"), ("CONTENT-TYPE", "Text/HTML; charset=ISO-8859-1"), ("Content-Type", "text/plain")],  # WARC pairs
])
def test_header_lookup(headers):
    assert header(headers, "content-type") == "Text/HTML; charset=ISO-8859-1"
    assert media_type(headers) == "text/html" and header(headers, "etag") is None
    assert decode("f\xe9vrier".encode("latin-1"), headers) == ("février", "cp1252")
