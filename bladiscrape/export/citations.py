"""Each article as a newspaper-article reference: RIS, BibTeX or CSL-JSON, as Zotero and others import them.

Title, publication (Bladi.net), date, URL, author where known, language
``fr``, the access date (the fetch), and as the archive location the capture
the text was read from (WARC file, offset and record id), so a reader of the
citation can find the very bytes that were quoted.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO

FORMATS = ("ris", "bibtex", "csljson")
PUBLICATION = "Bladi.net"
ARCHIVE = "bladiscrape WARC archive"


def archive_location(article: dict) -> str | None:
    """``warcs/x.warc.gz @ 1234 <urn:uuid:...>``, or the record id alone, or None without a capture."""
    capture = article.get("capture") or {}
    if not capture.get("warc_record_id"):
        return None
    where = f"{capture['warc_file']} @ {capture['warc_offset']} " if capture.get("warc_file") else ""
    return f"{where}{capture['warc_record_id']}"


def _day(value: str | None) -> list[int] | None:
    if not value or len(value) < 10:
        return None
    return [int(value[0:4]), int(value[5:7]), int(value[8:10])]


def _note(article: dict) -> str | None:
    return article.get("origin_note") or None


def csl(article: dict) -> dict:
    item = {"id": f"bladi-{article['id']}", "type": "article-newspaper", "title": article["title"],
            "container-title": PUBLICATION, "URL": article["url"], "language": "fr", "archive": ARCHIVE}
    issued, accessed = _day(article.get("published_at")), _day(_fetched(article))
    if issued:
        item["issued"] = {"date-parts": [issued]}
    if accessed:
        item["accessed"] = {"date-parts": [accessed]}
    if article.get("author"):
        item["author"] = [{"literal": article["author"]}]
    if article.get("section"):
        item["section"] = article["section"]
    if archive_location(article):
        item["archive_location"] = archive_location(article)
    if _note(article):
        item["note"] = _note(article)
    return item


def _fetched(article: dict) -> str | None:
    return (article.get("capture") or {}).get("captured_at") or article.get("fetched_at")


def ris(article: dict) -> str:
    lines = [("TY", "NEWS"), ("TI", article["title"]), ("T2", PUBLICATION)]
    if article.get("author"):
        lines.append(("AU", article["author"]))
    day = _day(article.get("published_at"))
    if day:
        lines += [("PY", str(day[0])), ("DA", f"{day[0]:04d}/{day[1]:02d}/{day[2]:02d}")]
    lines += [("UR", article["url"]), ("LA", "fr"), ("DB", ARCHIVE)]
    if article.get("section"):
        lines.append(("SE", article["section"]))
    accessed = _day(_fetched(article))
    if accessed:
        lines.append(("Y2", f"{accessed[0]:04d}/{accessed[1]:02d}/{accessed[2]:02d}"))
    if archive_location(article):
        lines.append(("AN", archive_location(article)))
    if _note(article):
        lines.append(("N1", _note(article)))
    return "".join(f"{tag}  - {value}\n" for tag, value in lines) + "ER  - \n"


def _bib_escape(text: str) -> str:
    return text.replace("\\", "\\textbackslash{}").replace("{", "\\{").replace("}", "\\}").replace("%", "\\%") \
        .replace("&", "\\&").replace("#", "\\#").replace("_", "\\_").replace("$", "\\$")


def bibtex(article: dict) -> str:
    # biblatex's @article with a journaltitle is a newspaper article to Zotero and Better BibTeX.
    fields = [("title", article["title"]), ("journaltitle", PUBLICATION), ("url", article["url"]),
              ("langid", "french")]
    if article.get("author"):
        fields.append(("author", article["author"]))
    if article.get("published_at"):
        fields.append(("date", article["published_at"][:10]))
    if _fetched(article):
        fields.append(("urldate", (_fetched(article) or "")[:10]))
    notes = [n for n in (archive_location(article) and f"Archived: {archive_location(article)}", _note(article)) if n]
    if notes:
        fields.append(("note", ". ".join(notes)))
    # An author in double braces is one literal name ("Bladi.net", not first and last names).
    body = ",\n".join(f"  {name} = {{{{{_bib_escape(value)}}}}}" if name == "author"
                       else f"  {name} = {{{_bib_escape(value)}}}" for name, value in fields)
    return f"@article{{bladi{article['id']},\n{body}\n}}\n"


def write(articles: Iterable[dict], fmt: str, out: TextIO) -> int:
    count = 0
    if fmt == "csljson":
        items = [csl(a) for a in articles]
        json.dump(items, out, ensure_ascii=False, indent=1)
        out.write("\n")
        return len(items)
    render = ris if fmt == "ris" else bibtex
    for article in articles:
        out.write(render(article) + "\n")
        count += 1
    return count
