"""Bad input: a one-line error, exit code 2, and nothing written."""

import hashlib
import sqlite3
import subprocess
import sys

import pytest

from support.paths import ROOT

SEED = "https://www.bladi.net/blocage-whatsapp-viber-maroc,44096.html"


def run(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "bladiscrape", *args], capture_output=True, text=True, cwd=cwd, timeout=60
    )


def assert_one_line_error(result, *words):
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("bladiscrape: error: ")
    for word in words:
        assert word in lines[0]


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    "args, words",
    [
        (["--since", "2016-13-01"], ["--since", "YYYY-MM-DD"]),
        (["--until", "28/02/2016"], ["--until"]),
        (["--since", "2016-03-01", "--until", "2016-02-01"], ["after"]),
        (["--depth", "deep"], ["--depth"]),
        (["--depth", "-1"], ["--depth"]),
        (["--max-pages", "0"], ["--max-pages"]),
        (["--delay", "-1"], ["--delay"]),
        (["--site", "ftp://example.org"], ["--site"]),
        (["--topic", "no-such-topic.yml"], ["--topic"]),
    ],
)
def test_bad_option(tmp_path, args, words):
    db = tmp_path / "archive.db"
    result = run("crawl", "--db", str(db), *args, SEED)
    assert_one_line_error(result, *words)
    assert not db.exists()


def test_start_url_on_another_site(tmp_path):
    db = tmp_path / "archive.db"
    result = run("crawl", "--db", str(db), "https://example.com/blocage,44096.html")
    assert_one_line_error(result, "neither Bladi.net nor the --site origin")
    assert not db.exists()


def test_start_url_on_the_site_origin_is_accepted_by_validation(tmp_path):
    """A URL on --site passes validation (the crawl itself then fails: nothing listens)."""
    db = tmp_path / "archive.db"
    result = run("crawl", "--db", str(db), "--site", "http://127.0.0.1:9", "--delay", "0",
                 "http://127.0.0.1:9/x,1.html")
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith("Plan: ")  # validation passed: the crawl started
    # Nothing answered: one line, no traceback.
    assert result.stderr.strip().splitlines()[-1].startswith("bladiscrape: error: cannot reach http://127.0.0.1:9: ")
    assert "Traceback" not in result.stderr


def test_unwritable_db_location():
    result = run("crawl", "--db", "/proc/bladiscrape-test.db", SEED)
    assert_one_line_error(result, "cannot create")


def test_db_in_missing_directory(tmp_path):
    db = tmp_path / "missing" / "archive.db"
    result = run("crawl", "--db", str(db), SEED)
    assert_one_line_error(result, "does not exist")
    assert not db.parent.exists()


def test_db_that_is_not_sqlite_is_left_untouched(tmp_path):
    db = tmp_path / "notes.db"
    db.write_text("field notes, not a database\n")
    before = digest(db)
    result = run("crawl", "--db", str(db), SEED)
    assert_one_line_error(result, "not a SQLite database")
    assert digest(db) == before


def test_db_of_another_schema_is_left_untouched(tmp_path):
    db = tmp_path / "other.db"
    conn = sqlite3.connect(db)
    conn.execute("create table articles (name text)")
    conn.commit()
    conn.close()
    before = digest(db)
    result = run("crawl", "--db", str(db), SEED)
    assert_one_line_error(result, "not a bladiscrape archive")
    assert digest(db) == before
    assert not (tmp_path / "other.db-wal").exists()


def test_db_is_a_directory(tmp_path):
    result = run("crawl", "--db", str(tmp_path), SEED)
    assert_one_line_error(result, "is a directory")


def test_serve_missing_db(tmp_path):
    result = run("serve", "--db", str(tmp_path / "absent.db"))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1


def scrapy_crawl(*arguments, cwd=ROOT):
    """``scrapy crawl bladi -a ...`` from the repository root, where scrapy.cfg names the project's settings."""
    command = [sys.executable, "-m", "scrapy", "crawl", "bladi"]
    for argument in arguments:
        command += ["-a", argument]
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, timeout=60)


def assert_error_ends_scrapy(result, line):
    """Scrapy prints its banner first (LOG_LEVEL INFO); then our one line, and nothing else: no traceback."""
    assert result.returncode == 2, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1] == line
    assert result.stderr.count("bladiscrape: error: ") == 1


def test_a_misspelt_spider_argument_is_refused(tmp_path):
    db = tmp_path / "archive.db"
    result = scrapy_crawl("dpeth=3", f"db={db}")
    assert_error_ends_scrapy(result, "bladiscrape: error: unknown option 'dpeth'; did you mean 'depth'?")
    assert not db.exists()


def test_a_bad_spider_argument_value_is_one_line(tmp_path):
    db = tmp_path / "archive.db"
    result = scrapy_crawl("depth=deep", f"db={db}", f"urls={SEED}")
    assert_error_ends_scrapy(result, "bladiscrape: error: --depth 'deep' is not a whole number")
    assert not db.exists()


def test_a_spider_argument_db_that_is_not_sqlite_is_left_untouched(tmp_path):
    db = tmp_path / "notes.db"
    db.write_text("field notes, not a database\n")
    before = digest(db)
    result = scrapy_crawl(f"db={db}", f"urls={SEED}")
    assert result.returncode == 2 and "not a SQLite database" in result.stderr.strip().splitlines()[-1]
    assert digest(db) == before
