"""
The same new file brought in twice at the same moment, through every intake path: exactly
one photo results, with its file and renditions, and the other attempt is a duplicate. A
file is deleted only when no committed row names it, whoever asks.

The parallel tests drive real threads, each with its own database connection, against
PostgreSQL; SQLite keeps writers apart with its one write lock, and its tests in memory
share one connection's lock, so there the same races are played out in turn.
"""

import io
import random
import threading
import unittest
from collections import Counter
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import IntegrityError, connection, connections
from django.test import Client, TestCase, TransactionTestCase
from PIL import Image

from astrophoto.files import delete_unreferenced
from gallery import intake
from gallery.intake import AlreadyStored, FileOutcome, import_file
from gallery.models import ORIGINALS, Photo, Rendition
from gallery.tasks import planned_renditions
from tests.factories import make_photo
from tests.gallery.test_photo_form import photo_form

ROUNDS = 20


def noisy_jpeg(seed: int, size=(1600, 1200)) -> bytes:
    """A JPEG of random noise: large for its size, so a store takes long enough to race."""
    noise = random.Random(seed).randbytes(size[0] * size[1] * 3)
    image = Image.frombytes("RGB", size, noise)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def run_together(*calls) -> list:
    """Run each call in its own thread, all released at once; return their results."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except BaseException as exc:  # reported by the test, not lost in the thread
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def assert_one_whole_photo(testcase, data: bytes) -> Photo:
    """Exactly one photo holds these bytes, with its original and every rendition on disk."""
    facts = intake.check_file(io.BytesIO(data))
    photos = list(Photo.objects.filter(sha256=facts.sha256))
    testcase.assertEqual(len(photos), 1)
    photo = photos[0]
    testcase.assertTrue(default_storage.exists(photo.image.name), photo.image.name)
    testcase.assertEqual(default_storage.size(photo.image.name), len(data))
    renditions = list(Rendition.objects.filter(photo=photo))
    testcase.assertEqual({(r.width, r.format) for r in renditions}, planned_renditions(photo))
    for rendition in renditions:
        testcase.assertTrue(default_storage.exists(rendition.file.name), rendition.file.name)
    return photo


class ParallelTestCase(TransactionTestCase):
    def setUp(self):
        if connection.vendor != "postgresql":
            raise unittest.SkipTest("parallel writers need a server database (PostgreSQL)")
        # Threads open their own connections, which must see the test database's media.
        self.media = Path(settings.MEDIA_ROOT)


class ParallelImportTests(ParallelTestCase):
    def test_three_imports_of_one_new_file_at_once_make_one_photo_every_time(self):
        for round in range(ROUNDS):
            data = noisy_jpeg(round)
            name = f"ISS065-E-{1000 + round}.JPG"
            results = run_together(
                *(lambda d=data, n=name: import_file(io.BytesIO(d), n) for _ in range(3))
            )

            outcomes = Counter(getattr(result, "outcome", result) for result in results)
            assert outcomes == {FileOutcome.IMPORTED: 1, FileOutcome.DUPLICATE: 2}, results
            photo = assert_one_whole_photo(self, data)
            assert {result.photo.pk for result in results} == {photo.pk}

    def test_two_import_photos_runs_over_one_folder_bring_each_file_in_once(self):
        for round in range(ROUNDS // 2):
            folder = self.media.parent / f"import-{round}"
            folder.mkdir()
            files = [noisy_jpeg(1000 + round * 3 + n, (800, 600)) for n in range(3)]
            for number, data in enumerate(files):
                (folder / f"ISS066-E-{round * 3 + number + 1}.JPG").write_bytes(data)

            def run_command(folder=folder):
                output = io.StringIO()
                call_command("import_photos", str(folder), stdout=output)
                return output.getvalue()

            outputs = run_together(run_command, run_command)

            assert all(isinstance(output, str) for output in outputs), outputs
            assert "0 rejected" in outputs[0] and "0 rejected" in outputs[1], outputs
            for data in files:
                assert_one_whole_photo(self, data)


class ParallelAdminFormTests(ParallelTestCase):
    def setUp(self):
        super().setUp()
        from django.contrib.auth.models import User

        self.user = User.objects.create_superuser("admin", password="a-long-admin-password")

    def test_the_photo_form_sent_twice_with_one_file_makes_one_photo_every_time(self):
        clients = [Client(), Client()]
        for client in clients:
            client.force_login(self.user)
        for round in range(ROUNDS):
            data = noisy_jpeg(5000 + round)

            def send(client, data=data):
                upload = io.BytesIO(data)
                upload.name = "frame.jpg"
                return client.post("/admin/gallery/photo/add/", photo_form(image=upload))

            responses = run_together(*(lambda c=client: send(c) for client in clients))

            statuses = [getattr(response, "status_code", response) for response in responses]
            assert statuses == [302, 302], responses
            photo = assert_one_whole_photo(self, data)
            # The second is sent to the photo the first made, told that nothing new was saved.
            assert f"/admin/gallery/photo/{photo.pk}/change/" in {r["Location"] for r in responses}


class RaceInTurnTests(TestCase):
    """The same races on every database, the competing store run at the worst moment."""

    def test_a_store_that_checked_before_the_other_committed_reports_it_and_deletes_nothing(self):
        data = noisy_jpeg(1, (400, 300))
        with self.captureOnCommitCallbacks(execute=True):
            first = import_file(io.BytesIO(data), "a.jpg").photo
        facts = intake.check_file(io.BytesIO(data))

        # As an import that found no duplicate just before the first one committed.
        with self.assertRaises(AlreadyStored) as raised:
            intake.store_image(Photo(), io.BytesIO(data), facts, "b.jpg")

        assert raised.exception.photo == first
        assert_one_whole_photo(self, data)

    def test_a_failed_save_deletes_only_a_file_no_committed_row_names(self):
        data = noisy_jpeg(2, (400, 300))
        facts = intake.check_file(io.BytesIO(data))
        with (
            mock.patch.object(Photo, "save", side_effect=IntegrityError("lost a race")),
            self.assertRaises(IntegrityError),
        ):
            intake.store_image(Photo(), io.BytesIO(data), facts, "a.jpg")
        # The file it wrote went with it: no row names it.
        assert not default_storage.exists(f"originals/{facts.sha256[:2]}/{facts.stored_name}")

        photo = import_file(io.BytesIO(data), "a.jpg").photo
        # Whoever asks later, the file a committed row names stays.
        assert not delete_unreferenced(ORIGINALS, photo.image.name)
        assert default_storage.exists(photo.image.name)

    def test_a_catalogue_entry_completed_meanwhile_is_not_given_a_second_image(self):
        entry = make_photo(with_image=False, nasa_id="ISS065-E-77")
        stale = Photo.objects.get(pk=entry.pk)
        first = noisy_jpeg(3, (400, 300))
        with self.captureOnCommitCallbacks(execute=True):
            result = import_file(io.BytesIO(first), "ISS065-E-77.JPG")
        assert result.outcome is FileOutcome.IMPORTED

        second = noisy_jpeg(4, (400, 300))
        facts = intake.check_file(io.BytesIO(second))
        with self.assertRaises(intake.EntryTaken):
            intake.store_image(stale, io.BytesIO(second), facts, "x.jpg", completing=True)

        assert Photo.objects.get(pk=entry.pk).sha256 == intake.check_file(io.BytesIO(first)).sha256
        assert_one_whole_photo(self, first)
