"""Template tags for the public site: responsive pictures, languages, photo facts."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import get_language, gettext, pgettext

from astrophoto.translation import active_language

register = template.Library()

DEFAULT_ASPECT = (4, 3)
PLACEHOLDER_WIDTH = 1200


@register.inclusion_tag("includes/picture.html")
def picture(photo, sizes: str = "100vw", loading: str = "lazy", fallback_width: int = 640):
    """
    Render a photo as <picture>: WebP sources with a JPEG fallback, from prefetched renditions.

    Never reads image files: a photo whose renditions are not made yet gets a placeholder of
    its aspect ratio. Use `loading="eager"` for the first picture a visitor sees.
    """
    renditions = list(photo.renditions.all())
    fallback = photo.rendition_near(fallback_width) or photo.rendition_near(fallback_width, "webp")
    width, height = (photo.width, photo.height) if photo.width and photo.height else DEFAULT_ASPECT
    if fallback is not None:
        width, height = fallback.pixel_width, fallback.pixel_height
    return {
        "photo": photo,
        "alt": alt_text(photo),
        "alt_lang": foreign_language(photo, "alt_text"),
        "webp_srcset": srcset(renditions, "webp"),
        "jpeg_srcset": srcset(renditions, "jpeg"),
        "fallback": fallback,
        "width": width,
        "height": height,
        # The placeholder is drawn PLACEHOLDER_WIDTH units wide whatever the photo's size, so
        # its words keep their proportion: browsers enlarge text below a minimum size, which
        # on a tiny drawing scaled up would overflow it.
        "placeholder_height": round(PLACEHOLDER_WIDTH * height / width),
        "placeholder_width": PLACEHOLDER_WIDTH,
        "sizes": sizes,
        "loading": loading,
    }


def srcset(renditions, format: str) -> str:
    return ", ".join(f"{r.file.url} {r.pixel_width}w" for r in renditions if r.format == format)


@register.simple_tag
def alt_text(photo) -> str:
    """Describe the photo for people who cannot see it; never empty."""
    if photo.alt_text:
        return photo.alt_text
    if photo.title:
        return photo.title
    return gettext("Photo %(name)s") % {"name": photo}


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
    return [
        {
            "code": code,
            "name": name,
            "url": translate_url(request.get_full_path(), code),
            "absolute_url": request.build_absolute_uri(translate_url(request.path, code)),
            "current": code == current,
        }
        for code, name in settings.LANGUAGES
    ]


@register.filter
def latitude(value) -> str:
    return _coordinate(value, pgettext("compass", "N"), pgettext("compass", "S"))


@register.filter
def longitude(value) -> str:
    return _coordinate(value, pgettext("compass", "E"), pgettext("compass", "W"))


def _coordinate(value, positive: str, negative: str) -> str:
    if value is None:
        return ""
    return f"{number_format(abs(value), 4)}° {positive if value >= 0 else negative}"


@register.filter
def exposure(seconds) -> str:
    """Write an exposure time as photographers do: 1/250 s, 2 s."""
    if not seconds or seconds < 0:
        return ""
    if seconds >= 1:
        return f"{number_format(seconds)} s"
    return f"1/{round(1 / seconds)} s"


@register.filter
def roughly(value: int) -> int:
    """Round an estimate to two significant figures (604,106 -> 600,000): no false precision."""
    if not isinstance(value, int) or value < 100:
        return value
    return round(value, 2 - len(str(value)))
