"""Vectorised parsing of Annex A cell text into typed values (dates, counts, Yes/No, codes)."""

from __future__ import annotations

import polars as pl

from cscwatch.casework.layout import code_sets

LETTER_PREFIX = r"^[a-zA-Z]{1,2}\)\s*"
EXCEL_EPOCH = pl.date(1899, 12, 30)
YES = {"yes", "y", "1", "1.0", "true"}
NO = {"no", "n", "0", "0.0", "false"}


def clean_text(col: str) -> pl.Expr:
    """Strip spaces (incl. non-breaking) and turn empty cells into nulls."""
    text = pl.col(col).cast(pl.Utf8).str.replace_all("\u00a0", " ").str.strip_chars()
    return pl.when(text == "").then(None).otherwise(text).alias(col)


def parse_date(col: str) -> pl.Expr:
    """dd/mm/yyyy text, ISO text (with or without time) or an Excel serial number."""
    text = pl.col(col)
    serial = text.str.extract(r"^(\d{1,5})(?:\.\d+)?$").cast(pl.Int64, strict=False)
    serial_date = pl.when(serial.is_between(1, 80000)).then(EXCEL_EPOCH + pl.duration(days=serial))
    return pl.coalesce(
        text.str.strptime(pl.Date, "%d/%m/%Y", strict=False),
        text.str.slice(0, 10).str.strptime(pl.Date, "%Y-%m-%d", strict=False),
        text.str.strptime(pl.Date, "%d-%m-%Y", strict=False),
        serial_date.cast(pl.Date),
    )


def parse_int(col: str) -> pl.Expr:
    digits = pl.col(col).str.extract(r"^(\d+)(?:\.0+)?$")
    return digits.cast(pl.Int64, strict=False)


def parse_age(col: str) -> pl.Expr:
    """Completed years; a negative, infinite or absurd (beyond Int64) value is null, so it
    becomes a DQ-105 finding rather than a failed cast."""
    value = pl.col(col).cast(pl.Float64, strict=False)
    return pl.when(value.is_finite() & (value >= 0)).then(
        value.floor().cast(pl.Int64, strict=False)
    )


def parse_yes_no(col: str) -> pl.Expr:
    text = pl.col(col).str.to_lowercase().str.replace(LETTER_PREFIX, "").str.strip_chars()
    return pl.when(text.is_in(list(YES))).then(True).when(text.is_in(list(NO))).then(False)


def parse_code(col: str, code_set: str) -> pl.Expr:
    """Map a label such as ``f) U6: Foster placement`` to its code (``U6``); null when unknown."""
    lookup = code_sets()[code_set].lookup
    text = (
        pl.col(col)
        .str.replace(LETTER_PREFIX, "")
        .str.to_lowercase()
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
    )
    before_colon = text.str.split(":").list.first().str.strip_chars()
    first_word = text.str.extract(r"^([^\s:]+)")

    def look(expr: pl.Expr) -> pl.Expr:
        return expr.replace_strict(lookup, default=None, return_dtype=pl.Utf8)

    return pl.coalesce(look(text), look(before_colon), look(first_word))


def typed_series(raw: pl.Series, type_: str, codes: str | None) -> pl.Series:
    """Typed column from cleaned text. Each distinct value is parsed once and mapped back, which
    is much faster than parsing every cell: dates and codes repeat a great deal."""
    name = raw.name
    if type_ in ("id", "text", "postcode", "urn"):
        return raw
    distinct = raw.drop_nulls().unique()
    parsed = distinct.to_frame().select(typed(name, type_, codes))[name]
    if distinct.len() == 0:
        return pl.Series(name, [None] * raw.len(), dtype=parsed.dtype)
    return raw.replace_strict(distinct, parsed, default=None, return_dtype=parsed.dtype)


def typed(col: str, type_: str, codes: str | None) -> pl.Expr:
    match type_:
        case "date" | "dob":
            expr = parse_date(col)
        case "int":
            expr = parse_int(col)
        case "age":
            expr = parse_age(col)
        case "yn":
            expr = parse_yes_no(col)
        case "code":
            expr = parse_code(col, codes or "")
        case _:
            expr = pl.col(col)
    return expr.alias(col)
