"""Vendor GOV.UK Frontend's compiled CSS, JavaScript and images into the web app's static files.

    python scripts/vendor_govuk_frontend.py [VERSION]

Runs ``npm pack govuk-frontend@VERSION`` (the npm registry, through npm's own client), takes
``dist/govuk/`` from the tarball and writes ``src/cscwatch/web/static/govuk/``: the minified CSS and
JavaScript, ``assets/images`` and ``assets/manifest.json``, the MIT licence and a VERSION file.
The GDS Transport font files are left out on purpose: that typeface is only for service.gov.uk
domains, and the app sets a system font stack in ``static/app.css``. Source maps are left out too.

VERSION defaults to the GOV.UK Frontend release that the ``govuk-frontend-jinja`` macros in
pyproject.toml are made for (4.1.x -> 6.3.0); change both together.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

VERSION = "6.3.0"
ROOT = Path(__file__).resolve().parents[1]
DEST = ROOT / "src" / "cscwatch" / "web" / "static" / "govuk"
FILES = {"govuk-frontend.min.css", "govuk-frontend.min.js", "assets/manifest.json"}
FOLDERS = ("assets/images/",)

LICENCE = """The MIT License (MIT)

Copyright (C) 2017 Crown Copyright (Government Digital Service)

Permission is hereby granted, free of charge, to any person obtaining a copy of
this software and associated documentation files (the "Software"), to deal in
the Software without restriction, including without limitation the rights to
use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies
of the Software, and to permit persons to whom the Software is furnished to do
so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""


def main(version: str = VERSION) -> int:
    if shutil.which("npm") is None:
        print("npm is not installed: apt-get install npm", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            ["npm", "pack", f"govuk-frontend@{version}", "--silent"],
            cwd=tmp,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        (tarball,) = Path(tmp).glob("govuk-frontend-*.tgz")
        if DEST.exists():
            shutil.rmtree(DEST)
        prefix = "package/dist/govuk/"
        with tarfile.open(tarball) as tar:
            for member in tar.getmembers():
                name = member.name.removeprefix(prefix)
                if (
                    not member.isfile()
                    or name == member.name
                    or not (name in FILES or name.startswith(FOLDERS))
                ):
                    continue
                target = DEST / name
                target.parent.mkdir(parents=True, exist_ok=True)
                source = tar.extractfile(member)
                assert source is not None
                target.write_bytes(source.read())
    (DEST / "LICENSE.txt").write_text(LICENCE)
    (DEST / "VERSION").write_text(version + "\n")
    size = sum(p.stat().st_size for p in DEST.rglob("*") if p.is_file())
    print(
        f"govuk-frontend {version}: {len(list(DEST.rglob('*.*')))} files, {size:,} bytes in {DEST}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:2]))
