"""
Free-text search over photos: the one code path behind the gallery's `q` filter and the admin.

A NASA photo ID in either spelling (`ISS065-E-394522`, `iss065e394522`) finds exactly that
photo. Otherwise the words are searched in full text, with the web search syntax people know:
every word must appear, `"a phrase"` keeps words together, `or` offers alternatives and
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

from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import SearchQueryField, SearchVectorField
from django.db import connections
from django.db.models import Expression, F, Func, Q, QuerySet, Value
from django.db.models.expressions import Col, RawSQL

from astrophoto.db import Condition
from gallery import search_index
from gallery.nasa_ids import canonical_nasa_id

SEARCHED_FIELDS = ("title", "caption_en", "caption_fr", "place", "features", "nasa_id")
NEAR_MISS_FIELDS = ("title", "place", "features")
MAX_WORDS = 12
# Web search syntax: a quoted phrase, or a word, either with a leading minus.
TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


def search_words(text: str) -> list[str]:
    """Split a query into the words that must all match (at most MAX_WORDS)."""
    words = [word.strip("\"'«»“”.,;:!?()") for word in text.split()]
    return [word for word in words if word][:MAX_WORDS]


class Search:
    """
    One search of the catalogue: `filter()` a queryset by it, then order the result by
    `tiers()` for relevance.
    """

    def __init__(self, text: str):
        self.text = text.strip()[:200]
        self.nasa_id = canonical_nasa_id(self.text)
        self.near_miss = False
        ids, words = [], []
        if not self.nasa_id:
            for word in search_words(self.text):
                canonical = canonical_nasa_id(word)
                (ids if canonical else words).append(canonical or word)
        self.ids = ids
        self.words = " ".join(words) if ids else self.text

    def filter(self, queryset: QuerySet) -> QuerySet:
        """Return the photos of `queryset` that match."""
        if self.nasa_id:
            return queryset.by_nasa_id(self.nasa_id)
        for nasa_id in self.ids:
            queryset = queryset.by_nasa_id(nasa_id)
        backend = backend_for(queryset)
        condition = backend.matches(self.words) if self.words else Q()
        if condition is None:
            return queryset.none()
        found = queryset.filter(condition)
        if not self.words or found.exists():
            return found
        near_words = search_words(self.words)
        if not near_words:
            return found  # punctuation alone: no word to come near
        self.near_miss = True
        return queryset.filter(backend.near(near_words, queryset.model))

    def tiers(self, queryset: QuerySet) -> tuple[Q, ...]:
        """
        The relevance tiers of the rows `filter()` returned, best first: the strong fields,
        then captions only. Nothing to rank for an ID or for near misses.
        """
        if self.nasa_id or self.near_miss or not self.words:
            return ()
        backend = backend_for(queryset)
        strong = backend.matches(self.words, strong=True)
        if strong is None:
            return ()  # nothing the backend can search for: filter() found nothing
        return (strong, ~strong)


def search_photos(queryset: QuerySet, text: str) -> QuerySet:
    """Return the photos of `queryset` that match the free-text query `text`."""
    return Search(text).filter(queryset)


def backend_for(queryset: QuerySet) -> "PostgresSearch | SQLiteSearch":
    vendor = connections[queryset.db].vendor
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


def fts5_query(text: str) -> str | None:
    """
    Write web search syntax as an FTS5 query with the same meaning: every term quoted (so
    nothing in it is read as FTS5 syntax), terms joined by AND, `or` starting an alternative,
    `-term` excluding. None when nothing can be searched: no words, or only exclusions,
    which FTS5 cannot express alone (see SQLiteSearch.matches).
    """
    return fts5_expression(web_search_terms(text))


def fts5_expression(alternatives: list[tuple[list[str], list[str]]]) -> str | None:
    """The FTS5 query of web_search_terms()' alternatives; see fts5_query()."""
    written = [
        " AND ".join(f'"{term}"' for term in included)
        + "".join(f' NOT "{term}"' for term in excluded)
        for included, excluded in alternatives
        if included
    ]
    return " OR ".join(written) or None
