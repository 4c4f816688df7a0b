from astrophoto.importing.command import ImportCommand
from gallery.gap import GapImporter


class Command(ImportCommand):
    help = (
        "Import a NASA Gateway to Astronaut Photography metadata export (TSV): create or update "
        "one draft catalogue entry per frame, keyed by its NASA photo ID."
    )
    file_help = "a GAP export (.tsv) with mission, roll and frame columns"
    importer_class = GapImporter
