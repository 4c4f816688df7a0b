from astrophoto.importing.command import ImportCommand
from missions.importers.astronauts import AstronautImporter


class Command(ImportCommand):
    help = (
        "Import astronauts with their missions, spacecraft and ISS expeditions from the "
        "astronaut database (one row per astronaut per mission) or the NASA astronaut fact "
        "book (one row per astronaut); the header says which."
    )
    file_help = "a CSV file in either format"
    importer_class = AstronautImporter
