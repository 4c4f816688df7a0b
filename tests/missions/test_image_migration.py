"""
The migration that brings portraits and patches stored before under the rules of
astrophoto.fields: checked, stored by content, with renditions.
"""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase

from astrophoto.fields import rendition_name
from tests.factories import image_bytes

BEFORE = [("missions", "0002_crew_member_role")]
AFTER = [("missions", "0003_images_checked_and_stored_by_content")]


def migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


class StoreByContentMigrationTests(TransactionTestCase):
    def setUp(self):
        migrate(BEFORE)
        self.addCleanup(migrate, MigrationExecutor(connection).loader.graph.leaf_nodes())
        apps = MigrationExecutor(connection).loader.project_state(BEFORE).apps
        self.Astronaut = apps.get_model("missions", "Astronaut")
        self.Mission = apps.get_model("missions", "Mission")

    def stored_before(self, name: str, data: bytes) -> str:
        return default_storage.save(name, ContentFile(data))

    def test_existing_images_are_stored_by_content_and_bad_ones_are_no_longer_shown(self):
        portrait = image_bytes(400, 500, format="PNG")
        polyglot = image_bytes(32, 32, format="PNG") + b"<script>alert(1)</script>"
        good = self.Astronaut.objects.create(
            name="Thomas Pesquet",
            slug="thomas-pesquet",
            portrait=self.stored_before("portraits/thomas-pesquet.png", portrait),
        )
        bad = self.Mission.objects.create(
            name="Alpha", slug="alpha", patch=self.stored_before("patches/alpha.png", polyglot)
        )
        missing = self.Mission.objects.create(name="Proxima", slug="proxima", patch="patches/x.png")

        migrate(AFTER)

        # The models as they are after this migration, not as later ones leave them.
        after = MigrationExecutor(connection).loader.project_state(AFTER).apps
        Astronaut, Mission = (
            after.get_model("missions", "Astronaut"),
            after.get_model("missions", "Mission"),
        )
        name = Astronaut.objects.get(pk=good.pk).portrait.name
        assert name.startswith("portraits/") and name.endswith(".png")
        assert default_storage.open(name).read() == portrait
        for size in (160, 320):
            for format in ("webp", "jpeg"):
                assert default_storage.exists(rendition_name(name, size, format))
        assert not default_storage.exists("portraits/thomas-pesquet.png")
        # Refused or unreadable: not shown any more; the file is kept for check_media.
        assert Mission.objects.get(pk=bad.pk).patch.name == ""
        assert default_storage.exists("patches/alpha.png")
        assert Mission.objects.get(pk=missing.pk).patch.name == ""

    def test_it_reverses(self):
        migrate(AFTER)

        migrate(BEFORE)
        migrate(AFTER)
