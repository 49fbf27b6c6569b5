import datetime as dt

import polars as pl
import pytest
import xlsxwriter

from cscwatch.casework.read import InputError, list_number, read_workbook


def test_sheet_names_do_not_confuse_1_10_11():
    assert list_number("List 1") == 1
    assert list_number("list_10") == 10
    assert list_number("Annex A - List 11 Adopters") == 11
    assert list_number("Summary") is None


def _messy(path):
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("LIST 1")
    sheet.write_row(0, 0, ["Annex A export"])
    sheet.write_row(
        1,
        0,
        [
            "child  unique id",
            "GENDER",
            "Ethnicity ",
            "date of birth",
            "Age of Child (Years)",
            "Date of Contact",
            "Contact Source",
            "Notes",
        ],
    )
    sheet.write_row(
        2,
        0,
        ["C1", "b) Female", "a) WBRI", "01/02/2015", "11", "05/10/2026", "a) 1A: Individual", "x"],
    )
    sheet.write_row(4, 0, ["C2", "Male", "APKN", "2016-03-04", "10.7", "06/10/2026", "6", ""])
    sheet.write_number(5, 5, 46300)  # Excel serial date
    sheet.write_row(5, 0, ["C3", "d) Neither", "k) APKN", "01/01/2014", "12"])
    sheet.write_row(5, 6, ["u) 10: Unknown"])
    book.close()


def test_header_variations(tmp_path):
    path = tmp_path / "messy.xlsx"
    _messy(path)
    wb = read_workbook(path)
    ld = wb.lists[1]
    assert ld.header_row == 2
    assert ld.blank_rows == 1
    assert ld.extra_columns == ["Notes"]
    assert ld.missing_columns == []
    df = ld.frame
    assert df["_row"].to_list() == [3, 5, 6]
    assert df["gender"].to_list() == ["Female", "Male", "Neither"]
    assert df["ethnicity"].to_list() == ["WBRI", "APKN", "APKN"]
    assert df["contact_source"].to_list() == ["1A", "6", "10"]
    assert df["age"].to_list() == [11, 10, 12]
    assert df["dob"][1] == dt.date(2016, 3, 4)
    assert df["contact_date"].to_list() == [
        dt.date(2026, 10, 5),
        dt.date(2026, 10, 6),
        dt.date(2026, 10, 5),
    ]


def test_csv_folder_and_curly_quotes(tmp_path):
    folder = tmp_path / "csvs"
    folder.mkdir()
    pl.DataFrame(
        {
            "Child Unique ID": ["C1"],
            "Number of Episodes the Child has been \u2018Missing\u2019 from their Placement in the "
            "last 12 months": ["2"],
        }
    ).write_csv(folder / "Annex_A_list_8.csv")
    wb = read_workbook(folder)
    assert wb.lists[8].frame["missing_12m"].to_list() == [2]
    assert 1 in wb.missing_lists


def test_unreadable_file_is_one_input_error_naming_it(tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a workbook")
    with pytest.raises(InputError, match=r"^bad\.xlsx: could not be read \("):
        read_workbook(bad)
