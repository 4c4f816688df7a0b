"""
Free-text search over photos: the one code path behind the gallery's `q` filter.

This is the portable search, the same on SQLite and PostgreSQL: a NASA photo ID in either
spelling (`ISS065-E-394522`, `iss065e394522`) finds exactly that photo; otherwise every
word must appear (case-insensitive) in the title, either caption, the place, the features or
the NASA ID. A database-specific search (full text with ranking) replaces the body of
`search_photos` without changing its signature or its callers.
"""

from django.db.models import Q, QuerySet

from gallery.nasa_ids import canonical_nasa_id

SEARCHED_FIELDS = ("title", "caption_en", "caption_fr", "place", "features", "nasa_id")
MAX_WORDS = 12


def search_words(text: str) -> list[str]:
    """Split a query into the words that must all match (at most MAX_WORDS)."""
    words = [word.strip("\"'«»“”.,;:!?()") for word in text.split()]
    return [word for word in words if word][:MAX_WORDS]


def search_photos(queryset: QuerySet, text: str) -> QuerySet:
    """Return the photos of `queryset` that match the free-text query `text`."""
    text = text.strip()
    if canonical := canonical_nasa_id(text):
        return queryset.filter(nasa_id=canonical)
    condition = Q()
    for word in search_words(text):
        if canonical := canonical_nasa_id(word):
            condition &= Q(nasa_id=canonical)
            continue
        matches_word = Q()
        for field in SEARCHED_FIELDS:
            matches_word |= Q(**{f"{field}__icontains": word})
        condition &= matches_word
    return queryset.filter(condition)
