"""
Media files, served only to whom they belong.

A photo's original and renditions are public exactly while the photo is (published, with
an image): a draft's or a withdrawn photo's files, and the originals kept after a
replacement, answer 404 to the public by every address. Curators see them through links
the admin signs (`signed_url()`, valid MEDIA_SIGNED_SECONDS), which work on a separate
media domain where their session cookie is not sent. Other media (portraits, patches) are
public.

Every media request comes here (`/media/...`, behind nginx too: docs/deployment.md). The
site sends the bytes itself, or, with MEDIA_ACCEL_REDIRECT, hands them to nginx with
`X-Accel-Redirect` once it has said yes. Public files may be cached MEDIA_CACHE_SECONDS:
withdrawing a photo stops its files being served within that time.
"""

import mimetypes
import re
from pathlib import PurePosixPath
from urllib.parse import quote

from django.conf import settings
from django.core import signing
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from astrophoto.security import protect_media
from gallery.models import Photo

# originals/ab/<sha256>.jpg and renditions/ab/<sha256>-640.webp: the photo's SHA-256 names them.
PHOTO_FILE = re.compile(r"(?:originals|renditions)/[0-9a-f]{2}/(?P<sha256>[0-9a-f]{64})[-.]")
_SIGNER = signing.TimestampSigner(salt="gallery.media")


def is_public(name: str) -> bool:
    """Whether anyone may read the stored file `name`."""
    found = PHOTO_FILE.match(name)
    if found is None:
        return not name.startswith(("originals/", "renditions/", ".healthz/"))
    return Photo.objects.by_sha256(found["sha256"]).filter(is_public=True).exists()


def signed_url(name: str) -> str:
    """The address of a stored file for a staff page: it opens whether or not it is public."""
    signature = _SIGNER.sign(name).removeprefix(f"{name}{_SIGNER.sep}")
    return f"{default_storage.url(name)}?access={quote(signature)}"


def media_url(name: str, *, public: bool) -> str:
    """The address of a stored file: plain when public, else signed (see signed_url)."""
    return default_storage.url(name) if public else signed_url(name)


def has_valid_signature(name: str, signature: str) -> bool:
    try:
        _SIGNER.unsign(f"{name}{_SIGNER.sep}{signature}", max_age=settings.MEDIA_SIGNED_SECONDS)
    except signing.BadSignature:
        return False
    return True


def stored_name(path: str) -> str | None:
    """The storage name a media address names, or None for anything that is not one."""
    parts = PurePosixPath(path).parts
    if (
        not parts
        or path.startswith("/")
        or "\\" in path
        or "\x00" in path
        or any(part in {".", ".."} for part in parts)
        or path.endswith(".partial")
    ):
        return None
    return "/".join(parts)


@require_safe
def serve(request: HttpRequest, path: str) -> HttpResponse:
    name = stored_name(path)
    if name is None:
        raise Http404
    signature = request.GET.get("access", "")
    public = is_public(name)
    if not public and not (signature and has_valid_signature(name, signature)):
        raise Http404  # as for a file that does not exist: nothing is told
    if settings.MEDIA_ACCEL_REDIRECT:
        response = HttpResponse(content_type=mimetypes.guess_type(name)[0] or "")
        response["X-Accel-Redirect"] = settings.MEDIA_ACCEL_REDIRECT + quote(name)
    else:
        try:
            response = FileResponse(default_storage.open(name, "rb"))
        except FileNotFoundError:
            raise Http404 from None
    response["Cache-Control"] = (
        f"public, max-age={settings.MEDIA_CACHE_SECONDS}" if public else "private, no-store"
    )
    return protect_media(response, name)
