import posixpath
from collections.abc import Iterator

from django.apps import apps
from django.core.files.storage import Storage, default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import models

from astrophoto.fields import CheckedImageField
from gallery.models import Photo, Rendition, ReplacedOriginal

PHOTO_FOLDERS = ("originals", "renditions")
HEX = "0123456789abcdef"
BUCKETS = [a + b for a in HEX for b in HEX]
BUCKET_SET = frozenset(BUCKETS)


def walk(storage: Storage, folder: str) -> Iterator[str]:
    """Yield the name of every file under `folder` of `storage`."""
    try:
        folders, files = storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in sorted(files):
        yield posixpath.join(folder, name) if folder else name
    for name in sorted(folders):
        yield from walk(storage, posixpath.join(folder, name) if folder else name)


class Command(BaseCommand):
    help = (
        "Report media files that no row refers to (orphans) and rows whose files are missing, "
        "and list the replaced originals kept until someone who may delete photos removes "
        "them. Exit status 1 when an orphan or a missing file is found."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--delete-orphans", action="store_true", help="Delete the orphan files found."
        )

    def handle(self, *args, **options):
        storage = default_storage
        orphans: list[str] = []
        missing: list[str] = []
        # Photos and renditions, by far the most files, are compared one bucket of
        # content-addressed names at a time, so memory stays flat however large the archive.
        for index, bucket in enumerate(BUCKETS):
            upper = BUCKETS[index + 1] if index + 1 < len(BUCKETS) else "g"
            on_disk = set()
            for folder in PHOTO_FOLDERS:
                on_disk.update(walk(storage, f"{folder}/{bucket}"))
            in_bucket = {"sha256__gte": bucket, "sha256__lt": upper}
            rows = {
                name: f"photo {pk}"
                for pk, name in Photo.objects.filter(**in_bucket)
                .exclude(image="")
                .values_list("pk", "image")
            }
            rows.update(
                (name, f"rendition {pk} of photo {photo_id}")
                for pk, photo_id, name in Rendition.objects.filter(
                    **{f"photo__{key}": value for key, value in in_bucket.items()}
                ).values_list("pk", "photo_id", "file")
            )
            rows.update(
                (name, f"replaced original {pk} of photo {photo_id}")
                for pk, photo_id, name in ReplacedOriginal.objects.filter(
                    file__startswith=f"originals/{bucket}/"
                ).values_list("pk", "photo_id", "file")
            )
            orphans += sorted(on_disk - rows.keys())
            missing += [
                f"{label}: {name}"
                for name, label in sorted(rows.items())
                if name not in on_disk and not storage.exists(name)
            ]
        # Everything else: photos stored without a hash, and every other file field.
        unhashed = Photo.objects.filter(sha256="").exclude(image="").values_list("pk", "image")
        missing += [f"photo {pk}: {name}" for pk, name in unhashed if not storage.exists(name)]
        others = dict(self.other_file_rows())
        on_disk = {name for name in walk(storage, "") if not self.in_bucket(name)}
        photo_names = set(Photo.objects.filter(sha256="").values_list("image", flat=True))
        orphans += sorted(on_disk - others.keys() - photo_names)
        missing += [
            f"{label}: {name}"
            for name, label in sorted(others.items())
            if name not in on_disk and not storage.exists(name)
        ]

        kept = ReplacedOriginal.objects.select_related("photo").order_by("replaced_at", "pk")
        for original in kept.iterator():
            self.stdout.write(
                f"kept replaced original: {original.file.name} (of {original.photo}, "
                f"replaced {original.replaced_at:%Y-%m-%d}; remove or put back in the admin)"
            )
        for name in missing:
            self.stdout.write(f"missing file: {name}")
        for name in orphans:
            self.stdout.write(f"orphan file: {name}")
        if orphans and options["delete_orphans"]:
            for name in orphans:
                storage.delete(name)
            self.stdout.write(f"{len(orphans)} orphan files deleted.")
        summary = f"{len(orphans)} orphan files, {len(missing)} rows with missing files."
        if missing or (orphans and not options["delete_orphans"]):
            raise CommandError(summary, returncode=1)
        self.stdout.write(self.style.SUCCESS(summary))

    @staticmethod
    def in_bucket(name: str) -> bool:
        """Whether `name` lies in a folder the bucket pass above has already compared."""
        parts = name.split("/")
        return len(parts) > 2 and parts[0] in PHOTO_FOLDERS and parts[1] in BUCKET_SET

    @staticmethod
    def other_file_rows() -> Iterator[tuple[str, str]]:
        """
        Yield (file name, row label) for every file field other than photos' own, and for
        the renditions of portraits and patches.
        """
        skip = {(Photo, "image"), (Rendition, "file"), (ReplacedOriginal, "file")}
        for model in apps.get_models():
            for field in model._meta.get_fields():
                if not isinstance(field, models.FileField) or (model, field.name) in skip:
                    continue
                rows = model._default_manager.exclude(**{field.name: ""}).exclude(
                    **{f"{field.name}__isnull": True}
                )
                for pk, name in rows.values_list("pk", field.name).iterator():
                    label = f"{model._meta.verbose_name} {pk}"
                    yield name, label
                    if isinstance(field, CheckedImageField):
                        # Renditions are named after their original, not by a row.
                        yield from ((derived, label) for derived in field.rendition_names(name))
