"""Template tags for photos: responsive pictures, alt text, camera and place facts."""

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext, pgettext

from astrophoto.templatetags.site import foreign_language

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
