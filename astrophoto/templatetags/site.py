"""
Template tags of every page, whatever app it belongs to: the language switcher, values shown
in the visitor's language (or marked as English when they fell back), rounded estimates.
Registered as the `site` library in settings.TEMPLATES.
"""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.translation import get_language

from astrophoto.security import site_path
from astrophoto.translation import active_language

register = template.Library()


def foreign_language(instance, field_name: str) -> str:
    """Return the language `field_name` came back in when it is not the page's, else ""."""
    language = getattr(type(instance), field_name).language_of(instance)
    return language if language != active_language() else ""


@register.simple_tag
def lang_attr(instance, field_name: str) -> str:
    """Mark a translated value that fell back to another language: ` lang="en"`."""
    language = foreign_language(instance, field_name)
    return format_html(' lang="{}"', language) if language else ""


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """The current page (with its query) in every language, for the switcher and hreflang."""
    request = context.get("request")
    if request is None:
        return []
    current = get_language()
    path = site_path(request)
    query = request.META.get("QUERY_STRING", "")
    links = []
    for code, name in settings.LANGUAGES:
        translated = translate_url(path, code)
        if not translated.startswith("/") or translated.startswith("//"):
            translated = path  # never an address off the site
        links.append(
            {
                "code": code,
                "name": name,
                "url": f"{translated}?{query}" if query else translated,
                "absolute_url": request.build_absolute_uri(translated),
                "current": code == current,
            }
        )
    return links


@register.filter
def roughly(value: int) -> int:
    """Round an estimate to two significant figures (604,106 -> 600,000): no false precision."""
    if not isinstance(value, int) or value < 100:
        return value
    return round(value, 2 - len(str(value)))
