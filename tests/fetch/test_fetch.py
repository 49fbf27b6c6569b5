"""`cscwatch fetch` against the stand-in site on loopback: every file saved byte for byte under
the names ../shared uses, a second run that downloads nothing, and each fault survived and
reported."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cscwatch.fetch import Politeness, Reporter, fetch
from cscwatch.fetch.client import USER_AGENT
from cscwatch.registry import manifest, schema, store
from tests.conftest import make_pdf
from tests.fetch.standin import LISTING_QUERY, Pub

# The council folders of ../shared/reports/ofsted for these URNs (the names fetch must give).
FOLDERS = {
    "80426": "80426_barnsley",
    "80481": "80481_leeds",
    "80418": "80418_norfolk",
    "80450": "80450_london corporation",
    "2532287": "2532287_bournemouth, christchurch & poole",
}
FAST = Politeness(delay=0, timeout=5, retries=3, backoff=0)


def expected_path(urn: str, label: str) -> str:
    """'Children's services inspection - 8 August 2014, pdf' ->
    "<folder>/children's services inspection - 08 august 2014.pdf" (../shared's names)."""
    title, _, date = label.removesuffix(", pdf").rpartition(" - ")
    day, month, year = date.split()
    return f"{FOLDERS[urn]}/{title.lower()} - {int(day):02d} {month.lower()} {year}.pdf"


def expected(standin) -> dict[str, bytes]:
    return {expected_path(c.urn, p.label): p.data for c in standin.councils for p in c.pubs}


def on_disk(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def run(standin, root: Path, db: Path, **kwargs):
    engine = store.connect(str(db), create=True)
    try:
        return fetch(
            root, engine, base_url=standin.base_url, politeness=kwargs.pop("politeness", FAST),
            **kwargs,
        )  # fmt: skip
    finally:
        engine.dispose()


def test_every_file_is_saved_byte_for_byte_under_the_corpus_names(standin, tmp_path):
    root, db = tmp_path / "reports", tmp_path / "r.db"
    result = run(standin, root, db)
    want = expected(standin)
    assert result.ok, result.failed
    assert on_disk(root) == want  # nothing else: no temporary file left
    assert result.councils == len(standin.councils)
    assert result.listed == len(want) == len(result.new)
    assert sorted(result.new) == sorted(want)
    assert "80426_barnsley/children's services inspection - 08 august 2014.pdf" in want
    # The listing was followed page by page through its next links (two councils a page).
    listing = [p for p in standin.requests("site") if p.startswith("/search")]
    pages = -(-len(standin.councils) // standin.page_size)
    assert len(listing) == pages
    # The manifest: each file's URL, validators, hash, size and times.
    rows = manifest.known(store.connect(str(db)))
    assert set(rows) == set(standin.files_by_url())
    for url, row in rows.items():
        data = standin.files_by_url()[url]
        assert (root / row.path).read_bytes() == data
        assert row.size == len(data)
        assert row.etag and row.last_modified and row.fetched and row.checked
        assert len(row.sha256 or "") == 64


def test_a_second_run_downloads_nothing(standin, tmp_path):
    root, db = tmp_path / "reports", tmp_path / "r.db"
    first = run(standin, root, db)
    before = len(standin.requests("files"))
    second = run(standin, root, db)
    assert second.ok and second.downloaded == 0 and not second.new
    assert second.unchanged == first.listed
    assert len(standin.requests("files")) == before  # known files are not asked for again
    assert on_disk(root) == expected(standin)


def test_revalidating_sends_conditional_requests_and_downloads_nothing(standin, tmp_path):
    root, db = tmp_path / "reports", tmp_path / "r.db"
    first = run(standin, root, db)
    n = len(standin.log)
    again = run(standin, root, db, revalidate=True)
    assert again.ok and again.downloaded == 0 and again.unchanged == first.listed
    asked = [headers for host, _, headers, _ in standin.log[n:] if host == "files"]
    assert len(asked) == first.listed
    assert all(h.get("If-None-Match") and h.get("If-Modified-Since") for h in asked)


def test_a_changed_file_is_downloaded_again_when_revalidating(standin, tmp_path):
    root, db = tmp_path / "reports", tmp_path / "r.db"
    run(standin, root, db)
    council = standin.councils[1]
    old = council.pubs[0]
    council.pubs[0] = Pub(old.label, old.key, make_pdf(["Leeds\nA corrected report"]))
    again = run(standin, root, db, revalidate=True)
    path = expected_path(council.urn, old.label)
    assert again.updated == [path] and not again.new
    assert (root / path).read_bytes() == council.pubs[0].data


def test_a_second_run_says_what_is_new(standin, tmp_path):
    root, db = tmp_path / "reports", tmp_path / "r.db"
    run(standin, root, db)
    label = "Children's services focused visit - 3 March 2025, pdf"
    standin.councils[2].pubs.insert(0, Pub(label, "60001", make_pdf(["Norfolk\nNew visit"])))
    again = run(standin, root, db)
    assert again.new == ["80418_norfolk/children's services focused visit - 03 march 2025.pdf"]
    assert again.downloaded == 1 and again.ok
    assert standin.requests("files")[-1] == "/v1/file/60001"


def test_files_already_in_the_folder_are_kept_and_recorded(standin, tmp_path):
    """A fetch into a folder that already holds the files (a copy of a collection) downloads
    them to compare, rewrites none, and records them in the manifest."""
    root, db = tmp_path / "reports", tmp_path / "r.db"
    for path, data in expected(standin).items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(data)
    stamps = {p: p.stat().st_mtime_ns for p in root.rglob("*.pdf")}
    result = run(standin, root, db)
    assert result.ok and result.downloaded == 0 and result.unchanged == len(stamps)
    assert {p: p.stat().st_mtime_ns for p in root.rglob("*.pdf")} == stamps
    assert len(manifest.known(store.connect(str(db)))) == len(stamps)


def test_only_the_councils_asked_for_since_a_date(standin, tmp_path):
    root, db = tmp_path / "reports", tmp_path / "r.db"
    result = run(standin, root, db, only={"80426", "80481"}, since=dt.date(2022, 1, 1))
    assert result.ok and result.councils == 2
    assert sorted(on_disk(root)) == [
        "80426_barnsley/children's services focused visit - 05 december 2024.pdf",
        "80426_barnsley/children's services inspection - 27 october 2023.pdf",
        "80481_leeds/children's services inspection - 09 may 2022.pdf",
    ]
    assert result.older == 1  # Barnsley's 2014 inspection
    pages = [p for p in standin.requests("site") if p.startswith("/provider/")]
    assert sorted(pages) == ["/provider/44/80426", "/provider/44/80481"]


def test_a_council_not_in_the_listing_is_reported(standin, tmp_path):
    result = run(standin, tmp_path / "r", tmp_path / "r.db", only={"80426", "80448"})
    assert result.councils == 1
    assert result.failed == [("council URN 80448", "not in the site's listing")]


# Faults ----------------------------------------------------------------------------------------
def file_path(standin, council: int, pub: int) -> str:
    return f"/v1/file/{standin.councils[council].pubs[pub].key}"


def target(standin, council: int, pub: int) -> str:
    c = standin.councils[council]
    return expected_path(c.urn, c.pubs[pub].label)


def test_server_errors_are_retried(standin, tmp_path):
    root = tmp_path / "reports"
    standin.fault(file_path(standin, 0, 0), "500", "503")
    standin.fault("/provider/44/80481", "502")
    result = run(standin, root, tmp_path / "r.db")
    assert result.ok, result.failed
    assert on_disk(root) == expected(standin)
    assert standin.requests("files").count(file_path(standin, 0, 0)) == 3


def test_a_server_error_that_lasts_is_reported_and_the_rest_goes_on(standin, tmp_path):
    root = tmp_path / "reports"
    standin.fault(file_path(standin, 0, 1), *["503"] * 4)
    result = run(standin, root, tmp_path / "r.db")
    broken = target(standin, 0, 1)
    assert len(result.failed) == 1
    what, reason = result.failed[0]
    assert what == broken and reason.startswith("HTTP 503 Service Unavailable after 4 tries")
    want = expected(standin)
    del want[broken]
    assert on_disk(root) == want


def test_429_waits_as_retry_after_says(standin, tmp_path):
    root = tmp_path / "reports"
    path = file_path(standin, 3, 0)
    standin.fault(path, "429:1")
    result = run(standin, root, tmp_path / "r.db")
    assert result.ok, result.failed
    times = [t for _, p, _, t in standin.log if p == path]
    assert len(times) == 2 and times[1] - times[0] >= 0.95
    assert on_disk(root) == expected(standin)


def test_a_slow_answer_times_out_and_is_tried_again(standin, tmp_path):
    root = tmp_path / "reports"
    standin.fault(file_path(standin, 1, 0), "slow:1.5")
    quick = Politeness(delay=0, timeout=0.4, retries=2, backoff=0)
    result = run(standin, root, tmp_path / "r.db", politeness=quick)
    assert result.ok, result.failed
    assert on_disk(root) == expected(standin)


def test_an_answer_that_stays_slow_is_reported(standin, tmp_path):
    root = tmp_path / "reports"
    standin.fault(file_path(standin, 1, 0), "slow:1", "slow:1")
    quick = Politeness(delay=0, timeout=0.3, retries=1, backoff=0)
    result = run(standin, root, tmp_path / "r.db", politeness=quick)
    assert [w for w, _ in result.failed] == [target(standin, 1, 0)]
    assert result.failed[0][1].startswith("timed out (ReadTimeout) after 2 tries")
    assert len(on_disk(root)) == len(expected(standin)) - 1


def test_a_missing_council_page_is_reported_and_the_others_fetched(standin, tmp_path):
    root = tmp_path / "reports"
    standin.gone.add("/provider/44/80418")
    result = run(standin, root, tmp_path / "r.db")
    assert len(result.failed) == 1
    what, reason = result.failed[0]
    assert what.startswith("Norfolk County Council (") and reason == "HTTP 404 Not Found"
    assert result.councils == len(standin.councils) - 1
    assert not any(p.startswith("80418_") for p in on_disk(root))
    assert len(on_disk(root)) == len(expected(standin)) - len(standin.councils[2].pubs)


def test_an_html_page_instead_of_a_pdf_is_reported_never_saved(standin, tmp_path):
    root = tmp_path / "reports"
    standin.fault(file_path(standin, 4, 1), "html")
    result = run(standin, root, tmp_path / "r.db")
    broken = target(standin, 4, 1)
    assert [w for w, _ in result.failed] == [broken]
    reason = result.failed[0][1]
    assert reason.startswith(
        "not a PDF: the server sent text/html (title 'Sorry, there is a problem')"
    )
    assert not (root / broken).exists()
    assert broken not in {
        r.path for r in manifest.known(store.connect(str(tmp_path / "r.db"))).values()
    }
    # The next run fetches it (the site is fixed) and says so.
    again = run(standin, root, tmp_path / "r.db")
    assert again.ok and again.new == [broken]
    assert on_disk(root) == expected(standin)


def test_a_broken_download_leaves_no_half_written_file(standin, tmp_path):
    root = tmp_path / "reports"
    standin.fault(file_path(standin, 0, 2), *["truncate"] * 4)
    result = run(standin, root, tmp_path / "r.db")
    broken = target(standin, 0, 2)
    assert [w for w, _ in result.failed] == [broken]
    assert "after 4 tries" in result.failed[0][1]
    files = on_disk(root)
    assert broken not in files and not any(".part" in p for p in files)


def test_an_interrupted_run_leaves_only_whole_files(standin, tmp_path):
    root = tmp_path / "reports"

    class Stop(Reporter):
        def file(self, path: str, outcome: str) -> None:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run(standin, root, tmp_path / "r.db", reporter=Stop())
    want = expected(standin)
    files = on_disk(root)
    # (how many finished before the interrupt depends on the machine's load; none is partial)
    assert files
    assert all(want[p] == data for p, data in files.items())  # whole files, no temporary ones
    recorded = manifest.known(store.connect(str(tmp_path / "r.db"))).values()
    assert {r.path for r in recorded} == set(files)  # and each one is in the manifest
    again = run(standin, root, tmp_path / "r.db")
    assert again.ok and on_disk(root) == want


# Politeness ------------------------------------------------------------------------------------
def test_requests_name_cscwatch_and_go_one_at_a_time_per_host(standin, tmp_path):
    result = run(standin, tmp_path / "r", tmp_path / "r.db")
    assert result.ok
    agents = {headers.get("User-Agent") for _, _, headers, _ in standin.log}
    assert agents == {USER_AGENT} and USER_AGENT.startswith("cscwatch/")
    assert standin.most_in_flight == {"site": 1, "files": 1}


def test_requests_to_one_host_are_spaced_by_the_delay(standin, tmp_path):
    polite = Politeness(delay=0.15, timeout=5, retries=0)
    result = run(standin, tmp_path / "r", tmp_path / "r.db", only={"80426"}, politeness=polite)
    assert result.ok
    for host in ("site", "files"):
        times = [t for h, _, _, t in standin.log if h == host]
        assert len(times) >= 3
        assert (
            min(b - a for a, b in zip(times, times[1:], strict=False)) >= 0.12
        )  # (server-side clock)


def test_the_two_hosts_are_fetched_from_at_once(standin, tmp_path):
    """Files (on their own host) download while the next council's page is read."""
    polite = Politeness(delay=0.1, timeout=5, retries=0)
    result = run(standin, tmp_path / "r", tmp_path / "r.db", politeness=polite)
    assert result.ok
    site_times = [t for h, _, _, t in standin.log if h == "site"]
    file_times = [t for h, _, _, t in standin.log if h == "files"]
    assert min(file_times) < max(site_times)  # downloads began before the last page was read


def test_the_schema_has_the_manifest_and_the_source_url():
    assert "source_url" in schema.reports.c and schema.EXPORT_COLUMNS[-1] == "source_url"
    assert {"url", "path", "etag", "last_modified", "sha256", "fetched"} <= set(
        schema.downloads.c.keys()
    )


def test_a_file_already_there_under_another_name_is_kept_not_copied(standin, tmp_path):
    root, db = tmp_path / "reports", tmp_path / "r.db"
    pub = standin.councils[2].pubs[1]
    odd = root / "80418_norfolk" / "children's services inspection,  pdf - 19 january 2018.pdf"
    odd.parent.mkdir(parents=True)
    odd.write_bytes(pub.data)
    result = run(standin, root, db)
    assert result.ok and result.unchanged == 1 and result.downloaded == result.listed - 1
    assert sorted(p.name for p in odd.parent.iterdir()) == [
        "children's services inspection - 13 january 2023.pdf",
        odd.name,
    ]
    row = manifest.known(store.connect(str(db)))[standin.file_url(pub.key)]
    assert row.path == f"80418_norfolk/{odd.name}"
    again = run(standin, root, db)  # and it is known from then on
    assert again.ok and again.downloaded == 0 and again.unchanged == again.listed


def test_a_listing_page_that_fails_is_reported_and_the_pages_before_it_fetched(standin, tmp_path):
    root = tmp_path / "reports"
    page_1 = f"/search?{LISTING_QUERY}&start=0&rows=100"
    page_2 = f"/search?{LISTING_QUERY}&start=2&rows=100"
    standin.fault(page_1, "503")  # retried
    standin.gone.add(page_2)
    result = run(standin, root, tmp_path / "r.db")
    assert result.failed == [(f"listing page 2 ({standin.base_url}{page_2})", "HTTP 404 Not Found")]
    assert result.councils == 2  # the two on page 1
    assert sorted(p.name for p in root.iterdir()) == ["80426_barnsley", "80481_leeds"]


def test_a_publication_without_a_date_is_reported(standin, tmp_path):
    standin.councils[1].pubs.append(Pub("Children's services inspection, pdf", "7777", b"%PDF-"))
    result = run(standin, tmp_path / "reports", tmp_path / "r.db")
    assert result.failed == [
        (
            "Leeds City Council",
            'no date in the publication label "Children\'s services inspection, pdf"',
        )
    ]
    assert result.downloaded == sum(len(c.pubs) for c in standin.councils) - 1
