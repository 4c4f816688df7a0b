"""
Stream records out of archive files: delimited tables (CSV, TSV) and JSON arrays.

Readers hold one record at a time, whatever the file size. Problems with the file as a whole
(not text, wrong encoding, a line too long to be a record, no usable header) raise
`SourceError`; problems with one record (a ragged row) come out as a `Record` with a
`problem`, so that the importer can report its line and go on.
"""

import codecs
import csv
import io
import json
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, NamedTuple

# No record of any catalogue format comes near this; a longer one means the file is not
# what it claims to be (or is hostile), and reading it whole would cost memory.
MAX_RECORD_CHARS = 1_000_000
# A quoted cell may hold line breaks; one running over this many lines lost its closing quote.
MAX_RECORD_LINES = 1000
_SNIFF_BYTES = 8192
_JSON_CHUNK = 65536

csv.field_size_limit(max(csv.field_size_limit(), MAX_RECORD_CHARS))


class SourceError(Exception):
    """The file as a whole cannot be imported; nothing was written."""


class Record(NamedTuple):
    line: int
    values: dict | None
    problem: str = ""


def open_source(path: str | os.PathLike, encoding: str = "utf-8") -> BinaryIO:
    """
    Open an import file for reading, or raise SourceError saying why it cannot be: missing,
    not a regular file (a folder, a named pipe, a device), not `encoding` text.
    """
    path = Path(path)
    text_encoding(encoding)
    try:
        # Look before opening: opening a named pipe waits for a writer, for ever.
        kind = _file_kind(os.stat(path).st_mode)
        if kind:
            raise SourceError(f"this is {kind}, not a regular file")
        # A pipe put in its place since cannot block either: O_NONBLOCK, then check again.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise SourceError("no such file") from None
    except OSError as exc:
        raise SourceError(f"cannot be read ({exc.strerror or exc})") from None
    file = os.fdopen(descriptor, "rb")
    if kind := _file_kind(os.fstat(descriptor).st_mode):
        file.close()
        raise SourceError(f"this is {kind}, not a regular file")
    os.set_blocking(descriptor, True)
    try:
        _check_looks_like_text(file, encoding)
    except BaseException:
        file.close()
        raise
    return file


def _file_kind(mode: int) -> str:
    """Say what a file that is not a regular file is; '' for a regular file."""
    if stat.S_ISREG(mode):
        return ""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


def text_encoding(encoding: str) -> str:
    """
    Return the name of the codec `encoding` names, or raise SourceError unless it is a text
    encoding: `base64`, `zlib_codec` or `rot13` turn bytes into bytes or text into text.
    """
    try:
        codec = codecs.lookup(encoding)
    except (LookupError, ValueError, TypeError):
        raise SourceError(f"unknown encoding {encoding!r}") from None
    try:
        io.TextIOWrapper(io.BytesIO(), encoding=codec.name)
    except LookupError:
        raise SourceError(
            f"{encoding!r} is not a text encoding; name the file's character encoding, "
            "such as utf-8, utf-16 or cp1252"
        ) from None
    return codec.name


_BYTE_ORDER_MARKS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]


def _check_looks_like_text(file: BinaryIO, encoding: str) -> None:
    start = file.read(_SNIFF_BYTES)
    file.seek(0)
    if not start.strip():
        raise SourceError("the file is empty")
    try:
        text = codecs.getincrementaldecoder(encoding)(errors="replace").decode(start)
    except UnicodeError:
        raise SourceError(f"the {encoding} codec cannot read this file as text") from None
    # Stray NULs happen in dirty text; a file made mostly of control characters is not text.
    controls = sum(1 for char in text if char < " " and char not in "\t\n\r\f")
    if controls > len(text) // 20:
        for mark, marked in _BYTE_ORDER_MARKS:
            if start.startswith(mark) and not codecs.lookup(encoding).name.startswith(marked):
                raise SourceError(
                    f"this is not a text file in {encoding}: it starts with a {marked.upper()} "
                    f"byte-order mark; import it with --encoding {marked}"
                )
        raise SourceError("this is not a text file (it looks binary)")


def _text(file: BinaryIO, encoding: str) -> io.TextIOWrapper:
    encoding = text_encoding(encoding)
    if encoding == "utf-8":
        encoding = "utf-8-sig"  # a byte-order mark is not part of the first header
    return io.TextIOWrapper(file, encoding=encoding, errors="strict", newline="")


