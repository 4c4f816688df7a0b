"""
Free-text search over photos: the one code path behind `PhotoQuerySet.search()`, which the
gallery's `q` filter and the admin's search box call.

A NASA photo ID in either spelling (`ISS065-E-394522`, `iss065e394522`, or as a file name,
`ISS065-E-394522.JPG`) finds exactly that photo; among words, it is one more condition.
Words are searched in full text, with the web search syntax people know: every word must
appear, `"a phrase"` keeps words together, `or` offers alternatives and
`-word` excludes. Title, place, features and NASA ID are searched with captions in both
languages, case and accents folded ("Pô" finds "po"), English words by their stem ("rivers"
finds "river").

Each database does it with its own index:
- PostgreSQL: the generated `search_vector` column (English and French configurations, title,
  place, features and NASA ID weighted A, captions B) with GIN indexes, queried through
  `astrophoto_tsquery()` (`websearch_to_tsquery` in both languages). When full text finds
  nothing at all, near misses (a misspelt place) are found by trigram similarity (pg_trgm)
  over title, place and features.
- SQLite: an FTS5 table (see `gallery.search_index`); when it finds nothing, the words are
  looked for as parts of words (`arseill` finds Marseille), which reads the whole table but
  only happens for searches that found nothing.

Relevance: photos whose title, place, features or NASA ID hold the words come first, then
those that hold them only in a caption; newest first within each. This is the field weighting
that ranking functions apply, in a form indexes can serve: ranking every match with
`ts_rank` reads every matching row, 412 ms for a word in 41% of a million photos against
0.5 ms this way (docs/performance.md).
"""

import re
from dataclasses import dataclass

from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import SearchQueryField, SearchVectorField
from django.db import connections
from django.db.models import Expression, F, Func, Q, QuerySet, Value
from django.db.models.expressions import Col, RawSQL

from astrophoto.db import Condition
from gallery import search_index
from gallery.nasa_ids import canonical_nasa_id, nasa_id_from_filename

SEARCHED_FIELDS = ("title", "caption_en", "caption_fr", "place", "features", "nasa_id")

# The most characters a searched text field without a length of its own (`caption_en`,
# `caption_fr`, `features`) may hold, for importers and forms to check before writing.
# PostgreSQL refuses a `tsvector` over 1 MB of lexemes and positions ("string is too long for
# tsvector"): the search vector reads features twice (English and French) and each caption
# once, and one character can cost up to about 7 bytes there (a 4-byte letter in a hyphenated
# word is indexed in the word and as a part, each with a position). 30,000 characters in each
# keep the worst case under 1 MB, at 13 times the longest caption of NASA's Gateway exports.
MAX_SEARCHABLE_TEXT = 30_000

NEAR_MISS_FIELDS = ("title", "place", "features")
MAX_LENGTH = 200
MAX_WORDS = 12
# Web search syntax: a quoted phrase, or a word, either with a leading minus.
TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
# File names people copy from a download: ISS065-E-394522.JPG names that photo.
IMAGE_FILE = re.compile(r"\.(jpe?g|png|webp|tiff?)$", re.IGNORECASE)


def search_words(text: str) -> list[str]:
    """Split a query into the words that must all match (at most MAX_WORDS)."""
    words = [word.strip("\"'«»“”.,;:!?()") for word in text.split()]
    return [word for word in words if word][:MAX_WORDS]


def nasa_id_in(term: str) -> str | None:
    """Return the canonical NASA ID a search term names, in either spelling or as a file name."""
    if IMAGE_FILE.search(term):
        parsed = nasa_id_from_filename(term)
        return str(parsed) if parsed else None
    return canonical_nasa_id(term)


@dataclass(frozen=True)
class Alternative:
    """One side of an `or`: the terms (words or phrases) and NASA IDs to include and exclude."""

    included: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()
    ids: tuple[str, ...] = ()
    excluded_ids: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """The words as web search syntax, every term quoted so that none reads as an operator."""
        return " ".join(
            [*(f'"{term}"' for term in self.included), *(f'-"{term}"' for term in self.excluded)]
        )


