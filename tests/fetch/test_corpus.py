"""Fetch over real reports: the stand-in site serves councils' files from ../shared under the
labels Ofsted's site gives them, and fetch must save them under ../shared's own names, byte
for byte, and a build of what it saved must read the same councils."""

from __future__ import annotations

import hashlib
import re
import shutil

import pytest
from sqlalchemy import select

from cscwatch.fetch import Politeness, fetch
from cscwatch.registry import schema, store
from cscwatch.registry.build import build
from tests.conftest import CORPUS, needs_corpus
from tests.fetch.standin import Council, Pub, StandIn

pytestmark = [pytest.mark.corpus, needs_corpus]

FOLDERS = ("80426_barnsley", "80418_norfolk")  # Norfolk has a file under an older name
NAMED = re.compile(r"(.+?) - (\d{2}) ([a-z]+) (\d{4})\.pdf")
FAST = Politeness(delay=0, timeout=10, retries=1, backoff=0)


def label(filename: str) -> str:
    """The site's label for a file of ../shared: 'Children's services inspection - 8 August
    2014, pdf' for "children's services inspection - 08 august 2014.pdf"."""
    title, day, month, year = NAMED.fullmatch(filename).groups()
    return f"{title[0].upper()}{title[1:]} - {int(day)} {month.title()} {year}, pdf"


@pytest.fixture
def real_site():
    councils, n = [], 0
    for folder in FOLDERS:
        urn, name = folder.split("_", 1)
        pubs = []
        for path in sorted((CORPUS / folder).glob("*.pdf"), reverse=True):
            n += 1
            pubs.append(Pub(label(path.name), str(90000 + n), path.read_bytes()))
        councils.append(Council(urn, f"{name.title()} Council", pubs))
    site = StandIn(councils, page_size=1)
    yield site
    site.close()


def test_real_reports_are_saved_under_the_corpus_names_byte_for_byte(real_site, tmp_path):
    root = tmp_path / "reports"
    engine = store.connect(str(tmp_path / "r.db"), create=True)
    result = fetch(root, engine, base_url=real_site.base_url, politeness=FAST)
    assert result.ok, result.failed
    shared = {p.relative_to(CORPUS).as_posix(): p for f in FOLDERS for p in (CORPUS / f).iterdir()}
    saved = {p.relative_to(root).as_posix(): p for p in root.rglob("*") if p.is_file()}
    assert len(saved) == len(shared) == result.downloaded
    regular = {name for name in shared if "," not in name}  # (one has ',  pdf' in its title)
    assert regular <= set(saved)  # the same names as ../shared (lower case, 2-digit days)
    assert {p.read_bytes() for p in saved.values()} == {p.read_bytes() for p in shared.values()}

    # Built, the files read as the councils they were listed under, each with its source.
    built = build(engine, root, workers=1, text=False)
    assert built.ok, built.failed
    r = schema.reports
    with engine.connect() as conn:
        rows = conn.execute(select(r.c.source_file, r.c.urn, r.c.sha256, r.c.source_url)).all()
    by_url = {real_site.file_url(p.key): p.data for c in real_site.councils for p in c.pubs}
    assert len(rows) == len(shared)
    for source_file, urn, sha, url in rows:
        assert urn == source_file.split("_", 1)[0]
        assert sha == hashlib.sha256(by_url[url]).hexdigest()


def test_a_copy_of_the_corpus_is_recognised_not_downloaded_into_again(real_site, tmp_path):
    root = tmp_path / "reports"
    for folder in FOLDERS:
        shutil.copytree(CORPUS / folder, root / folder)
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    engine = store.connect(str(tmp_path / "r.db"), create=True)
    result = fetch(root, engine, base_url=real_site.base_url, politeness=FAST)
    assert result.ok and result.downloaded == 0 and result.unchanged == result.listed
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before
