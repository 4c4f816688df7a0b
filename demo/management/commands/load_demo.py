from functools import partial

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from astrophoto.progress import TerminalProgress
from demo.catalogue import load_catalogue, load_subjects
from demo.photos import load_photos
from demo.scenes import PHOTOS


class Command(BaseCommand):
    help = (
        "Load the demo catalogue: Thomas Pesquet's Proxima and Alpha missions, their flights, "
        "Expeditions 50, 51, 65 and 66 with their crews, a subject hierarchy and painted photos. "
        "Safe to run again: what is already there is kept."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--photos",
            type=int,
            default=len(PHOTOS),
            metavar="N",
            help=f"How many photos to have (default {len(PHOTOS)}); more are other frames of "
            "the same passes, for trying the site at size.",
        )
        parser.add_argument(
            "--image-width",
            type=int,
            default=2400,
            metavar="PX",
            help="Width of the painted originals (default 2400; smaller loads faster).",
        )
        parser.add_argument(
            "--curator", metavar="NAME", help="Also create a curator account with this name."
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="No progress line, even on a terminal."
        )

    def handle(self, *args, **options):
        if options["photos"] < 0:
            raise CommandError("--photos must be 0 or more.", returncode=2)
        if not 64 <= options["image_width"] <= 8000:
            raise CommandError("--image-width must be between 64 and 8000.", returncode=2)
        counts = load_catalogue()
        counts["subjects"] = len(load_subjects())
        self.stdout.write(", ".join(f"{count} {name}" for name, count in counts.items()))

        terminal = TerminalProgress.on(self.stdout, wanted=not options["no_progress"])
        imported, present = load_photos(
            options["photos"],
            image_width=options["image_width"],
            progress=terminal and partial(terminal.step, label="painting and importing photos"),
        )
        if terminal:
            terminal.clear()
        self.stdout.write(f"photos: {imported} imported, {present} already there")
        if options["curator"]:
            self.create_curator(options["curator"])

    @transaction.atomic
    def create_curator(self, username: str):
        User = get_user_model()
        user, created = User.objects.get_or_create(username=username, defaults={"is_staff": True})
        if created:
            user.set_unusable_password()
            user.save()
        elif not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        user.groups.add(Group.objects.get(name="Curators"))
        self.stdout.write(
            f"curator {username} {'created' if created else 'is in the Curators group'}; "
            f"set its password with: ./dev manage changepassword {username}"
        )
