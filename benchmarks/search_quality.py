"""Search quality and latency over the real reports in ../shared.

Builds (or reuses) a registry from the PDFs with `cscwatch build` (the library call), then
runs a judged query set: for each query, the reports that should come first, established by
reading the reports (each listed report contains the queried subject; each query's list is
every report in ../shared that does). The focused-visit letters were judged on 2026-12-05, once
their whole text was indexed: every letter that names a query's subject, or that search ranks
for it, is recorded with the decision and a short reason in benchmarks/judged_letters.csv, and
the relevant ones are in the lists below. Prints precision at 5 (over the first five distinct reports, divided
by min(5, number of relevant reports)), reciprocal rank of the first relevant report, their
means, and latency percentiles over repeated runs.

    python benchmarks/search_quality.py [--db /tmp/cscwatch-bench.db] [--rebuild]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine

from cscwatch.registry import store
from cscwatch.registry.build import build as registry_build
from cscwatch.search.index import search
from cscwatch.search.query import QueryError

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CSCWATCH_SHARED") or ROOT.parent / "shared")
CORPUS = SHARED / "reports" / "ofsted"
MUST_BE_EMPTY = ["zebra quantum xylophone", "'\"", "(((*", "-- ; DROP TABLE reports", ""]
# Queries that can only exclude, or with an operator missing a side: usage errors, not results.
MUST_BE_REFUSED = ["NOT neglect", "neglect OR", "neglect NOT"]

# Judged by reading: query -> reports (source_file) that should rank first.
JUDGED: dict[str, list[str]] = {
    "police custody overnight": [
        "80418_norfolk/children's services inspection - 20 october 2015.pdf",
        "80427_bath and north east somerset/children's services inspection - 07 july 2017.pdf",
        "80431_blackpool/children's services inspection - 08 september 2014.pdf",
        "80448_cheshire west and chester/children's services inspection - 08 may 2019.pdf",
        "80462_doncaster/children's services focused visit - 09 june 2023.pdf",
        "80474_herefordshire/children's services inspection - 30 june 2014.pdf",
        "80477_kingston upon hull/children's services inspection - 13 january 2023.pdf",
        "80477_kingston upon hull/children's services inspection - 17 may 2019.pdf",
        "80477_kingston upon hull/single inspection of la children's services as pdf - 10 february 2015.pdf",
        "80481_leeds/children's services inspection - 27 march 2015.pdf",
        "80492_croydon/children's services inspection - 03 december 2024.pdf",
        "80496_hackney/children's services inspection - 20 december 2019.pdf",
        "80498_haringey/children's services inspection - 11 april 2023.pdf",
        "80506_lambeth/children's services inspection - 09 may 2018.pdf",
        "80512_redbridge/children's services inspection - 11 june 2019.pdf",
        "80518_wandsworth/children's services focused visit - 11 june 2019.pdf",
        "80526_north east lincolnshire/children's services inspection - 25 september 2017.pdf",
        "80533_nottingham/children's services inspection - 07 january 2019.pdf",
        "80551_sheffield/children's services focused visit - 18 may 2018.pdf",
        "80560_st helens/children's services inspection - 20 january 2015.pdf",
        "80561_staffordshire/children's services inspection - 11 march 2019.pdf",
        "80576_warwickshire/children's services inspection - 14 july 2017.pdf",
        "80584_worcestershire/children's services inspection - 24 january 2017.pdf",
    ],
    "Hants Direct": [
        "80419_isle of wight/children's services inspection - 19 november 2014.pdf",
    ],
    "county lines": [
        "2532283_dorset/children's services inspection - 19 november 2021.pdf",
        "80438_brighton and hove/children's services inspection - 16 may 2024.pdf",
        "80448_cheshire west and chester/children's services inspection - 08 may 2019.pdf",
        "80466_east riding of yorkshire/children's services inspection - 13 march 2020.pdf",
        "80475_hertfordshire/children's services focused visit - 31 august 2021.pdf",
        "80475_hertfordshire/children's services inspection - 19 november 2018.pdf",
        "80483_leicestershire/children's services inspection - 04 november 2019.pdf",
        "80489_brent/children's services inspection - 02 july 2018.pdf",
        "80491_camden/children's services inspection - 24 november 2017.pdf",
        "80492_croydon/children's services inspection - 04 september 2017.pdf",
        "80501_hillingdon/children's services focused visit - 07 february 2020.pdf",
        "80512_redbridge/children's services inspection - 11 june 2019.pdf",
        "80518_wandsworth/children's services inspection - 20 july 2018.pdf",
        "80551_sheffield/children's services inspection - 27 august 2019.pdf",
        "80572_torbay/children's services inspection - 24 august 2018.pdf",
        "80584_worcestershire/children's services inspection - 29 july 2019.pdf",
    ],
    "foyer accommodation": [
        "80447_cheshire east/children's services inspection - 15 september 2015.pdf",
        "80474_herefordshire/children's services inspection - 30 june 2014.pdf",
        "80480_lancashire/children's services inspection - 27 november 2015.pdf",
        "80538_plymouth/children's services inspection - 06 january 2015.pdf",
        "80581_wirral/children's services inspection - 20 september 2016.pdf",
    ],
    "Think Family": [
        "80426_barnsley/children's services inspection - 08 august 2014.pdf",
        "80429_birmingham/children's services inspection - 23 may 2014.pdf",
        "80443_bury/children's services focused visit - 17 august 2018.pdf",
        "80460_derbyshire/children's services inspection - 11 february 2014.pdf",
        "80461_devon/children's services inspection - 12 may 2015.pdf",
        "80475_hertfordshire/children's services inspection - 19 november 2018.pdf",
        "80481_leeds/children's services inspection - 27 march 2015.pdf",
        "80510_merton/children's services inspection - 25 august 2017.pdf",
        "80530_north yorkshire/children's services inspection - 30 june 2014.pdf",
        "80539_portsmouth/children's services inspection - 01 september 2014.pdf",
        "80562_stockport/children's services inspection - 25 august 2017.pdf",
        "80572_torbay/children's services inspection - 05 january 2016.pdf",
        "80578_west sussex/children's services inspection - 20 january 2016.pdf",
    ],
    "Staying Close": [
        "2532283_dorset/children's services focused visit - 22 june 2023.pdf",
        "2532283_dorset/children's services inspection - 09 may 2025.pdf",
        "2637539_north northamptonshire/children's services focused visit - 31 october 2024.pdf",
        "2637539_north northamptonshire/children's services inspection - 07 july 2026.pdf",
        "80465_durham/children's services inspection - 13 may 2025.pdf",
        "80469_gateshead/children's services inspection - 29 january 2025.pdf",
        "80539_portsmouth/children's services focused visit - 27 march 2025.pdf",
        "80539_portsmouth/children's services inspection - 18 august 2026.pdf",
        "80557_south tyneside/children's services focused visit - 06 april 2022.pdf",
        "80582_wokingham/children's services focused visit - 28 january 2025.pdf",
    ],
    "Mockingbird": [
        "80451_wakefield/children's services inspection - 05 january 2022.pdf",
        "80462_doncaster/children's services inspection - 19 january 2018.pdf",
        "80469_gateshead/children's services inspection - 29 january 2025.pdf",
        "80481_leeds/children's services inspection - 09 may 2022.pdf",
        "80481_leeds/children's services inspection - 18 december 2018.pdf",
        "80486_barking and dagenham/children's services inspection - 01 april 2019.pdf",
        "80495_greenwich/children's services inspection - 05 august 2016.pdf",
        "80496_hackney/children's services inspection - 20 december 2019.pdf",
        "80525_newcastle upon tyne/children's services inspection - 25 june 2025.pdf",
        "80538_plymouth/children's services inspection - 15 march 2024.pdf",
        "80557_south tyneside/children's services inspection - 10 may 2023.pdf",
        "80561_staffordshire/children's services inspection - 12 january 2024.pdf",
        "80562_stockport/children's services inspection - 18 may 2022.pdf",
        "80579_wigan/children's services inspection - 05 july 2022.pdf",
        "80579_wigan/children's services inspection - 31 march 2017.pdf",
    ],
    '"Family Safeguarding" model': [
        "80443_bury/children's services inspection - 29 july 2025.pdf",
        "80464_dudley/children's services focused visit - 20 november 2025.pdf",
        "80475_hertfordshire/children's services inspection - 10 march 2023.pdf",
        "80475_hertfordshire/children's services inspection - 19 november 2018.pdf",
        "80475_hertfordshire/children's services inspection - 27 november 2015.pdf",
        "80480_lancashire/children's services inspection - 26 january 2023.pdf",
        "80520_luton/children's services focused visit - 04 june 2019.pdf",
        "80520_luton/children's services focused visit - 05 july 2018.pdf",
        "80520_luton/children's services inspection - 05 september 2022.pdf",
        "80520_luton/children's services inspection - 24 february 2020.pdf",
        "80536_oxfordshire/children's services focused visit - 28 february 2020.pdf",
        "80539_portsmouth/children's services inspection - 03 july 2023.pdf",
        "80577_west berkshire/children's services focused visit - 19 july 2021.pdf",
        "80577_west berkshire/children's services inspection - 04 may 2022.pdf",
        "80577_west berkshire/children's services inspection - 07 july 2017.pdf",
        "80578_west sussex/children's services focused visit - 12 january 2026.pdf",
        "80578_west sussex/children's services inspection - 11 may 2023.pdf",
        "80579_wigan/children's services inspection - 26 november 2025.pdf",
    ],
    "No Wrong Door": [
        "2532283_dorset/children's services inspection - 19 november 2021.pdf",
        "80491_camden/children's services inspection - 24 november 2017.pdf",
        "80530_north yorkshire/children's services inspection - 06 august 2018.pdf",
        "80562_stockport/children's services inspection - 18 may 2022.pdf",
    ],
    "Lifelong Links": [
        "80418_norfolk/children's services inspection - 18 may 2026.pdf",
        "80427_bath and north east somerset/children's services focused visit - 13 january 2025.pdf",
        "80427_bath and north east somerset/children's services inspection - 05 august 2025.pdf",
        "80461_devon/children's services inspection - 13 may 2025.pdf",
        "80462_doncaster/children's services inspection - 18 march 2025.pdf",
        "80465_durham/children's services inspection - 13 may 2025.pdf",
        "80475_hertfordshire/children's services inspection - 10 march 2023.pdf",
        "80480_lancashire/children's services inspection - 20 august 2026.pdf",
        "80491_camden/children's services inspection - 15 april 2025.pdf",
        "80518_wandsworth/children's services inspection - 13 january 2023.pdf",
        "80518_wandsworth/children's services inspection - 18 may 2026.pdf",
        "80526_north east lincolnshire/children's services inspection - 03 september 2025.pdf",
        "80539_portsmouth/children's services focused visit - 27 march 2025.pdf",
        "80539_portsmouth/children's services inspection - 18 august 2026.pdf",
        "80541_redcar and cleveland/children's services inspection - 28 january 2026.pdf",
        "80562_stockport/children's services inspection - 15 july 2025.pdf",
        "80562_stockport/children's services inspection - 18 may 2022.pdf",
        "80564_stoke-on-trent/children's services inspection - 15 july 2025.pdf",
        "80578_west sussex/children's services inspection - 11 may 2023.pdf",
        "80579_wigan/children's services inspection - 26 november 2025.pdf",
    ],
    "Caring Dads": [
        "80481_leeds/children's services inspection - 27 march 2015.pdf",
        "80486_barking and dagenham/children's services inspection - 01 april 2019.pdf",
        "80562_stockport/children's services inspection - 18 may 2022.pdf",
        "80576_warwickshire/children's services inspection - 01 february 2022.pdf",
    ],
    "modern slavery": [
        "80418_norfolk/children's services inspection - 13 january 2023.pdf",
        "80427_bath and north east somerset/children's services inspection - 07 july 2017.pdf",
        "80438_brighton and hove/children's services inspection - 22 june 2015.pdf",
        "80455_isles of scilly/children's services inspection - 27 june 2016.pdf",
        "80459_derby/children's services inspection - 08 july 2025.pdf",
        "80481_leeds/children's services inspection - 12 august 2025.pdf",
        "80483_leicestershire/children's services inspection - 04 november 2019.pdf",
        "80491_camden/children's services focused visit - 05 december 2023.pdf",
        "80491_camden/children's services inspection - 24 november 2017.pdf",
        "80511_newham/children's services focused visit - 28 february 2024.pdf",
        "80542_rochdale/children's services inspection - 12 march 2018.pdf",
        "80551_sheffield/children's services inspection - 27 august 2019.pdf",
        "80561_staffordshire/children's services focused visit - 19 july 2018.pdf",
        "80577_west berkshire/children's services inspection - 04 may 2022.pdf",
    ],
    "improvement notice": [
        "80426_barnsley/children's services inspection - 08 august 2014.pdf",
        "80444_calderdale/children's services inspection - 20 march 2015.pdf",
        "80474_herefordshire/children's services inspection - 21 september 2022.pdf",
        "80474_herefordshire/children's services inspection - 30 june 2014.pdf",
        "80481_leeds/children's services inspection - 27 march 2015.pdf",
        "80488_bexley/children's services inspection - 23 may 2014.pdf",
        "80542_rochdale/children's services inspection - 05 december 2014.pdf",
        "80550_sefton/children's services inspection - 27 june 2016.pdf",
        "80554_solihull/children's services inspection - 13 january 2023.pdf",
    ],
    "Barnardo's": [
        "80426_barnsley/children's services inspection - 08 august 2014.pdf",
        "80429_birmingham/children's services inspection - 23 may 2014.pdf",
        "80432_bolton/children's services inspection - 21 march 2014.pdf",
        "80460_derbyshire/children's services inspection - 11 february 2014.pdf",
        "80481_leeds/children's services inspection - 27 march 2015.pdf",
        "80484_lincolnshire/children's services inspection - 06 january 2015.pdf",
        "80484_lincolnshire/children's services inspection - 14 june 2023.pdf",
        "80521_manchester/children's services inspection - 03 september 2014.pdf",
        "80530_north yorkshire/children's services inspection - 30 june 2014.pdf",
        "80538_plymouth/children's services inspection - 06 january 2015.pdf",
        "80539_portsmouth/children's services inspection - 01 september 2014.pdf",
        "80576_warwickshire/children's services inspection - 14 july 2017.pdf",
    ],
    "Southwark judgement": [
        "80469_gateshead/children's services inspection - 11 march 2016.pdf",
        "80546_windsor & maidenhead/children's services inspection - 13 may 2015.pdf",
        "80560_st helens/children's services inspection - 20 january 2015.pdf",
    ],
    "graded care profile neglect": [
        "80418_norfolk/children's services inspection - 13 january 2023.pdf",
        "80418_norfolk/children's services inspection - 20 october 2015.pdf",
        "80426_barnsley/children's services inspection - 19 november 2018.pdf",
        "80429_birmingham/children's services inspection - 23 may 2014.pdf",
        "80432_bolton/children's services inspection - 12 june 2018.pdf",
        "80443_bury/children's services inspection - 16 may 2016.pdf",
        "80447_cheshire east/children's services inspection - 15 september 2015.pdf",
        "80448_cheshire west and chester/children's services inspection - 19 february 2016.pdf",
        "80459_derby/children's services inspection - 13 june 2017.pdf",
        "80460_derbyshire/children's services focused visit - 22 march 2018.pdf",
        "80464_dudley/children's services inspection - 10 december 2018.pdf",
        "80466_east riding of yorkshire/children's services inspection - 13 february 2017.pdf",
        "80469_gateshead/children's services inspection - 11 march 2016.pdf",
        "80473_hartlepool/children's services inspection - 11 february 2014.pdf",
        "80474_herefordshire/children's services focused visit - 16 august 2021.pdf",
        "80474_herefordshire/children's services focused visit - 21 january 2020.pdf",
        "80474_herefordshire/children's services inspection - 23 july 2018.pdf",
        "80475_hertfordshire/children's services inspection - 27 november 2015.pdf",
        "80520_luton/children's services inspection - 29 march 2016.pdf",
        "80521_manchester/children's services inspection - 11 november 2025.pdf",
        "80522_medway/children's services focused visit - 28 february 2019.pdf",
        "80542_rochdale/children's services inspection - 05 december 2014.pdf",
        "80550_sefton/children's services inspection - 27 june 2016.pdf",
        "80552_shropshire/children's services inspection - 24 november 2017.pdf",
        "80554_solihull/children's services inspection - 07 july 2016.pdf",
        "80557_south tyneside/children's services inspection - 24 november 2017.pdf",
        "80559_southend-on-sea/children's services inspection - 03 december 2024.pdf",
        "80560_st helens/children's services inspection - 04 november 2019.pdf",
        "80560_st helens/children's services inspection - 20 january 2015.pdf",
        "80562_stockport/children's services focused visit - 28 february 2024.pdf",
        "80562_stockport/children's services inspection - 18 may 2022.pdf",
        "80570_telford & wrekin/children's services inspection - 26 august 2016.pdf",
        "80572_torbay/children's services inspection - 05 january 2016.pdf",
        "80578_west sussex/children's services inspection - 20 january 2016.pdf",
        "80579_wigan/children's services focused visit - 08 may 2019.pdf",
        "80579_wigan/children's services inspection - 31 march 2017.pdf",
        "80581_wirral/children's services inspection - 20 september 2016.pdf",
    ],
    "Mind of My Own app": [
        "80461_devon/children's services inspection - 12 may 2015.pdf",
        "80469_gateshead/children's services inspection - 11 march 2016.pdf",
        "80475_hertfordshire/children's services inspection - 19 november 2018.pdf",
        "80498_haringey/children's services inspection - 14 december 2018.pdf",
        "80511_newham/children's services inspection - 25 march 2019.pdf",
        "80532_northumberland/children's services inspection - 02 march 2020.pdf",
        "80566_sunderland/children's services inspection - 11 march 2025.pdf",
        "80566_sunderland/children's services inspection - 25 july 2018.pdf",
        "80577_west berkshire/children's services inspection - 07 july 2017.pdf",
    ],
    "Signs of Safety": [
        "80418_norfolk/children's services inspection - 19 january 2018.pdf",
        "80418_norfolk/children's services inspection - 20 october 2015.pdf",
        "80455_isles of scilly/children's services inspection - 27 june 2016.pdf",
        "80458_darlington/children's services inspection - 21 may 2018.pdf",
        "80462_doncaster/children's services inspection - 19 january 2018.pdf",
        "80462_doncaster/children's services inspection - 27 november 2015.pdf",
        "80464_dudley/children's services inspection - 05 april 2016.pdf",
        "80466_east riding of yorkshire/children's services inspection - 13 february 2017.pdf",
        "80473_hartlepool/children's services focused visit - 27 march 2020.pdf",
        "80483_leicestershire/children's services inspection - 13 february 2017.pdf",
        "80484_lincolnshire/children's services inspection - 06 january 2015.pdf",
        "80489_brent/children's services inspection - 30 november 2015.pdf",
        "80490_bromley/children's services inspection - 27 june 2016.pdf",
        "80501_hillingdon/children's services inspection - 11 february 2014.pdf",
        "80506_lambeth/children's services inspection - 12 may 2015.pdf",
        "80510_merton/children's services inspection - 25 august 2017.pdf",
        "80514_southwark/children's services inspection - 13 june 2017.pdf",
        "80518_wandsworth/children's services inspection - 16 february 2016.pdf",
        "80518_wandsworth/children's services inspection - 20 july 2018.pdf",
        "80521_manchester/children's services inspection - 21 december 2017.pdf",
        "80526_north east lincolnshire/children's services inspection - 25 september 2017.pdf",
        "80530_north yorkshire/children's services inspection - 30 june 2014.pdf",
        "80532_northumberland/children's services inspection - 14 april 2016.pdf",
        "80533_nottingham/children's services inspection - 14 may 2014.pdf",
        "80536_oxfordshire/children's services inspection - 30 june 2014.pdf",
        "80550_sefton/children's services inspection - 27 june 2016.pdf",
        "80554_solihull/children's services inspection - 07 july 2016.pdf",
        "80556_south gloucestershire/children's services inspection - 13 february 2017.pdf",
        "80560_st helens/children's services inspection - 20 january 2015.pdf",
        "80566_sunderland/children's services inspection - 20 july 2015.pdf",
        "80572_torbay/children's services inspection - 05 january 2016.pdf",
        "80572_torbay/children's services inspection - 24 august 2018.pdf",
        "80577_west berkshire/children's services inspection - 07 july 2017.pdf",
        "80577_west berkshire/children's services inspection - 18 may 2015.pdf",
        "80578_west sussex/children's services inspection - 20 january 2016.pdf",
        "80582_wokingham/children's services inspection - 05 january 2016.pdf",
    ],
    "Care 4 Us council": [
        "80426_barnsley/children's services inspection - 08 august 2014.pdf",
        "80451_wakefield/children's services inspection - 20 september 2016.pdf",
    ],
    "knife crime": [
        "80469_gateshead/children's services inspection - 11 june 2019.pdf",
        "80478_kirklees/children's services inspection - 05 august 2019.pdf",
        "80491_camden/children's services inspection - 21 june 2022.pdf",
        "80491_camden/children's services inspection - 24 november 2017.pdf",
        "80495_greenwich/children's services focused visit - 23 august 2021.pdf",
        "80498_haringey/children's services inspection - 14 december 2018.pdf",
        "80499_harrow/children's services inspection - 31 march 2017.pdf",
        "80514_southwark/children's services focused visit - 13 november 2020.pdf",
        "80514_southwark/children's services inspection - 13 june 2017.pdf",
        "80533_nottingham/children's services inspection - 07 january 2019.pdf",
    ],
    "Family Drug and Alcohol Court": [
        "2637539_north northamptonshire/children's services inspection - 07 july 2026.pdf",
        "80481_leeds/children's services inspection - 18 december 2018.pdf",
        "80481_leeds/children's services inspection - 27 march 2015.pdf",
        "80510_merton/children's services inspection - 25 august 2017.pdf",
        "80512_redbridge/children's services inspection - 23 july 2024.pdf",
        "80515_sutton/children's services inspection - 13 february 2017.pdf",
        "80518_wandsworth/children's services inspection - 20 july 2018.pdf",
        "80550_sefton/children's services inspection - 27 june 2016.pdf",
        "80554_solihull/children's services inspection - 09 january 2020.pdf",
        "80558_southampton/children's services inspection - 28 july 2023.pdf",
        "80562_stockport/children's services inspection - 15 july 2025.pdf",
        "80562_stockport/children's services inspection - 18 may 2022.pdf",
    ],
    "deprivation of liberty orders": [
        "80418_norfolk/children's services inspection - 18 may 2026.pdf",
        "80428_bedford/children's services inspection - 14 january 2022.pdf",
        "80448_cheshire west and chester/children's services inspection - 08 may 2019.pdf",
        "80451_wakefield/children's services focused visit - 09 may 2023.pdf",
        "80451_wakefield/children's services inspection - 18 july 2025.pdf",
        "80460_derbyshire/children's services inspection - 12 january 2024.pdf",
        "80465_durham/children's services inspection - 05 july 2022.pdf",
        "80474_herefordshire/children's services inspection - 21 september 2022.pdf",
        "80480_lancashire/children's services inspection - 20 august 2026.pdf",
        "80490_bromley/children's services inspection - 12 january 2024.pdf",
        "80494_enfield/children's services inspection - 04 september 2024.pdf",
        "80496_hackney/children's services inspection - 20 august 2024.pdf",
        "80506_lambeth/children's services inspection - 16 december 2022.pdf",
        "80510_merton/children's services inspection - 25 august 2017.pdf",
        "80514_southwark/children's services inspection - 18 may 2026.pdf",
        "80521_manchester/children's services inspection - 11 november 2025.pdf",
        "80550_sefton/children's services inspection - 12 august 2025.pdf",
        "80552_shropshire/children's services inspection - 24 november 2017.pdf",
        "80554_solihull/children's services inspection - 12 january 2026.pdf",
        "80559_southend-on-sea/children's services inspection - 03 december 2024.pdf",
    ],
    "Partners in Practice": [
        "80431_blackpool/children's services focused visit - 09 april 2021.pdf",
        "80447_cheshire east/children's services focused visit - 22 november 2018.pdf",
        "80465_durham/children's services focused visit - 04 february 2019.pdf",
        "80466_east riding of yorkshire/children's services focused visit - 04 october 2018.pdf",
        "80466_east riding of yorkshire/children's services focused visit - 25 june 2021.pdf",
        "80474_herefordshire/children's services focused visit - 14 february 2019.pdf",
        "80484_lincolnshire/children's services inspection - 11 june 2019.pdf",
        "80499_harrow/children's services inspection - 04 march 2025.pdf",
        "80513_richmond upon thames/children's services inspection - 08 december 2017.pdf",
        "80520_luton/children's services focused visit - 04 june 2019.pdf",
        "80520_luton/children's services inspection - 24 february 2020.pdf",
        "80530_north yorkshire/children's services inspection - 06 august 2018.pdf",
        "80558_southampton/children's services focused visit - 18 june 2021.pdf",
        "80559_southend-on-sea/children's services inspection - 27 august 2019.pdf",
    ],
    "Mockingb*": [
        "80451_wakefield/children's services inspection - 05 january 2022.pdf",
        "80462_doncaster/children's services inspection - 19 january 2018.pdf",
        "80469_gateshead/children's services inspection - 29 january 2025.pdf",
        "80481_leeds/children's services inspection - 09 may 2022.pdf",
        "80481_leeds/children's services inspection - 18 december 2018.pdf",
        "80486_barking and dagenham/children's services inspection - 01 april 2019.pdf",
        "80495_greenwich/children's services inspection - 05 august 2016.pdf",
        "80496_hackney/children's services inspection - 20 december 2019.pdf",
        "80525_newcastle upon tyne/children's services inspection - 25 june 2025.pdf",
        "80538_plymouth/children's services inspection - 15 march 2024.pdf",
        "80557_south tyneside/children's services inspection - 10 may 2023.pdf",
        "80561_staffordshire/children's services inspection - 12 january 2024.pdf",
        "80562_stockport/children's services inspection - 18 may 2022.pdf",
        "80579_wigan/children's services inspection - 05 july 2022.pdf",
        "80579_wigan/children's services inspection - 31 march 2017.pdf",
    ],
    "forced marriage honour based violence": [
        "80428_bedford/children's services inspection - 07 april 2017.pdf",
        "80450_london corporation/children's services inspection - 20 september 2016.pdf",
        "80480_lancashire/children's services inspection - 17 august 2018.pdf",
        "80480_lancashire/children's services inspection - 27 november 2015.pdf",
        "80496_hackney/children's services inspection - 21 september 2016.pdf",
        "80515_sutton/children's services inspection - 13 february 2017.pdf",
        "80520_luton/children's services inspection - 05 september 2022.pdf",
        "80532_northumberland/children's services inspection - 14 april 2016.pdf",
        "80535_oldham/children's services inspection - 04 march 2019.pdf",
        "80554_solihull/children's services focused visit - 02 august 2021.pdf",
        "80564_stoke-on-trent/children's services inspection - 12 august 2015.pdf",
        "80570_telford & wrekin/children's services inspection - 26 august 2016.pdf",
        "80584_worcestershire/children's services inspection - 29 july 2019.pdf",
    ],
    # Phrase cases: the words as written, side by side (whitespace only between them), found
    # in each PDF's text (pdfium) across every report in ../shared; a stemmed reading would
    # also match "social workers' visits", "partner agencies, social workers", "staff surveys".
    '"social worker visits"': [
        "80448_cheshire west and chester/children's services inspection - 19 february 2016.pdf",
        "80486_barking and dagenham/children's services inspection - 04 september 2023.pdf",
        "80560_st helens/children's services inspection - 04 september 2023.pdf",
        "80564_stoke-on-trent/children's services inspection - 15 july 2025.pdf",
    ],
    '"agency social workers"': [
        "2532287_bournemouth, christchurch & poole/children's services inspection - 11 february 2022.pdf",
        "2733690_cumberland/children's services inspection - 26 november 2024.pdf",
        "80418_norfolk/children's services inspection - 19 january 2018.pdf",
        "80419_isle of wight/children's services inspection - 15 december 2023.pdf",
        "80429_birmingham/children's services inspection - 23 may 2014.pdf",
        "80436_bracknell forest/children's services inspection - 14 july 2017.pdf",
        "80441_bristol/children's services inspection - 05 december 2014.pdf",
        "80443_bury/children's services inspection - 17 december 2021.pdf",
        "80445_cambridgeshire/children's services inspection - 08 august 2014.pdf",
        "80459_derby/children's services inspection - 13 june 2017.pdf",
        "80467_east sussex/children's services inspection - 04 september 2018.pdf",
        "80470_gloucestershire/children's services inspection - 01 april 2022.pdf",
        "80473_hartlepool/children's services inspection - 28 august 2018.pdf",
        "80485_liverpool/children's services inspection - 18 july 2014.pdf",
        "80488_bexley/children's services focused visit - 14 march 2025.pdf",
        "80489_brent/children's services inspection - 30 november 2015.pdf",
        "80498_haringey/children's services inspection - 18 july 2014.pdf",
        "80520_luton/children's services focused visit - 05 july 2018.pdf",
        "80522_medway/children's services inspection - 27 november 2015.pdf",
        "80525_newcastle upon tyne/children's services inspection - 07 july 2017.pdf",
        "80528_north somerset/children's services inspection - 10 june 2020.pdf",
        "80533_nottingham/children's services inspection - 05 september 2022.pdf",
        "80535_oldham/children's services focused visit - 14 january 2022.pdf",
        "80536_oxfordshire/children's services inspection - 30 june 2014.pdf",
        "80537_peterborough/children's services inspection - 18 september 2015.pdf",
        "80540_reading/children's services inspection - 05 august 2016.pdf",
        "80542_rochdale/children's services focused visit - 16 june 2025.pdf",
        "80543_rotherham/children's services inspection - 29 january 2018.pdf",
        "80547_rutland/children's services inspection - 13 february 2017.pdf",
        "80549_sandwell/children's services inspection - 05 july 2022.pdf",
        "80549_sandwell/children's services inspection,  pdf - 02 august 2013.pdf",
        "80552_shropshire/children's services focused visit - 12 january 2024.pdf",
        "80553_slough/children's services inspection - 17 february 2016.pdf",
        "80555_somerset/children's services inspection - 27 march 2015.pdf",
        "80558_southampton/children's services focused visit - 13 january 2023.pdf",
        "80558_southampton/children's services inspection - 15 september 2014.pdf",
        "80563_stockton-on-tees/children's services inspection - 05 august 2016.pdf",
        "80566_sunderland/children's services inspection - 20 july 2015.pdf",
        "80570_telford & wrekin/children's services inspection - 26 august 2016.pdf",
        "80575_warrington/children's services inspection - 12 may 2015.pdf",
        "80579_wigan/children's services inspection - 05 july 2022.pdf",
        "80581_wirral/children's services inspection - 20 september 2016.pdf",
        "80582_wokingham/children's services focused visit - 28 january 2025.pdf",
    ],
    '"staff survey"': [
        "80427_bath and north east somerset/children's services inspection - 07 july 2017.pdf",
        "80446_central bedfordshire/children's services inspection - 25 august 2017.pdf",
        "80461_devon/children's services inspection - 12 may 2015.pdf",
        "80470_gloucestershire/children's services inspection - 13 june 2017.pdf",
        "80472_hampshire/children's services inspection - 22 april 2014.pdf",
        "80490_bromley/children's services focused visit - 19 october 2021.pdf",
        "80497_hammersmith and fulham/children's services inspection - 15 october 2019.pdf",
        "80528_north somerset/children's services inspection - 25 august 2017.pdf",
        "80529_north tyneside/children's services inspection - 15 april 2020.pdf",
        "80534_nottinghamshire/children's services inspection - 20 july 2015.pdf",
        "80555_somerset/children's services inspection - 29 january 2018.pdf",
        "80565_suffolk/children's services inspection - 11 february 2016.pdf",
        "80565_suffolk/children's services inspection - 21 may 2019.pdf",
    ],
}


def build(db: Path, corpus: Path = CORPUS) -> None:
    """The registry exactly as `cscwatch build` makes it."""
    db.unlink(missing_ok=True)
    result = registry_build(store.connect(f"sqlite:///{db}", create=True), corpus)
    print(f"built {db} from {result.seen} files in {result.seconds:.1f}s")


def evaluate(db: Path, repeats: int = 5) -> dict:
    engine = create_engine(f"sqlite:///{db}")
    rows, times, cpu = [], [], []
    for query, relevant in JUDGED.items():
        relevant = set(relevant)
        results = search(engine, query, limit=100)
        for _ in range(repeats):
            t0, c0 = time.perf_counter(), time.thread_time()
            search(engine, query, limit=20)
            times.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.thread_time() - c0) * 1000)
        ranked: list[str] = []
        for r in results:
            if r["source_file"] not in ranked:
                ranked.append(r["source_file"])
        top = ranked[:5]
        p5 = sum(f in relevant for f in top) / min(5, len(relevant))
        rr = next((1 / (i + 1) for i, f in enumerate(ranked) if f in relevant), 0.0)
        rows.append((query, len(relevant), p5, rr))
    empties = {q: len(search(engine, q)) for q in MUST_BE_EMPTY}
    refused = {}
    for q in MUST_BE_REFUSED:
        try:
            refused[q] = f"answered ({len(search(engine, q))} results)"
        except QueryError:
            refused[q] = "refused"
    times.sort()
    cpu.sort()
    return {
        "rows": rows,
        "p_at_5": statistics.mean(r[2] for r in rows),
        "mrr": statistics.mean(r[3] for r in rows),
        "p50_ms": times[len(times) // 2],
        "p95_ms": times[int(0.95 * (len(times) - 1))],
        # CPU time of the searching thread: what a query costs, whatever else the machine runs
        "cpu_p50_ms": cpu[len(cpu) // 2],
        "cpu_p95_ms": cpu[int(0.95 * (len(cpu) - 1))],
        "empties": empties,
        "refused": refused,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, default=Path("/tmp/cscwatch-search-bench.db"))
    ap.add_argument("--rebuild", action="store_true")
    args = ap.parse_args(argv)
    if not CORPUS.is_dir():
        print(f"no corpus at {CORPUS}", file=sys.stderr)
        return 2
    if args.rebuild or not args.db.exists():
        build(args.db)
    res = evaluate(args.db)
    print(f"{'query':42s} {'relevant':>8s} {'P@5':>5s} {'RR':>5s}")
    for q, n, p5, rr in res["rows"]:
        print(f"{q[:42]:42s} {n:8d} {p5:5.2f} {rr:5.2f}")
    print(
        f"\n{len(res['rows'])} judged queries: mean P@5 {res['p_at_5']:.3f}  MRR {res['mrr']:.3f}"
    )
    print(f"latency over judged queries: p50 {res['p50_ms']:.1f} ms  p95 {res['p95_ms']:.1f} ms")
    print(f"CPU time per query: p50 {res['cpu_p50_ms']:.1f} ms  p95 {res['cpu_p95_ms']:.1f} ms")
    print(f"queries that must find nothing: {res['empties']}")
    print(f"queries that must be refused (usage errors): {res['refused']}")
    ok = (
        all(v == 0 for v in res["empties"].values())
        and all(v == "refused" for v in res["refused"].values())
        and res["p95_ms"] < 30
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
