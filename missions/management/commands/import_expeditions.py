from astrophoto.importing.command import ImportCommand
from missions.importers.expeditions import ExpeditionImporter


class Command(ImportCommand):
    help = (
        "Import a list of ISS expeditions (JSON array or CSV) with their dates, crews and "
        "spacecraft; crew names are matched to the catalogue's astronauts."
    )
    file_help = "a JSON or CSV expedition list"
    importer_class = ExpeditionImporter
