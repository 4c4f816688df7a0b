"""
A bulk loader for demo catalogues of many thousand photos, for demos and benchmarks only.

Painting and importing each frame through intake costs about 40 ms a photo, over an hour for
100,000; this loader brings that down to minutes by writing rows and files directly. Real
photos always come in through `gallery.intake`.
"""

import dataclasses
import datetime
import hashlib
import io
from collections.abc import Callable

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from astrophoto.imaging import ImageFacts, RenditionImage, make_renditions
from demo.frames import (
    CatalogueLinks,
    camera_exif,
    demo_filename,
    painting_file,
    variant_taken_at,
    with_exif,
)
from demo.scenes import PHOTOS, DemoPhoto
from gallery.intake import check_file, fill_photo
from gallery.models import Photo, Rendition, photo_upload_to, rendition_upload_to
from missions.models import Expedition

# Frames beyond the hand-written scenes take their pixels from a few paintings per scene and
# differ in their EXIF (capture time and a unique image ID): each is its own file, with its
# own hash and its own renditions.
PAINTINGS_PER_SCENE = 4
FRAME_BATCH = 500

# A painting's JPEG bytes without EXIF, intake's facts about it and its renditions.
Painting = tuple[bytes, ImageFacts, list[RenditionImage]]


class BulkDemoLoader:
    """
    Load demo frames by the thousand, for demos and benchmarks only.

    This loader writes Photo, subject and Rendition rows and their files directly, bypassing
    intake's checks and the signals a saved photo sends, and makes the renditions itself.
    Intake only checks one frame of each painting; each painting is made and given its
    renditions once. Every frame then gets its own EXIF, file, row and rendition files, written
    a batch at a time in one transaction each; the files of a batch that fails are removed.
    """

    def __init__(self, size: tuple[int, int], links: CatalogueLinks):
        self.size = size
        self.links = links
        self.paintings: dict[tuple[str, int], Painting] = {}
        self.expeditions: dict[datetime.datetime, int | None] = {}
        self.storage = Photo._meta.get_field("image").storage

    def load(
        self,
        start: int,
        count: int,
        loaded: set[str],
        progress: Callable[[int, int], None] | None = None,
    ) -> int:
        """Load frames `start` to `count` (scenes repeat), skipping `loaded` file names."""
        imported, batch = 0, []
        for index in range(start, count):
            spec, variant = PHOTOS[index % len(PHOTOS)], index // len(PHOTOS)
            if progress:
                progress(index + 1, count)
            if demo_filename(spec, variant) in loaded:
                continue
            batch.append((spec, variant))
            if len(batch) == FRAME_BATCH:
                imported += self.store(batch)
                batch = []
        if batch:
            imported += self.store(batch)
        return imported

    def painting(self, spec: DemoPhoto, variant: int) -> Painting:
        """Return the painting a frame takes its pixels from, made on first use."""
        key = (spec.key, variant % PAINTINGS_PER_SCENE)
        if key not in self.paintings:
            jpeg = painting_file(spec, key[1], self.size)
            # Intake checks one real frame of the painting, EXIF included.
            facts = check_file(
                io.BytesIO(with_exif(jpeg, camera_exif(spec, variant, image_id="0")))
            )
            renditions = list(make_renditions(io.BytesIO(jpeg), settings.PHOTO_RENDITION_WIDTHS))
            self.paintings[key] = (jpeg, facts, renditions)
        return self.paintings[key]

    def frame(self, spec: DemoPhoto, variant: int) -> tuple[Photo, bytes, list[RenditionImage]]:
        jpeg, facts, renditions = self.painting(spec, variant)
        image_id = hashlib.sha256(demo_filename(spec, variant).encode()).hexdigest()[:32]
        data = with_exif(jpeg, camera_exif(spec, variant, image_id=image_id))
        facts = dataclasses.replace(
            facts,
            sha256=hashlib.sha256(data).hexdigest(),
            file_size=len(data),
            exif=dataclasses.replace(facts.exif, taken_at=variant_taken_at(spec, variant)),
        )
        photo = self.links.describe(spec, variant)
        fill_photo(photo, facts)
        photo.original_filename = demo_filename(spec, variant)
        photo.expedition_id = self.expedition_at(photo.taken_at)
        photo.taken_at_precision = Photo.TimePrecision.SECOND
        photo.published_at = timezone.now()
        photo.image = photo_upload_to(photo, facts.stored_name)
        return photo, data, renditions

    def expedition_at(self, moment: datetime.datetime) -> int | None:
        if moment not in self.expeditions:
            expedition = Expedition.objects.containing(moment).order_by("-start", "-number").first()
            self.expeditions[moment] = expedition.pk if expedition else None
        return self.expeditions[moment]

    def store(self, batch: list[tuple[DemoPhoto, int]]) -> int:
        frames = [(spec, *self.frame(spec, variant)) for spec, variant in batch]
        written: list[str] = []
        try:
            with transaction.atomic():
                for _spec, photo, data, _renditions in frames:
                    written.append(self.write(photo.image.name, data))
                Photo.objects.bulk_create([photo for _spec, photo, _data, _r in frames])
                Through = Photo.subjects.through
                Through.objects.bulk_create(
                    Through(photo_id=photo.pk, subject_id=subject.pk)
                    for spec, photo, _data, _renditions in frames
                    for subject in self.links.subjects_of(spec)
                )
                rows = []
                for _spec, photo, _data, renditions in frames:
                    for image in renditions:
                        rendition = Rendition(
                            photo=photo,
                            width=image.width,
                            format=image.format,
                            pixel_width=image.pixel_width,
                            pixel_height=image.pixel_height,
                            file_size=len(image.data),
                        )
                        rendition.file.name = self.write(
                            rendition_upload_to(rendition, ""), image.data
                        )
                        written.append(rendition.file.name)
                        rows.append(rendition)
                Rendition.objects.bulk_create(rows)
        except BaseException:
            for name in written:
                self.storage.delete(name)
            raise
        return len(frames)

    def write(self, name: str, data: bytes) -> str:
        # A run killed before its batch committed may have left this very name behind.
        if self.storage.exists(name):
            self.storage.delete(name)
        return self.storage.save(name, ContentFile(data))
