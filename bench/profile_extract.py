#!/usr/bin/env python
"""Profile extraction, and time it on a large synthetic page.

Real Bladi.net pages weigh ~80-150 KB, most of it navigation, sidebars,
footers and inline scripts; the replica's pages are small (4-12 KB). The
large page here is a replica article padded with that furniture (a 150-link
header menu, 40 dated sidebar teasers, a 100-link footer, inline scripts and
styles), to check that extraction cost does not grow with the furniture.

Usage:
    python bench/profile_extract.py time [--pages 2000] [--large-pages 300] [--trafilatura]
    python bench/profile_extract.py profile [--large] [--pages 600] [--sort tottime]
    python bench/profile_extract.py dump FILE   # JSON of every extraction, to diff runs
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import json
import os
import pstats
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bladiscrape.extract import extract  # noqa: E402

SITE_DIR = ROOT / "bladiscrape" / "replica" / "site"
ORIGIN = "https://www.bladi.net/"
BASE_PAGE = SITE_DIR / "greve-like-operateurs-maroc,44521.html"
BASE_URL = ORIGIN + BASE_PAGE.name

_WORDS = (
    "Maroc Rabat Casablanca MRE gouvernement ministre économie société sport football Lions Atlas "
    "Tanger Marrakech Fès budget réforme justice santé éducation tourisme Mondial 2030 stade été "
    "prix billets avion diaspora Espagne France Belgique Pays-Bas douane Marhaba visa permis banque"
).split()
_MONTHS = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split()


def _phrase(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(n))


def _slug(rng: random.Random) -> str:
    return "-".join(rng.choice(_WORDS).lower() for _ in range(4)) + f",{rng.randint(10000, 120000)}.html"


def large_page(seed: int = 0, base: Path = BASE_PAGE) -> bytes:
    """A replica article padded with realistic site furniture (~100 KB)."""
    rng = random.Random(seed)
    html = base.read_bytes().decode("utf-8", "replace")
    style = "<style>" + "".join(
        f".c{i} {{ margin: {i}px; padding: 0 {i % 7}px; color: #{i * 99991 % 0xFFFFFF:06x}; }}\n" for i in range(200)
    ) + "</style>"
    script = "<script>" + "".join(
        f"window.dl{i} = window.dl{i} || []; function f{i}(a) {{ return a + {i} > 3 && a < {i * 2}; }}\n"
        for i in range(150)
    ) + "</script>"
    html = html.replace("</head>", style + script + '<script src="/js/app.js"></script></head>', 1)
    menu = "".join(
        f'<li class="menu-item"><a href="{_slug(rng).split(",")[0]}.html">{_phrase(rng, 2)}</a>'
        + ("<ul class=\"sub-menu\">" if i % 10 == 0 else "")
        + ("</ul>" if i % 10 == 9 else "")
        + "</li>"
        for i in range(150)
    )
    html = html.replace(
        '<ul class="menu-rubriques">',
        f'<nav class="main-nav"><ul class="navbar">{menu}</ul></nav><ul class="menu-rubriques">', 1
    )
    teasers = "".join(
        f'<div class="teaser mbm"><a href="{_slug(rng)}"><img src="IMG/arton{i}.jpg" alt="" /></a>'
        f'<h3 class="mbs"><a href="{_slug(rng)}">{_phrase(rng, 9)}</a></h3>'
        f'<span class="accueildate">{rng.randint(1, 28)} {rng.choice(_MONTHS)} 20{rng.randint(10, 24)}</span>'
        f"<p>{_phrase(rng, 30)}</p></div>"
        for i in range(40)
    )
    html = html.replace('<div class="madroite pas">',
                        f'<div class="madroite pas"><div class="bloc-actus">{teasers}</div>', 1)
    ads = '<div class="pub"><script>googletag.cmd.push(function() { googletag.display("div-gpt"); });</script></div>'
    html = html.replace('<div class="contenu-article">', ads + '<div class="contenu-article">', 1)
    footer = "".join(
        f'<li><a href="{_slug(rng).split(",")[0]}.html">{_phrase(rng, 3)}</a></li>' for _ in range(100)
    )
    html = html.replace(
        '<div class="footer ">', f'<div class="footer "><div class="footer-links"><ul>{footer}</ul></div>', 1
    )
    html = html.replace("</body>", script.replace("dl", "ga") + "</body>", 1)
    return html.encode("utf-8")


def replica_pages() -> list[tuple[bytes, str]]:
    pages = []
    for path in sorted(SITE_DIR.rglob("*.html")):
        body = path.read_bytes()
        url = ORIGIN + path.relative_to(SITE_DIR).as_posix()
        if extract(body, url).kind == "article":
            pages.append((body, url))
    return pages


def rate(fn, pages, count) -> float:
    fn(*pages[0])
    start = time.perf_counter()
    for i in range(count):
        fn(*pages[i % len(pages)])
    return count / (time.perf_counter() - start)


def run_bladiscrape(body, url):
    return extract(body, url)


def run_trafilatura(body, url):
    import trafilatura

    return trafilatura.bare_extraction(body, url=url, with_metadata=True)


def cmd_time(args) -> None:
    large = [(large_page(seed), BASE_URL) for seed in range(5)]
    print(f"large page: {len(large[0][0]) // 1024} KB")
    runs = [("replica", replica_pages(), args.pages), ("large", large, args.large_pages)]
    for name, pages, count in runs:
        line = f"{name:8s} bladiscrape {rate(run_bladiscrape, pages, count):8.1f} pages/s"
        if args.trafilatura:
            line += f"   trafilatura {rate(run_trafilatura, pages, max(count // 4, 50)):7.1f} pages/s"
        print(line, flush=True)


def cmd_profile(args) -> None:
    pages = [(large_page(seed), BASE_URL) for seed in range(5)] if args.large else replica_pages()
    profiler = cProfile.Profile()
    profiler.enable()
    for i in range(args.pages):
        extract(*pages[i % len(pages)])
    profiler.disable()
    pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.limit)


def _inputs():
    """Every page the tests and benches use, plus the large pages: (name, body, url, headers, site)."""
    for path in sorted(SITE_DIR.rglob("*.html")):
        yield str(path.relative_to(ROOT)), path.read_bytes(), ORIGIN + path.relative_to(SITE_DIR).as_posix(), None, None
    for case in sorted((ROOT / "tests" / "fixtures" / "extract").iterdir()):
        meta = json.loads((case / "inputs" / "meta.json").read_text(encoding="utf-8"))
        body = (case / "inputs" / "page.html").read_bytes()
        yield case.name, body, meta["url"], meta.get("headers") or None, meta.get("site")
    for path in sorted((ROOT / "tests" / "pages").rglob("*")):
        if path.is_file():
            for url in (ORIGIN + "x,1.html", "https://example.org/a/b.html"):
                yield f"{path.relative_to(ROOT)} {url}", path.read_bytes(), url, None, None
    for seed in range(5):
        yield f"large {seed}", large_page(seed), BASE_URL, None, None
    for path in sorted(SITE_DIR.glob("*.html")):  # furniture around every replica page
        yield f"padded {path.name}", large_page(0, path), ORIGIN + path.name, None, None


def cmd_dump(args) -> None:
    out = {}
    for name, body, url, headers, site in _inputs():
        out[name] = dataclasses.asdict(extract(body, url, headers=headers, site=site))
    Path(args.file).write_text(json.dumps(out, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    print(f"{len(out)} extractions -> {args.file}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("time")
    p.add_argument("--pages", type=int, default=2000)
    p.add_argument("--large-pages", type=int, default=300)
    p.add_argument("--trafilatura", action="store_true")
    p = sub.add_parser("profile")
    p.add_argument("--large", action="store_true")
    p.add_argument("--pages", type=int, default=600)
    p.add_argument("--sort", default="tottime")
    p.add_argument("--limit", type=int, default=40)
    p = sub.add_parser("dump")
    p.add_argument("file")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as bench/extract.py
    {"time": cmd_time, "profile": cmd_profile, "dump": cmd_dump}[args.cmd](args)


if __name__ == "__main__":
    main()
