"""Build the registry embedded in the package (src/cscwatch/data/registry/*.csv) from the
reports in ../shared/reports/ofsted. Facts only: grades, dates, codes, figures, theme counts;
no sentence of any report is written here.

    python scripts/build_embedded.py [--reports ../shared/reports/ofsted]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import pandas as pd
from sqlalchemy import select

from cscwatch.registry import schema, store
from cscwatch.registry.build import build

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "cscwatch" / "data" / "registry"
# Tables shipped, and the columns left out of each (so that none holds report prose).
SHIPPED = {
    "reports": ("source_url",),  # fetch provenance: none for ../shared, so not shipped
    "judgments": (),
    "recommendations": ("text",),  # position, kind, page and recurrence only
    "context_figures": (),
    "theme_counts": (),
    "interventions": (),  # kind, name of the trust or phrase, date, page
}
# Columns about the files on the machine that built it (when and where), never shipped.
LOCAL = ("mtime_ns", "quick_check", "root")


def main(reports: Path) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        engine = store.connect(f"sqlite:///{tmp}/registry.db", create=True)
        result = build(engine, reports)
        with engine.connect() as conn:
            for name, dropped in SHIPPED.items():
                table = schema.metadata.tables[name]
                order = [table.c.id] if "id" in table.c else [table.c.report_id]
                frame = pd.read_sql(select(table).order_by(*order), conn)
                frame = frame.drop(columns=[*dropped, *LOCAL], errors="ignore")
                frame = frame.convert_dtypes()  # whole numbers stay whole in the CSV
                frame.to_csv(OUT / f"{name}.csv", index=False, lineterminator="\n")
                print(f"{name}.csv: {len(frame)} rows")
    print(f"{result.seen} files, {result.parsed} parsed, {len(result.failed)} failed")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--reports", type=Path, default=ROOT.parent / "shared" / "reports" / "ofsted")
    main(ap.parse_args().reports)
