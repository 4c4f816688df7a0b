"""
Clean the values that archive files carry: invisible characters, double-encoded UTF-8,
HTML captions, numbers written loosely (`   6000`, `.5`, `-.5`).

Every parser returns None for a blank cell and raises `RowRejected` with a message an
operator can act on when a value cannot be read.
"""

import datetime
import math
import re
import unicodedata
from html.parser import HTMLParser


class RowRejected(ValueError):
    """A row cannot be imported; the message says why, for the import report."""

    def __init__(self, reason: str, key: str = ""):
        super().__init__(reason)
        self.key = key


# NUL, soft hyphen (U+00AD: a hyphenation hint, invisible), zero-width characters, BOM.
_INVISIBLE = dict.fromkeys(map(ord, "\x00\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
_CONTROL = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u3000]+")
_ANY_SPACE = re.compile(r"\s+")
_MANY_NEWLINES = re.compile(r"\n{3,}")


def clean_text(text: str, *, multiline: bool = False, mojibake: bool = False) -> str:
    """
    Return `text` without invisible or control characters and with tidy spacing.

    Single-line values (the default) have every run of white space, line breaks included,
    collapsed to one space. `mojibake=True` first repairs UTF-8 that was decoded as Latin-1
    or Windows-1252 on its way into the file (`CÃ\\x83Å¡BU` becomes `CÚBU`).
    """
    if not text:
        return ""
    text = text.translate(_INVISIBLE)
    if mojibake:
        text = repair_mojibake(text)
    text = unicodedata.normalize("NFC", _CONTROL.sub("", text))
    if not multiline:
        return _ANY_SPACE.sub(" ", text).strip()
    lines = (_SPACES.sub(" ", line).strip() for line in text.replace("\r\n", "\n").split("\n"))
    return _MANY_NEWLINES.sub("\n\n", "\n".join(lines)).strip()


# Characters Windows-1252 puts at bytes 0x80-0x9F, so that text decoded with it can be re-encoded.
_CP1252_BYTES = {
    char: byte
    for byte in range(0x80, 0xA0)
    if (char := bytes([byte]).decode("cp1252", errors="ignore"))
}
_SUSPECT_RUN = re.compile("[\u0080-\u00ff" + "".join(_CP1252_BYTES) + "]{2,}")


def repair_mojibake(text: str) -> str:
    """
    Undo UTF-8 read as Latin-1/Windows-1252, however many times it happened.

    Only runs of two or more such characters that re-encode to valid UTF-8 are changed, so
    correct accented text (`SÃO PAULO`, `Chrétien`) is left alone.
    """
    if text.isascii():
        return text
    return _SUSPECT_RUN.sub(_repair_run, text)


def _repair_run(match: re.Match) -> str:
    run = match.group()
    for _layer in range(4):
        try:
            raw = bytes(_CP1252_BYTES.get(char, ord(char)) for char in run)
            repaired = raw.decode("utf-8")
        except (ValueError, UnicodeDecodeError):
            break
        if repaired == run:
            break
        run = repaired
    return run


class _TextExtractor(HTMLParser):
    BREAK = "\n"
    PARAGRAPH = "\n\n"
    PARAGRAPH_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "tr"}
    SKIPPED_TAGS = {"script", "style", "head", "title"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIPPED_TAGS:
            self.skipping += 1
        elif tag == "br":
            self.parts.append(self.BREAK)
        elif tag == "li":
            self.parts.append(self.BREAK + "- ")
        elif tag in self.PARAGRAPH_TAGS:
            self.parts.append(self.PARAGRAPH)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in self.SKIPPED_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.PARAGRAPH_TAGS:
            self.parts.append(self.PARAGRAPH)

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(_ANY_SPACE.sub(" ", data))


# A single line break followed by a lower-case word sits inside a sentence: old captions were
# hard-wrapped with <br>.
_WRAPPED_LINE = re.compile(r"(?<=[^\n])\n(?=[a-z(])")


def html_to_text(markup: str) -> str:
    """Turn an HTML caption into plain text: breaks and paragraphs become new lines."""
    if "<" not in markup and "&" not in markup:
        return clean_text(markup, multiline=True)
    extractor = _TextExtractor()
    extractor.feed(markup)
    extractor.close()
    text = clean_text("".join(extractor.parts), multiline=True)
    return _WRAPPED_LINE.sub(" ", text)


_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_INTEGER = re.compile(r"[+-]?\d+")


def parse_decimal(text: str, label: str) -> float | None:
    """Read a decimal written loosely (` 6000`, `.5`, `-.5`, `12.`); None when blank."""
    text = text.strip()
    if not text:
        return None
    if not _DECIMAL.fullmatch(text):
        raise RowRejected(f"{label} {text!r} is not a number")
    value = float(text)
    if not math.isfinite(value):
        raise RowRejected(f"{label} {text!r} is not a number")
    return value


def parse_integer(text: str, label: str) -> int | None:
    """Read a whole number, space padding allowed; None when blank."""
    text = text.strip()
    if not text:
        return None
    if not _INTEGER.fullmatch(text):
        raise RowRejected(f"{label} {text!r} is not a whole number")
    return int(text)


def check_range(value: float | None, label: str, low: float, high: float) -> float | None:
    if value is not None and not low <= value <= high:
        raise RowRejected(f"{label} {value:g} is outside {low:g} to {high:g}")
    return value


def check_length(text: str, label: str, max_length: int) -> str:
    """Return `text`, or reject the row when it is longer than `max_length` characters."""
    if len(text) > max_length:
        raise RowRejected(f"{label} is {len(text):,} characters long; at most {max_length:,} fit")
    return text


class IncompleteDate(RowRejected):
    """A date that names only a month or a year (`Mars 2023`)."""


MONTHS = {
    # English
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
    # French
    "janvier": 1, "janv": 1, "fevrier": 2, "fevr": 2, "fev": 2, "mars": 3, "avril": 4,
    "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "aout": 8, "septembre": 9,
    "octobre": 10, "novembre": 11, "decembre": 12,
}  # fmt: skip
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})(?:er|st|nd|rd|th)?\s+([^\W\d]+)\.?,?\s+(\d{4})")
_MONTH_DAY_YEAR = re.compile(r"([^\W\d]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")
_MONTH_YEAR = re.compile(r"([^\W\d]+)\.?\s+(\d{4})")


def _month(word: str) -> int | None:
    plain = unicodedata.normalize("NFKD", word.casefold())
    return MONTHS.get("".join(char for char in plain if not unicodedata.combining(char)))


def parse_date(text: str, label: str) -> datetime.date | None:
    """
    Read a date written in ISO (`2000-10-31`) or with an English or French month name
    (`31 October 2000`, `October 31, 2000`, `21 novembre 2011`, `1er mars 2012`); None when
    blank. A month without a day (`Mars 2023`) raises IncompleteDate.
    """
    text = " ".join(text.split())
    if not text:
        return None
    year = month = day = None
    if match := _ISO_DATE.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    elif (match := _DAY_MONTH_YEAR.fullmatch(text)) and _month(match[2]):
        day, month, year = int(match[1]), _month(match[2]), int(match[3])
    elif (match := _MONTH_DAY_YEAR.fullmatch(text)) and _month(match[1]):
        month, day, year = _month(match[1]), int(match[2]), int(match[3])
    elif (match := _MONTH_YEAR.fullmatch(text)) and _month(match[1]):
        raise IncompleteDate(f"{label} {text!r} gives a month but no day")
    else:
        raise RowRejected(f"{label} {text!r} is not a date the importer reads")
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise RowRejected(f"{label} {text!r} is not a real date") from None
