import datetime
import re

import pytest

from astrophoto.importing.values import (
    IncompleteDate,
    RowRejected,
    check_length,
    check_range,
    clean_text,
    html_to_text,
    parse_date,
    parse_decimal,
    parse_integer,
    repair_mojibake,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  Soyuz T\u00ad13 ", "Soyuz T13"),
        ("A\x00B\x00", "AB"),
        ("USAF MOL Group 2 \r\n NASA- 7", "USAF MOL Group 2 NASA- 7"),
        ("zero\u200bwidth\ufeff", "zerowidth"),
        ("bell\x07 and\u00a0space", "bell and space"),
        ("Cafe\u0301", "Café"),
        ("", ""),
    ],
)
def test_clean_text_removes_invisible_characters_and_tidies_spacing(text, expected):
    assert clean_text(text) == expected


def test_clean_text_keeps_paragraphs_when_asked():
    text = "First  line\r\nsecond\n\n\n\nThird\t paragraph "

    assert clean_text(text, multiline=True) == "First line\nsecond\n\nThird paragraph"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("PONTA C\u00c3\u0083\u00c5\u00a1BU", "PONTA CÚBU"),
        ("MONTA\u00c3\u0083\u00e2\u0080\u0098A ROJA", "MONTAÑA ROJA"),
        ("GUANT\u00c3\u0081NAMO", "GUANTÁNAMO"),
        ("WALKER\u00c3\u00a2\u00e2\u0082\u00ac\u00e2\u0084\u00a2S CAY", "WALKER\u2019S CAY"),
        ("SÃO PAULO", "SÃO PAULO"),
        ("Jean-Loup Chrétien", "Jean-Loup Chrétien"),
        ("ÀÉ", "ÀÉ"),
        ("plain", "plain"),
    ],
)
def test_repair_mojibake_undoes_double_encoding_and_leaves_correct_text(text, expected):
    assert repair_mojibake(text) == expected


def test_html_to_text_turns_markup_into_paragraphs_without_tags():
    markup = (
        "<P>Hurricane Erin passed<br>northeast of Bermuda.</P><br><P>Skies cleared.</P>"
        "<script>alert(1)</script><ul><li>one</li><li>two</li></ul>Tom &amp; Jerry &lt;3"
    )

    assert html_to_text(markup) == (
        "Hurricane Erin passed northeast of Bermuda.\n\nSkies cleared.\n\n- one\n- two\n\n"
        "Tom & Jerry <3"
    )


def test_html_to_text_keeps_a_break_before_a_new_sentence():
    assert html_to_text("Tel Aviv, Israel.<br>A small section") == (
        "Tel Aviv, Israel.\nA small section"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [(".5", 0.5), ("-.5", -0.5), ("  6000", 6000.0), ("12.", 12.0), ("+3.25", 3.25), ("", None)],
)
def test_parse_decimal_reads_loose_decimals(text, expected):
    assert parse_decimal(text, "lat") == expected


@pytest.mark.parametrize("text", ["1,5", "nan", "inf", "1e5", "--1", "12 3", "."])
def test_parse_decimal_rejects_what_is_not_a_plain_number(text):
    with pytest.raises(RowRejected, match=re.escape(f"lat '{text}' is not a number")):
        parse_decimal(text, "lat")


def test_parse_integer_reads_padded_whole_numbers_and_rejects_the_rest():
    assert parse_integer("   6000", "frame") == 6000
    assert parse_integer(" ", "frame") is None
    with pytest.raises(RowRejected, match=r"frame '6\.5' is not a whole number"):
        parse_integer("6.5", "frame")


def test_checks_name_the_value_and_the_limit():
    assert check_range(None, "lat", -90, 90) is None
    with pytest.raises(RowRejected, match=r"lat 95\.5 is outside -90 to 90"):
        check_range(95.5, "lat", -90, 90)
    with pytest.raises(RowRejected, match="place is 6 characters long; at most 5 fit"):
        check_length("Paris!", "place", 5)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2000-10-31", datetime.date(2000, 10, 31)),
        ("31 October 2000", datetime.date(2000, 10, 31)),
        ("08 March 2001", datetime.date(2001, 3, 8)),
        ("October 31, 2000", datetime.date(2000, 10, 31)),
        ("31 Oct. 2000", datetime.date(2000, 10, 31)),
        ("21 novembre 2011", datetime.date(2011, 11, 21)),
        ("1er mars 2012", datetime.date(2012, 3, 1)),
        ("3 août 2010", datetime.date(2010, 8, 3)),
        ("17 Décembre 2001", datetime.date(2001, 12, 17)),
        (" 14 November 2008 ", datetime.date(2008, 11, 14)),
        ("", None),
    ],
)
def test_parse_date_reads_iso_english_and_french_dates(text, expected):
    assert parse_date(text, "start") == expected


def test_parse_date_says_what_is_wrong():
    with pytest.raises(IncompleteDate, match="start 'Mars 2023' gives a month but no day"):
        parse_date("Mars 2023", "start")
    with pytest.raises(RowRejected, match="start '31 February 2001' is not a real date"):
        parse_date("31 February 2001", "start")
    with pytest.raises(RowRejected, match="start 'soon' is not a date the importer reads"):
        parse_date("soon", "start")
