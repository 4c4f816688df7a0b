"""The photo lists the site, the admin and the importers ask for, and changes to many photos."""

from typing import TYPE_CHECKING

from django.db import models, transaction
from django.db.models import Exists, F, OuterRef, Prefetch
from django.utils import timezone

from gallery.models.rendition import Rendition
from gallery.models.subject import Subject
from gallery.nasa_ids import canonical_nasa_id
from gallery.search import Search

if TYPE_CHECKING:
    from gallery.models.photo import Photo


class PhotoQuerySet(models.QuerySet):
    def with_image(self):
        return self.exclude(image="")

    def public(self):
        """
        Return what the public may see: published photos that have an image.

        Reads the database-maintained `is_public` column, the condition of every partial
        index that serves the public pages.
        """
        return self.filter(is_public=True)

    def featured(self):
        return self.filter(featured=True)

    # Both unique indexes are partial (on non-empty values): repeating their condition lets
    # SQLite use them. Read the one photo with get_or_none(), not first(), whose ordering
    # by date SQLite would serve by walking the date index instead.
    def by_nasa_id(self, text: str):
        """Return the photo a NASA ID names, in either spelling (none for a non-ID)."""
        canonical = canonical_nasa_id(text)
        return self.exclude(nasa_id="").filter(nasa_id=canonical) if canonical else self.none()

    def by_sha256(self, sha256: str):
        """Return the photo whose file has this SHA-256 (none for an empty one)."""
        return self.exclude(sha256="").filter(sha256=sha256) if sha256 else self.none()

    def get_or_none(self) -> "Photo | None":
        """Return the one photo of a unique lookup, unordered, or None."""
        try:
            return self.get()
        except self.model.DoesNotExist:
            return None

    def search(self, text: str):
        """
        Return the photos that match a free-text query in web search syntax, or its near
        misses when nothing does (see gallery.search).
        """
        return Search(text).filter(self)

    def about(self, subjects):
        """Return the photos tagged with any of `subjects` or a subject below one of them."""
        subject_ids = Subject.objects.descendant_ids(subjects)
        # EXISTS rather than a join: a photo with two matching subjects is listed once,
        # with no DISTINCT to defeat keyset pagination.
        tagged = self.model.subjects.through.objects.filter(
            photo_id=OuterRef("pk"), subject_id__in=subject_ids
        )
        return self.filter(Exists(tagged))

    def with_location(self):
        return self.filter(latitude__isnull=False, longitude__isnull=False)

    def with_renditions(self):
        """Fetch the renditions of every photo in one query, for `{% picture %}`."""
        return self.prefetch_related(
            Prefetch("renditions", queryset=Rendition.objects.order_by("pixel_width", "format"))
        )

    def for_cards(self):
        """Load what a photo card shows (picture, credit) in a constant number of queries."""
        return self.select_related("photographer").with_renditions()

    # Changes of state for many photos at once. Each changes only the photos not already
    # so, stamps their `updated_at` (which `update()` leaves alone) and returns how many.

    def publish(self) -> int:
        """Publish the photos that have an image; a catalogue entry waits for its image."""
        now = timezone.now()
        return (
            self.with_image()
            .exclude(status=self.model.Status.PUBLISHED)
            .update(
                status=self.model.Status.PUBLISHED,
                published_at=self.model.first_published_at(F("published_at"), now),
                updated_at=now,
            )
        )

    def withdraw(self) -> int:
        return self.assign(status=self.model.Status.WITHDRAWN)

    def feature(self) -> int:
        return self.assign(featured=True)

    def unfeature(self) -> int:
        return self.assign(featured=False)

    def assign(self, **values) -> int:
        """Give the photos `values`, such as `expedition=expedition` (publish with `publish()`)."""
        return self.exclude(**values).update(**values, updated_at=timezone.now())

    def add_subject(self, subject: "Subject") -> int:
        """Tag the photos with `subject`."""
        Tag = self.model.subjects.through
        with transaction.atomic():
            untagged = list(self.exclude(subjects=subject).values_list("pk", flat=True))
            Tag.objects.bulk_create(
                [Tag(photo_id=pk, subject_id=subject.pk) for pk in untagged],
                ignore_conflicts=True,
            )
            self.model.objects.filter(pk__in=untagged).update(updated_at=timezone.now())
        return len(untagged)