class Search:
    """
    One search of the catalogue, read once from the visitor's text: `filter()` a queryset
    by it (what `PhotoQuerySet.search()` does), and order the result by `tiers()` for
    relevance. Reading the text touches no database.
    """

    def __init__(self, text: str):
        self.text = text.strip()[:MAX_LENGTH]
        self.nasa_id = nasa_id_in(self.text)
        self.alternatives: list[Alternative] = []
        if not self.nasa_id:
            for included, excluded in web_search_terms(self.text):
                self.alternatives.append(
                    Alternative(
                        included=tuple(term for term in included if not nasa_id_in(term)),
                        excluded=tuple(term for term in excluded if not nasa_id_in(term)),
                        ids=tuple(filter(None, map(nasa_id_in, included))),
                        excluded_ids=tuple(filter(None, map(nasa_id_in, excluded))),
                    )
                )
        self.names_ids = any(alt.ids or alt.excluded_ids for alt in self.alternatives)
        self.near_miss = False

    def condition(self, backend: "PostgresSearch | SQLiteSearch", *, strong: bool = False):
        """
        The condition the matching photos meet (only in the strong fields, with `strong`);
        None when the text holds nothing to search for.
        """
        if self.nasa_id:
            return Q(nasa_id=self.nasa_id)
        if not self.names_ids:
            # The text as the visitor wrote it: each database reads web search syntax itself.
            return backend.matches(self.text, strong=strong)
        return self._each_alternative(
            lambda alt: (
                backend.matches(alt.text, strong=strong) if alt.included or alt.excluded else Q()
            )
        )

    def near_condition(self, backend: "PostgresSearch | SQLiteSearch", model):
        """The condition near misses meet: the same NASA IDs, words found in part."""
        if not self.names_ids:
            words = search_words(
                " ".join(term for alt in self.alternatives for term in alt.included)
            )
            return backend.near(words, model) if words else None
        return self._each_alternative(
            lambda alt: (
                backend.near(words, model)
                if (words := search_words(" ".join(alt.included)))
                else None
            )
        )

    def _each_alternative(self, words_condition):
        """Join the alternatives with OR, each its NASA IDs and `words_condition(alternative)`."""
        condition = None
        for alternative in self.alternatives:
            words = words_condition(alternative)
            if words is None:
                continue
            found = words
            for nasa_id in alternative.ids:
                found &= Q(nasa_id=nasa_id)
            for nasa_id in alternative.excluded_ids:
                found &= ~Q(nasa_id=nasa_id)
            condition = found if condition is None else condition | found
        return condition

    def filter(self, queryset: QuerySet) -> QuerySet:
        """Return the photos of `queryset` that match, or their near misses when none do."""
        if self.nasa_id:
            return queryset.by_nasa_id(self.nasa_id)
        backend = backend_for(queryset.db)
        condition = self.condition(backend)
        if condition is None:
            return queryset.none()
        found = queryset.filter(condition)
        near = self.near_condition(backend, queryset.model)
        if near is None or found.exists():
            return found
        self.near_miss = True
        return queryset.filter(near)

    def tiers(self, using: str) -> tuple[Q, ...]:
        """
        The relevance tiers, best first: photos holding the words in title, place, features
        or NASA ID, then the others (a caption only, or a near miss). Nothing to rank for one
        NASA ID. Data only: the database is not asked.
        """
        if self.nasa_id:
            return ()
        strong = self.condition(backend_for(using), strong=True)
        if strong is None:
            return ()  # nothing the backend can search for: filter() finds nothing
        return (strong, ~strong)


def backend_for(using: str) -> "PostgresSearch | SQLiteSearch":
    vendor = connections[using].vendor
    return PostgresSearch() if vendor == "postgresql" else SQLiteSearch()


class SearchVectorColumn(Expression):
    """
    The `search_vector` column PostgreSQL keeps on the photo table. The model does not declare
    it (it exists on PostgreSQL only), so it is named here for the queries that read it.
    """

    def __init__(self):
        super().__init__(output_field=SearchVectorField())

    def resolve_expression(
        self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False
    ):
        field = SearchVectorField()
        field.set_attributes_from_name("search_vector")
        return Col(query.get_initial_alias(), field)


class StrongFields(Func):
    """The part of the search vector from title, place, features and NASA ID (weight A)."""

    template = "ts_filter(%(expressions)s, '{a}')"
    output_field = SearchVectorField()


class NearMissText(Func):
    """Title, place and features as one text: the expression of the trigram index."""

    template = "(%(expressions)s)"
    arg_joiner = " || ' ' || "


class WebSearchQuery(Func):
    """
    The words as a query in English or French (`astrophoto_tsquery`, made by the search
    migration): one query when both languages read them alike, so that the planner does not
    count a word twice when it estimates how many photos hold it.
    """

    function = "astrophoto_tsquery"
    output_field = SearchQueryField()


