from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from astrophoto.progress import TerminalProgress
from gallery.bulk_intake import count_files, import_paths
from gallery.intake import Defaults, FileOutcome
from gallery.models import Photo, Subject
from missions.models import Astronaut, Expedition, Mission, Spacecraft

USAGE_ERROR = 2


class Command(BaseCommand):
    help = (
        "Import photos from files, folders (recursively) and .zip archives. Exit status: 0 when "
        "every file was imported, a duplicate or skipped; 1 when any was rejected; 2 for usage "
        "errors."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
        parser.add_argument("--photographer", metavar="SLUG", help="Astronaut who took them.")
        parser.add_argument("--mission", metavar="SLUG")
        parser.add_argument("--expedition", metavar="NUMBER", type=int)
        parser.add_argument("--spacecraft", metavar="SLUG")
        parser.add_argument(
            "--subject", metavar="SLUG", action="append", default=[], help="Repeat for several."
        )
        parser.add_argument("--status", choices=Photo.Status.values)
        parser.add_argument("--credit", default="")
        parser.add_argument("--rights-holder", default="")
        parser.add_argument("--licence", choices=Photo.Licence.values, default="")
        parser.add_argument(
            "--no-progress", action="store_true", help="No progress line, even on a terminal."
        )

    def handle(self, *args, **options):
        paths = options["paths"]
        if missing := [str(path) for path in paths if not path.exists()]:
            message = f"No such file or folder: {', '.join(missing)}"
            raise CommandError(message, returncode=USAGE_ERROR)
        defaults = self.defaults(options)
        progress = TerminalProgress.on(self.stdout, wanted=not options["no_progress"])
        total = count_files(paths) if progress else 0
        counts, problems = Counter(), []
        for done, result in enumerate(import_paths(paths, defaults), start=1):
            counts[result.outcome] += 1
            if result.outcome in (FileOutcome.REJECTED, FileOutcome.SKIPPED) or result.unreadable:
                # Text only: holding every result's photo would grow with the import.
                problems.append(f"{result.name}: {result.describe()}")
            if progress:
                progress.step(done, total, result.name)
            elif options["verbosity"] >= 2:
                self.stdout.write(f"{result.name}: {result.describe()}")
        if progress:
            progress.clear()
        for line in problems:
            self.stdout.write(line)
        summary = ", ".join(
            f"{counts[outcome]} {label}"
            for outcome, label in [
                (FileOutcome.IMPORTED, "imported"),
                (FileOutcome.DUPLICATE, "duplicates"),
                (FileOutcome.REJECTED, "rejected"),
                (FileOutcome.SKIPPED, "skipped"),
            ]
        )
        self.stdout.write(self.style.SUCCESS(f"{summary}."))
        if rejected := counts[FileOutcome.REJECTED]:
            raise CommandError(f"{rejected} rejected (reasons above).", returncode=1)

    def defaults(self, options) -> Defaults:
        return Defaults(
            photographer=self.lookup(Astronaut, "slug", options["photographer"]),
            mission=self.lookup(Mission, "slug", options["mission"]),
            expedition=self.lookup(Expedition, "number", options["expedition"]),
            spacecraft=self.lookup(Spacecraft, "slug", options["spacecraft"]),
            subjects=[self.lookup(Subject, "slug", slug) for slug in options["subject"]],
            status=options["status"] or "",
            credit=options["credit"],
            rights_holder=options["rights_holder"],
            licence=options["licence"],
        )

    def lookup(self, model, field: str, value):
        if value is None:
            return None
        try:
            return model.objects.get(**{field: value})
        except model.DoesNotExist:
            message = f"No {model._meta.verbose_name} with {field} {value!r}."
            raise CommandError(message, returncode=USAGE_ERROR) from None
