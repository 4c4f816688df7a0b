"""Bilingual model fields: `caption_en` and `caption_fr` read as one `caption`."""

from django.utils.translation import get_language

FALLBACK_LANGUAGE = "en"


def active_language() -> str:
    return (get_language() or FALLBACK_LANGUAGE).split("-")[0]


class TranslatedField:
    """
    Read `<name>_<language>` for the active language, falling back to English.

    `language_of(instance)` says which language the value is in, for `lang` attributes.
    """

    def __set_name__(self, owner, name):
        self.name = name

    def _pick(self, instance) -> tuple[str, str]:
        language = active_language()
        value = getattr(instance, f"{self.name}_{language}", "")
        if value or language == FALLBACK_LANGUAGE:
            return value, language
        return getattr(instance, f"{self.name}_{FALLBACK_LANGUAGE}"), FALLBACK_LANGUAGE

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        return self._pick(instance)[0]

    def language_of(self, instance) -> str:
        return self._pick(instance)[1]
