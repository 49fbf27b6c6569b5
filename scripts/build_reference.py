"""Build the council reference tables shipped in src/cscwatch/data/ from ../shared/reference.

    python scripts/build_reference.py [--reference ../shared/reference]

Writes:
- councils.csv: one row per children's services authority (DfE 3-digit LA code), past and
  current, with URN, ONS code, region, existence dates, predecessors/successors, statistical
  neighbours and every name spelling we know (for matching the names Ofsted prints).
- districts.csv: every English local authority district (LAD23CD) with the DfE code of the
  council that runs its children's services (for the map).

Sources and licences: see src/cscwatch/data/README.md (mySociety data is CC BY 4.0).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "cscwatch" / "data"
UPPER_TIER = {"CTY", "UA", "MD", "LBO", "CC", "SRA"}


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def day_before(iso: str) -> str:
    return (dt.date.fromisoformat(iso) - dt.timedelta(days=1)).isoformat()


def main(reference: Path) -> None:
    lookup = read(reference / "la_lookup.csv")
    mys = [r for r in read(reference / "uk_local_authorities.csv") if r["nation"] == "England"]
    aliases = read(reference / "la_name_aliases.csv")
    by_mys = {r["local-authority-code"]: r for r in mys}

    # DfE code for each upper-tier mySociety entry: by current ONS code, else the old DfE code.
    dfe_by_gss = {r["la_code_new"]: r["la_code"] for r in lookup if r["la_code_new"]}
    mys_to_dfe: dict[str, str] = {}
    for r in mys:
        if r["local-authority-type"] not in UPPER_TIER:
            continue
        code = dfe_by_gss.get(r["gss-code"]) or r["old-ons-la-code"]
        if code and code.isdigit() and len(code) == 3:
            mys_to_dfe[r["local-authority-code"]] = code

    entries: dict[str, list[dict[str, str]]] = defaultdict(list)
    for m, code in mys_to_dfe.items():
        entries[code].append(by_mys[m])

    names_for: dict[str, set[str]] = defaultdict(set)
    for a in aliases:
        code = mys_to_dfe.get(a["local-authority-code"])
        if code:
            names_for[code].add(a["la-name"].strip())
    for code, ents in entries.items():
        for e in ents:
            names_for[code].update(n.strip() for n in e["alt-names"].split(",") if n.strip())
            names_for[code].update({e["official-name"], e["nice-name"]})

    rows = []
    lookup_codes = {r["la_code"] for r in lookup}
    base = {r["la_code"]: r for r in lookup}
    # Councils that existed in the inspection era but are missing from la_lookup (e.g. Bournemouth).
    for code, ents in entries.items():
        if code not in lookup_codes and any(e["end-date"] >= "2012-01-01" for e in ents):
            e = ents[0]
            base[code] = {
                "urn": "",
                "la_code": code,
                "la_code_new": e["gss-code"],
                "local_authority_ons_name": e["nice-name"].removesuffix(" County"),
                "region_name": e["region"],
                "stat_neighbours": "",
                "also_known_as": "",
                "ons_population_0-25": "",
                "ons_la_type": e["local-authority-type-name"],
            }

    for code, r in sorted(base.items()):
        ents = entries.get(code, [])
        starts = [e["start-date"] for e in ents]
        ends = [e["end-date"] for e in ents]
        start = min(starts) if ents and all(starts) else ""
        end = max(ends) if ents and all(ends) else ""
        successors: set[str] = set()
        for e in ents:
            for s in filter(None, e["replaced-by"].split(",")):
                sc = mys_to_dfe.get(s)
                if sc and sc != code:
                    successors.add(sc)
                    succ_start = by_mys[s]["start-date"]
                    if end and succ_start and end >= succ_start:
                        end = day_before(succ_start)
        if not successors:
            # The same council carried on under a new ONS code (e.g. Buckinghamshire 2020).
            end = ""
        region = r["region_name"] or next((e["region"] for e in ents if e["region"]), "")
        region = region.replace("Yorkshire and The Humber", "Yorkshire and the Humber")
        ons_code = r["la_code_new"] or (ents[0]["gss-code"] if ents else "")
        gss_codes = sorted({e["gss-code"] for e in ents} - {ons_code})
        known = set(names_for.get(code, set())) | {r["local_authority_ons_name"]}
        known.update(n.strip() for n in r["also_known_as"].strip("[]").split(",") if n.strip())
        rows.append(
            {
                "la_code": code,
                "urn": r["urn"],
                "ons_code": ons_code,
                "former_ons_codes": ";".join(gss_codes),
                # "Kingston Upon Hull, City of" -> "Kingston upon Hull", as the council writes it
                "name": r["local_authority_ons_name"]
                .removesuffix(", City of")
                .replace(" Upon ", " upon "),
                "region": region,
                "la_type": r["ons_la_type"],
                "start_date": start,
                "end_date": end,
                "successors": ";".join(sorted(successors)),
                "stat_neighbours": ";".join(
                    s.strip() for s in r["stat_neighbours"].split(",") if s.strip()
                ),
                "population_0_25": r["ons_population_0-25"],
                "names": "|".join(sorted(known, key=lambda n: (n.lower(), n))),
            }
        )

    preds: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        for s in filter(None, row["successors"].split(";")):
            preds[s].add(row["la_code"])
    by_code = {row["la_code"]: row for row in rows}
    for row in rows:
        row["predecessors"] = ";".join(sorted(preds.get(row["la_code"], set())))
        # A council exists from a start date only if it was created by a reorganisation.
        if not row["predecessors"]:
            row["start_date"] = ""
        if not row["region"]:
            succ = [by_code[s] for s in row["successors"].split(";") if s in by_code]
            row["region"] = succ[0]["region"] if succ else ""

    fields = list(rows[0].keys())
    with (OUT / "councils.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)

    # District -> children's services council, for the map.
    districts = []
    for r in mys:
        if r["end-date"] or not r["gss-code"].startswith("E0"):
            continue
        code = mys_to_dfe.get(r["local-authority-code"])
        if code is None and r["county-la"]:
            code = mys_to_dfe.get(r["county-la"])
        if code:
            districts.append(
                {"lad_code": r["gss-code"], "lad_name": r["nice-name"], "la_code": code}
            )
    districts.sort(key=lambda d: d["lad_code"])
    with (OUT / "districts.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=["lad_code", "lad_name", "la_code"], lineterminator="\n")
        w.writeheader()
        w.writerows(districts)
    print(f"councils.csv: {len(rows)} councils; districts.csv: {len(districts)} districts")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--reference", type=Path, default=ROOT.parent / "shared" / "reference")
    main(ap.parse_args().reference)
