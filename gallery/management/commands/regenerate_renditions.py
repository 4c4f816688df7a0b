from django.core.management.base import BaseCommand, CommandError

from astrophoto.progress import TerminalProgress
from gallery.models import Photo
from gallery.tasks import generate_renditions, make_photo_renditions, planned_renditions

BATCH_SIZE = 500


class Command(BaseCommand):
    help = (
        "Make the renditions of every photo, of some photos (by id or NASA ID), only the "
        "missing ones, or only those that failed; sizes no longer configured are removed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "photos", nargs="*", metavar="PHOTO", help="Photo ids or NASA IDs (default: all)."
        )
        parser.add_argument(
            "--missing",
            action="store_true",
            help="Only photos lacking a configured rendition, and only what they lack.",
        )
        parser.add_argument(
            "--failed",
            action="store_true",
            help="Only photos whose renditions failed (the admin's 'renditions: failed').",
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Hand the work to the task backend (the db_worker) instead of doing it here.",
        )

    def handle(self, *args, **options):
        photos = self.select(options["photos"])
        if options["failed"]:
            photos = photos.filter(renditions_failed_at__isnull=False)
        only_missing = options["missing"]
        total = photos.count()
        progress = TerminalProgress.on(self.stdout, wanted=options["verbosity"] >= 1)
        done = made = removed = failed = 0
        # Chunks keep memory flat whatever the size of the catalogue.
        for photo in photos.prefetch_related("renditions").iterator(chunk_size=BATCH_SIZE):
            done += 1
            if only_missing and not self.lacks_renditions(photo):
                continue
            if options["enqueue"]:
                make_photo_renditions.enqueue(photo.pk, only_missing=only_missing)
                made += 1
            else:
                try:
                    counts = generate_renditions(photo, only_missing=only_missing)
                except Exception as exc:
                    failed += 1
                    self.stderr.write(f"{photo} (id {photo.pk}): {exc}")
                    continue
                made += counts["made"]
                removed += counts["removed"]
            if progress:
                progress.step(done, total, str(photo))
        if progress:
            progress.clear()
        if options["enqueue"]:
            summary = f"{made} photos queued for renditions."
        else:
            summary = f"{made} renditions made, {removed} removed, {done} photos looked at."
        self.stdout.write(self.style.SUCCESS(summary))
        if failed:
            raise CommandError(f"{failed} photos failed (reasons above).", returncode=1)

    def select(self, keys: list[str]):
        photos = Photo.objects.with_image().order_by("pk")
        if not keys:
            return photos
        ids, unknown = set(), []
        for key in keys:
            found = (
                photos.filter(pk=int(key)) if key.isdigit() else photos.by_nasa_id(key)
            ).values_list("pk", flat=True)
            if not found:
                unknown.append(key)
            ids.update(found)
        if unknown:
            raise CommandError(f"No photo with an image for: {', '.join(unknown)}", returncode=2)
        return photos.filter(pk__in=ids)

    @staticmethod
    def lacks_renditions(photo: Photo) -> bool:
        if photo.renditions_failed_at is not None:
            return True  # tried again, whatever it still has
        have = {(r.width, r.format) for r in photo.renditions.all()}
        return not planned_renditions(photo) <= have
