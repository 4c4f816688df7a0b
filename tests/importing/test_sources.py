import csv
import io
import json

import pytest

from astrophoto.importing import sources
from astrophoto.importing.sources import (
    JsonArrayReader,
    Record,
    SourceError,
    TableReader,
    open_source,
)


def table(text: str, **options) -> TableReader:
    return TableReader(io.BytesIO(text.encode()), **options)


def test_table_records_carry_their_first_line_even_after_quoted_line_breaks():
    reader = table('name,selection\nGlenn,"NASA- 1"\nFullerton,"USAF MOL \r\n NASA- 7"\nRide,x\n')

    records = list(reader)

    assert [record.line for record in records] == [2, 3, 5]
    assert records[1].values == {"name": "Fullerton", "selection": "USAF MOL \r\n NASA- 7"}


def test_table_skips_blank_lines_and_repeated_headers_and_reports_ragged_rows():
    reader = table("a\tb\n1\t2\n\n a \tB\n3\n4\t5\t6\n7\t8\n")

    records = list(reader)

    assert reader.header == ["a", "b"]
    assert reader.repeated_headers == 1
    assert records == [
        Record(2, {"a": "1", "b": "2"}),
        Record(5, None, "has 1 fields where the header has 2"),
        Record(6, None, "has 3 fields where the header has 2"),
        Record(7, {"a": "7", "b": "8"}),
    ]


def test_table_without_quoting_keeps_quotation_marks():
    reader = table('a\tb\n"Boilers" on\tx\n', quoting=csv.QUOTE_NONE)

    assert next(iter(reader)).values == {"a": '"Boilers" on', "b": "x"}


def test_table_drops_nul_characters_and_a_byte_order_mark():
    reader = TableReader(io.BytesIO(b"\xef\xbb\xbfname,x\nGa\x00garin,1\n"))

    assert next(iter(reader)).values == {"name": "Gagarin", "x": "1"}


def test_table_names_missing_columns():
    reader = table("name,year\nGagarin,1961\n")

    with pytest.raises(SourceError, match=r"lacks mission, roll .*it starts name, year"):
        reader.require(["mission", "roll", "name"], described_as="a GAP export")


def test_an_unclosed_quote_is_a_file_error():
    with pytest.raises(SourceError, match="line 3: badly quoted"):
        list(table('a,b\n1,"never closed\nx,y\n'))


def test_a_quoted_cell_running_over_many_lines_is_a_file_error(monkeypatch):
    monkeypatch.setattr(sources, "MAX_RECORD_LINES", 10)
    reader = table('a,b\n1,2\n3,"long\n' + "x,y\n" * 40 + '"\n')

    with pytest.raises(SourceError, match="line 3: a quoted cell runs over 10 lines"):
        list(reader)


def test_a_badly_quoted_cell_is_a_file_error():
    with pytest.raises(SourceError, match="line 2: badly quoted"):
        list(table('a,b\n"q" tail,b\n'))


def test_a_file_with_no_header_is_a_file_error():
    with pytest.raises(SourceError, match="no header row"):
        table("\n\n  \n")


def json_reader(value, chunk: int | None = None, monkeypatch=None) -> JsonArrayReader:
    text = value if isinstance(value, str) else json.dumps(value, indent=1)
    if chunk:
        monkeypatch.setattr(sources, "_JSON_CHUNK", chunk)
    return JsonArrayReader(io.BytesIO(text.encode()))


def test_json_array_is_read_one_element_at_a_time_across_chunk_boundaries(monkeypatch):
    elements = [{"number": n, "crew": ["Шепард", "x" * n]} for n in range(1, 40)]

    records = list(json_reader(elements, chunk=7, monkeypatch=monkeypatch))

    assert [record.values for record in records] == elements
    assert records[0].line == 2
    assert records[1].line == 2 + 7


def test_json_numbers_split_by_a_chunk_are_read_whole(monkeypatch):
    records = list(json_reader("[1234567, 8901234]", chunk=3, monkeypatch=monkeypatch))

    assert [record.problem for record in records] == [
        "is a JSON int, not an object",
        "is a JSON int, not an object",
    ]


def test_json_elements_that_are_not_objects_are_problems_not_errors():
    records = list(json_reader('[{"number": 1},\n "two",\n [3]]'))

    assert records == [
        Record(1, {"number": 1}),
        Record(2, None, "is a JSON str, not an object"),
        Record(3, None, "is a JSON list, not an object"),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"number": 1}', r"expected a JSON array \('\['\), found '\{'"),
        ('[{"number": 1},\n{"number": }]', "line 2: not valid JSON"),
        ('[{"number": 1}', "expected ',' or ']', found the end of the file"),
        ("[1] trailing", "unexpected text after the JSON array"),
        ("   ", "the file is empty"),
    ],
)
def test_malformed_json_is_a_file_error(text, message):
    with pytest.raises(SourceError, match=message):
        list(json_reader(text))


def test_a_json_element_past_the_record_limit_is_a_file_error(monkeypatch):
    monkeypatch.setattr(sources, "MAX_RECORD_CHARS", 100)

    with pytest.raises(SourceError, match="element longer than 100 characters"):
        list(json_reader([{"caption": "x" * 500}], chunk=16, monkeypatch=monkeypatch))


def test_open_source_refuses_what_it_cannot_read(tmp_path):
    (tmp_path / "binary.dat").write_bytes(bytes(range(32)) * 100)
    (tmp_path / "empty.csv").write_bytes(b"")

    for name, message in [
        ("missing.csv", "no such file"),
        ("binary.dat", "not a text file"),
        ("empty.csv", "is empty"),
        (".", "is a folder"),
    ]:
        with pytest.raises(SourceError, match=message):
            open_source(tmp_path / name)