def _decode_error(file: BinaryIO, encoding: str) -> SourceError:
    """Say on which line a file stops being `encoding` text (decoding reads ahead in chunks)."""
    file.seek(0)
    decoder = codecs.getincrementaldecoder(encoding)()
    line = 1
    for piece in iter(lambda: file.readline(MAX_RECORD_CHARS), b""):
        state = decoder.getstate()
        try:
            line += decoder.decode(piece).count("\n")
        except UnicodeError:
            # Find the line within the piece: byte by byte, from where the piece began (a
            # line break of a UTF-16 file ends in the next piece).
            decoder.setstate(state)
            try:
                for byte in piece:
                    line += decoder.decode(bytes([byte])).count("\n")
            except UnicodeError:
                pass
            break
    return SourceError(
        f"line {line} is not valid {encoding} text; if the file uses another encoding, "
        "name it with --encoding (for example --encoding cp1252)"
    )


def peek_text(file: BinaryIO, encoding: str, size: int = 64) -> str:
    """The first characters of a file, decoded as well as they can be, the file rewound."""
    start = file.read(size)
    file.seek(0)
    try:
        return codecs.getincrementaldecoder(encoding)(errors="replace").decode(start)
    except UnicodeError:
        return ""


def _header_key(text: str) -> str:
    return " ".join(text.replace("\ufeff", "").replace("\x00", "").split()).casefold()


class _FileReader:
    """What every reader shares: the decoded text of a file and how far into it it is."""

    repeated_headers = 0

    def __init__(self, file: BinaryIO, encoding: str):
        self.file = file
        self.encoding = encoding
        try:
            self.size = os.fstat(file.fileno()).st_size
        except (AttributeError, OSError):
            self.size = 0  # an in-memory file: no progress to show
        self._text = _text(file, encoding)

    @property
    def progress(self) -> float:
        """How much of the file has been read, from 0 to 1."""
        if not self.size:
            return 0.0
        try:
            return min(1.0, self.file.tell() / self.size)
        except (OSError, ValueError):
            return 0.0


class TableReader(_FileReader):
    """
    Read a delimited table whose first row is a header.

    Iterating yields a `Record` per data row, its values keyed by header name (trimmed,
    lower case). Blank lines are skipped. Rows identical to the header, as when exports were
    concatenated, are skipped and counted in `repeated_headers`. Tables whose cells are
    never quoted (`quoting=csv.QUOTE_NONE`) keep quotation marks as text. `line_filter` may rewrite
    the stream of physical lines before it is parsed (to repair a known defect of a source);
    record line numbers stay those of the file.
    """

    def __init__(
        self,
        file: BinaryIO,
        *,
        encoding: str = "utf-8",
        delimiter: str | None = None,
        quoting: int = csv.QUOTE_MINIMAL,
        line_filter: Callable[[Iterator[str]], Iterator[str]] | None = None,
    ):
        super().__init__(file, encoding)
        self.quoting = quoting
        self.lines_read = 0
        lines = self._physical_lines()
        self._lines = line_filter(lines) if line_filter else lines
        self._header_row = self._read_header(delimiter)
        self.header = [_header_key(cell) for cell in self._header_row]

    def _physical_lines(self) -> Iterator[str]:
        while True:
            try:
                line = self._text.readline(MAX_RECORD_CHARS + 1)
            except UnicodeError:
                raise _decode_error(self.file, self.encoding) from None
            if not line:
                return
            if len(line) > MAX_RECORD_CHARS:
                raise SourceError(
                    f"line {self.lines_read + 1} is longer than {MAX_RECORD_CHARS:,} characters: "
                    "this is not a table the importer reads"
                )
            self.lines_read += 1
            yield line.replace("\x00", "") if "\x00" in line else line

    def _read_header(self, delimiter: str | None) -> list[str]:
        for line in self._lines:
            if not line.strip():
                continue
            if delimiter is None:
                delimiter = "\t" if line.count("\t") > line.count(",") else ","
            self.delimiter = delimiter
            self._rows = csv.reader(
                self._chain(line), delimiter=delimiter, quoting=self.quoting, strict=True
            )
            header = self._next_row()
            if header is not None and any(cell.strip() for cell in header):
                return header
        raise SourceError("the file has no header row")

    def _chain(self, first: str) -> Iterator[str]:
        yield first
        yield from self._lines

    def _next_row(self) -> list[str] | None:
        try:
            return next(self._rows)
        except StopIteration:
            return None
        except csv.Error as exc:
            raise SourceError(f"line {self.lines_read}: badly quoted ({exc})") from None

    def require(self, columns: Iterable[str], *, described_as: str) -> None:
        """Raise SourceError unless the header has every one of `columns`."""
        missing = [column for column in columns if _header_key(column) not in self.header]
        if missing:
            found = ", ".join(cell.strip() for cell in self._header_row[:8] if cell.strip())
            raise SourceError(
                f"this is not {described_as}: the header lacks {', '.join(missing)} "
                f"(it starts {found or 'with nothing'})"
            )

    def __iter__(self) -> Iterator[Record]:
        width = len(self.header)
        while True:
            line = self.lines_read + 1
            row = self._next_row()
            if row is None:
                return
            if self.lines_read - line >= MAX_RECORD_LINES:
                raise SourceError(
                    f"line {line}: a quoted cell runs over {MAX_RECORD_LINES:,} lines "
                    "(a closing quotation mark is missing?)"
                )
            if not any(cell.strip() for cell in row):
                continue
            if (
                _header_key(row[0]) == self.header[0]
                and [_header_key(c) for c in row] == self.header
            ):
                self.repeated_headers += 1
                continue
            if len(row) != width:
                yield Record(line, None, f"has {len(row)} fields where the header has {width}")
                continue
            yield Record(line, dict(zip(self.header, row, strict=True)))


