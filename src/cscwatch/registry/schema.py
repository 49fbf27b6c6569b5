"""The registry's tables (SQLAlchemy Core). Dates are ISO 'YYYY-MM-DD' strings; grades are
'outstanding', 'good', 'requires_improvement', 'inadequate' or NULL where nothing was judged."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    inspect,
)

metadata = MetaData()

AREAS = (
    "overall",
    "help_and_protection",
    "children_in_care",
    "care_leavers",
    "leadership",
    "adoption",
    "lscb",
)

# The export contract of `cscwatch export judgments`, in order.
EXPORT_COLUMNS = (
    "source_file",
    "urn",
    "la_code",
    "ons_code",
    "la_name",
    "region",
    "kind",
    "framework",
    "inspection_type",
    "inspection_start",
    "inspection_end",
    "published",
    "published_source",
    "lead_inspector",
    *AREAS,
    "status",
    "error",
    # Visits between inspections (empty where they do not apply).
    "focus",
    "priority_actions",
    "visit_number",
    # fetch: where the file came from (filled at build time from the downloads manifest)
    "source_url",
)

reports = Table(
    "reports",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source_file", Text, nullable=False, unique=True),
    Column("sha256", String(64), nullable=False, index=True),
    Column("size", Integer),
    Column("mtime_ns", BigInteger),  # with size, lets a re-run skip hashing untouched files
    Column("page_count", Integer),
    Column("urn", String(10)),
    Column("la_code", String(3), index=True),
    Column("ons_code", String(9)),
    Column("la_name", Text),
    Column("region", Text),
    Column("la_source", String(16)),  # where the council was read: 'text' or 'path'
    Column("kind", String(32)),
    Column("framework", String(8)),
    Column("inspection_type", String(16)),
    Column("inspection_start", String(10)),
    Column("inspection_end", String(10)),
    Column("published", String(10)),
    Column("published_source", String(16)),
    Column("pdf_created", String(10)),
    Column("lead_inspector", Text),
    *(Column(a, String(24)) for a in AREAS),
    Column("cic_combined", Boolean),  # ILACS before 2023: children in care and care leavers as one
    Column("status", String(8), nullable=False),
    Column("error", Text),
    Column("parser_version", String(16)),
    # Visits between inspections: the focus (vocabulary `visit_focus`), the areas for priority
    # action a focused visit sets, and a monitoring visit's number in its series.
    Column("focus", String(24)),
    Column("priority_actions", Integer),
    Column("visit_number", Integer),
    # fetch: the URL the file was downloaded from (matched by path, else sha256, in downloads)
    Column("source_url", Text),
    # A hash of the size and first and last 64 KiB: catches an edit that keeps size and mtime.
    Column("quick_check", String(32)),
    Column("root", Text),  # the folder the report was built from (its file is root/source_file)
)

judgments = Table(
    "judgments",
    metadata,
    Column("report_id", Integer, ForeignKey("reports.id", ondelete="CASCADE"), index=True),
    Column("area", String(32), nullable=False),
    Column("grade", String(24), nullable=False),
    Column("page", Integer),
    Column("label", Text),  # the judgement's name as printed (a fact, not prose)
)

recommendations = Table(
    "recommendations",
    metadata,
    Column("report_id", Integer, ForeignKey("reports.id", ondelete="CASCADE"), index=True),
    Column("position", Integer, nullable=False),
    Column("kind", String(16)),  # 'priority' or 'improvement'; a visit's 'priority_action'
    # The recommendation as printed; NULL in the embedded registry, which ships no report prose.
    Column("text", Text),
    Column("page", Integer),
    Column("recurs", Boolean),  # raised again at the council's next inspection
)

context_figures = Table(
    "context_figures",
    metadata,
    Column("report_id", Integer, ForeignKey("reports.id", ondelete="CASCADE"), index=True),
    Column("figure", String(48), nullable=False),
    Column("value", Float),
    Column("unit", String(16)),
    Column("as_of", String(10)),
    Column("page", Integer),
)

passages = Table(
    "passages",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("report_id", Integer, ForeignKey("reports.id", ondelete="CASCADE"), index=True),
    Column("page", Integer),
    Column("section", Text),
    Column("text", Text, nullable=False),
)

theme_counts = Table(
    "theme_counts",
    metadata,
    Column("report_id", Integer, ForeignKey("reports.id", ondelete="CASCADE"), index=True),
    Column("theme", String(48), nullable=False),
    Column("section", Text),
    Column("count", Integer, nullable=False),
)

# Interventions the reports state (a trust running the services, a statutory direction, a
# commissioner, an improvement board...): kinds in data/interventions.yaml. ``date`` is as precise
# as stated ('YYYY', 'YYYY-MM' or 'YYYY-MM-DD'), else the report's date (``date_stated`` false).
interventions = Table(
    "interventions",
    metadata,
    Column("report_id", Integer, ForeignKey("reports.id", ondelete="CASCADE"), index=True),
    Column("kind", String(32), nullable=False),
    Column("detail", Text),
    Column("date", String(10)),
    Column("date_stated", Boolean),
    Column("page", Integer),
)


# fetch: the manifest of downloaded report files (``cscwatch fetch``), one row per URL. ``path``
# is the file's path relative to the folder fetched into (the ``source_file`` a build of that
# folder gives it); ``etag`` and ``last_modified`` are the server's validators, sent back on a
# re-check; times are ISO 8601 UTC.
downloads = Table(
    "downloads",
    metadata,
    Column("url", Text, primary_key=True),
    Column("path", Text, nullable=False, index=True),
    Column("urn", String(10)),
    Column("title", Text),
    Column("published", String(10)),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("sha256", String(64), index=True),
    Column("size", Integer),
    Column("fetched", String(32)),  # when the bytes were last downloaded
    Column("checked", String(32)),  # when the URL was last confirmed (downloaded or 304)
)


def upgrade(engine) -> list[str]:
    """Bring a registry made by an older version up to this schema: missing tables are made
    (``create_all``), and missing columns (all nullable) are added to existing tables. Returns
    the columns added, as 'table.column'. Rows stored before keep NULL there until rebuilt or
    refreshed (a build fills in ``quick_check`` and ``root`` of unchanged files)."""
    from sqlalchemy.schema import CreateColumn

    metadata.create_all(engine)
    added = []
    with engine.begin() as conn:
        present = inspect(conn)
        for table in metadata.sorted_tables:
            have = {c["name"] for c in present.get_columns(table.name)}
            for column in table.columns:
                if column.name not in have and column.nullable and not column.primary_key:
                    ddl = CreateColumn(column).compile(dialect=conn.dialect)
                    name = conn.dialect.identifier_preparer.format_table(table)
                    conn.exec_driver_sql(f"ALTER TABLE {name} ADD COLUMN {ddl}")
                    added.append(f"{table.name}.{column.name}")
    return added
