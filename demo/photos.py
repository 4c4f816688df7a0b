"""
Load the demo catalogue's photos: the hand-written scenes through intake, as any photo comes
in, and the frames beyond them with `BulkDemoLoader`.
"""

import io
from collections.abc import Callable

from demo.bulk import BulkDemoLoader
from demo.frames import DEMO_PREFIX, CatalogueLinks, demo_filename, photo_file
from demo.scenes import PHOTOS
from gallery.intake import Defaults, check_file, find_duplicate, store_image
from gallery.models import Photo


def load_photos(
    count: int,
    *,
    image_width: int = 2400,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[int, int]:
    """
    Paint and import `count` demo photos, skipping those already loaded.

    The first len(PHOTOS) are the hand-written scenes, each painted and brought in through
    intake; more are other frames of the same passes, written by `BulkDemoLoader`. Return
    (imported, already there).
    """
    links = CatalogueLinks.read()
    loaded = set(
        Photo.objects.filter(original_filename__startswith=DEMO_PREFIX).values_list(
            "original_filename", flat=True
        )
    )
    size = (image_width, image_width * 2 // 3)

    imported = 0
    for index in range(min(count, len(PHOTOS))):
        spec = PHOTOS[index]
        name = demo_filename(spec, 0)
        if progress:
            progress(index + 1, count)
        if name in loaded:
            continue
        stream = io.BytesIO(photo_file(spec, 0, size))
        facts = check_file(stream)
        if find_duplicate(facts):
            continue
        photo = links.describe(spec, 0)
        store_image(photo, stream, facts, name, Defaults(subjects=links.subjects_of(spec)))
        imported += 1
    if count > len(PHOTOS):
        imported += BulkDemoLoader(size, links).load(len(PHOTOS), count, loaded, progress)
    return imported, count - imported