class JsonArrayReader(_FileReader):
    """
    Read a JSON array of objects one element at a time.

    Each `Record` carries the line its element starts on; an element that is not an object
    comes out with a `problem`. Anything but a well-formed array raises SourceError.
    """

    def __init__(self, file: BinaryIO, *, encoding: str = "utf-8"):
        super().__init__(file, encoding)
        self._decoder = json.JSONDecoder()
        self._buffer = ""
        self._pos = 0
        self._line = 1
        self._eof = False

    def _fill(self) -> bool:
        if self._eof:
            return False
        try:
            chunk = self._text.read(_JSON_CHUNK)
        except UnicodeError:
            raise _decode_error(self.file, self.encoding) from None
        if not chunk:
            self._eof = True
            return False
        # Drop what has been consumed so the buffer holds at most one element and a chunk.
        self._buffer = self._buffer[self._pos :] + chunk
        self._pos = 0
        return True

    def _advance(self, end: int) -> None:
        self._line += self._buffer.count("\n", self._pos, end)
        self._pos = end

    def _skip_space(self) -> str:
        """Skip white space and return the next character ('' at the end of the file)."""
        while True:
            stripped = len(self._buffer) - len(self._buffer[self._pos :].lstrip())
            self._advance(stripped)
            if self._pos < len(self._buffer):
                return self._buffer[self._pos]
            if not self._fill():
                return ""

    def _expect(self, allowed: str, what: str) -> str:
        char = self._skip_space()
        if char == "" or char not in allowed:
            found = repr(char) if char else "the end of the file"
            raise SourceError(f"line {self._line}: expected {what}, found {found}")
        self._advance(self._pos + 1)
        return char

    def _too_long(self) -> SourceError:
        return SourceError(
            f"line {self._line}: an element longer than {MAX_RECORD_CHARS:,} "
            "characters is not one the importer reads"
        )

    def _element(self):
        while True:
            try:
                value, end = self._decoder.raw_decode(self._buffer, self._pos)
            except json.JSONDecodeError as exc:
                if len(self._buffer) - self._pos > MAX_RECORD_CHARS:
                    raise self._too_long() from None
                if self._fill():
                    continue
                line = self._line + self._buffer.count("\n", self._pos, exc.pos)
                raise SourceError(f"line {line}: not valid JSON ({exc.msg})") from None
            except RecursionError:
                # Arrays in arrays thousands deep: no catalogue record looks like that.
                raise SourceError(
                    f"line {self._line}: JSON nested too deeply to be a catalogue record"
                ) from None
            # A number ending exactly at the end of the buffer may continue in the next chunk.
            if end == len(self._buffer) and self._fill():
                continue
            if end - self._pos > MAX_RECORD_CHARS:
                raise self._too_long()
            return value, end

    def __iter__(self) -> Iterator[Record]:
        first = self._skip_space()
        if first == "\ufeff":  # a byte-order mark the codec keeps (utf-16-le names no order)
            self._advance(self._pos + 1)
            first = self._skip_space()
        if first == "":
            raise SourceError("the file is empty")
        self._expect("[", "a JSON array ('[')")
        if self._skip_space() == "]":
            self._advance(self._pos + 1)
        else:
            while True:
                self._skip_space()
                line = self._line
                value, end = self._element()
                self._advance(end)
                if isinstance(value, dict):
                    yield Record(line, value)
                else:
                    yield Record(line, None, f"is a JSON {type(value).__name__}, not an object")
                if self._expect(",]", "',' or ']'") == "]":
                    break
        if self._skip_space() != "":
            raise SourceError(f"line {self._line}: unexpected text after the JSON array")