class ExcludingQuery(Expression):
    """
    Web search syntax with words to exclude, as a query in English or French. Reading the
    whole text in each language and joining the two with OR would keep a photo whose
    caption holds an excluded word in one language only (the other reading's "not that
    word" is true of it), so each alternative here is its included terms in either language
    and none of its excluded terms in either.
    """

    output_field = SearchQueryField()

    def __init__(self, alternatives: list[tuple[list[str], list[str]]]):
        super().__init__()
        self.alternatives = alternatives

    def as_sql(self, compiler, connection):
        written, params = [], []
        for included, excluded in self.alternatives:
            parts = []
            if included:
                parts.append("astrophoto_tsquery(%s)")
                params.append(" ".join(f'"{term}"' for term in included))
            if excluded:
                parts.append("!!astrophoto_tsquery(%s)")
                params.append(" or ".join(f'"{term}"' for term in excluded))
            written.append(f"({' && '.join(parts)})")
        return f"({' || '.join(written)})", params


class Matches(Condition):
    operator = "@@"


class PostgresSearch:
    def matches(self, text: str, *, strong: bool = False) -> Q:
        vector = StrongFields(SearchVectorColumn()) if strong else SearchVectorColumn()
        alternatives = web_search_terms(text)
        if any(excluded for _included, excluded in alternatives):
            query = ExcludingQuery(alternatives)
        else:
            query = WebSearchQuery(Value(text))  # the same words, read by PostgreSQL itself
        return Q(Matches(vector, query))

    def near(self, words: list[str], model) -> Q:
        text = NearMissText(*(F(name) for name in NEAR_MISS_FIELDS))
        condition = Q()
        for word in words:
            condition &= Q(TrigramWordSimilar(text, Value(word)))
        return condition


class SQLiteSearch:
    def matches(self, text: str, *, strong: bool = False) -> Q | None:
        """
        The photos that match `text`; None when it holds nothing to search for. An
        alternative of words to exclude only ("-clouds"), which FTS5 cannot express, is
        every photo but those that hold any of them.
        """
        condition = None
        alternatives = web_search_terms(text)
        expression = fts5_expression(alternatives)
        if expression is not None:
            condition = Q(pk__in=self.fts5_matches(expression, strong))
        for included, excluded in alternatives:
            if excluded and not included:
                expression = " OR ".join(f'"{term}"' for term in excluded)
                unless = ~Q(pk__in=self.fts5_matches(expression, strong))
                condition = unless if condition is None else condition | unless
        return condition

    @staticmethod
    def fts5_matches(expression: str, strong: bool) -> RawSQL:
        if strong:
            expression = f"{{{' '.join(search_index.STRONG_COLUMNS)}}} : ({expression})"
        return RawSQL(
            f"SELECT rowid FROM {search_index.TABLE} WHERE {search_index.TABLE} MATCH %s",
            [expression],
        )

    def near(self, words: list[str], model) -> Q:
        condition = Q()
        for word in words:
            matches_word = Q()
            for field in SEARCHED_FIELDS:
                matches_word |= Q(**{f"{field}__icontains": word})
            condition &= matches_word
        # Read the table once for the matching ids, rather than row by row in date order
        # (which, when nothing matches, is every row through the index): 60 ms at 100,000
        # photos against 200.
        return Q(pk__in=model._base_manager.filter(condition).values("pk"))


def web_search_terms(text: str) -> list[tuple[list[str], list[str]]]:
    """
    Read web search syntax: alternatives separated by `or`, each the terms (words or quoted
    phrases) to include and those to exclude (`-term`). Terms hold no double quotes, and at
    least one letter or digit each.
    """
    alternatives: list[tuple[list[str], list[str]]] = [([], [])]
    for minus, phrase, word in TOKEN.findall(text)[: MAX_WORDS * 2]:
        included, excluded = alternatives[-1]
        if word.lower() == "or" and (included or excluded):
            alternatives.append(([], []))
            continue
        if word.startswith("-") and len(word) > 1:
            minus, word = "-", word[1:]
        term = (phrase or word).replace('"', " ").strip()
        if re.search(r"\w", term):
            (excluded if minus else included).append(term)
    return [(included, excluded) for included, excluded in alternatives if included or excluded]


def fts5_expression(alternatives: list[tuple[list[str], list[str]]]) -> str | None:
    """
    Write web_search_terms()' alternatives as an FTS5 query with the same meaning: every
    term quoted (so nothing in it is read as FTS5 syntax), terms joined by AND, alternatives
    by OR, excluded terms after NOT. None when nothing can be searched: no words, or only
    exclusions, which FTS5 cannot express alone (see SQLiteSearch.matches).
    """
    written = [
        " AND ".join(f'"{term}"' for term in included)
        + "".join(f' NOT "{term}"' for term in excluded)
        for included, excluded in alternatives
        if included
    ]
    return " OR ".join(written) or None
