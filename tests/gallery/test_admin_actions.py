"""The bulk actions of the photo list: PhotoQuerySet changes in batches, logged and counted."""

from unittest import mock

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Permission, User
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gallery import admin_actions
from gallery.models import Photo
from tests.factories import (
    make_astronaut,
    make_curator,
    make_expedition,
    make_photo,
    make_subject,
)

CHANGELIST = reverse("admin:gallery_photo_changelist")


class BulkActionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.curator = make_curator()

    def setUp(self):
        self.client.force_login(self.curator)

    def act(self, action, photos, **extra):
        return self.client.post(
            CHANGELIST,
            {"action": action, "_selected_action": [p.pk for p in photos], **extra},
            follow=True,
        )

    def test_publish_changes_drafts_reports_the_count_and_logs_each_photo(self):
        drafts = [make_photo(), make_photo()]
        already = make_photo(status=Photo.Status.PUBLISHED)

        response = self.act("publish", [*drafts, already])

        assert Photo.objects.public().count() == 3
        assert all(p.published_at for p in Photo.objects.all())
        assert "2 photos published." in [str(m) for m in response.context["messages"]]
        logged = LogEntry.objects.filter(action_flag=CHANGE, user=self.curator)
        assert sorted(int(e.object_id) for e in logged) == sorted(p.pk for p in drafts)

    def test_publish_leaves_catalogue_entries_without_an_image_unpublished(self):
        entry = make_photo(with_image=False)

        response = self.act("publish", [entry])

        entry.refresh_from_db()
        assert entry.status == Photo.Status.DRAFT
        assert any("no image yet" in str(m) for m in response.context["messages"])

    def test_withdraw_and_feature(self):
        photo = make_photo(status=Photo.Status.PUBLISHED)

        self.act("withdraw", [photo])
        self.act("feature", [photo])

        photo.refresh_from_db()
        assert (photo.status, photo.featured) == (Photo.Status.WITHDRAWN, True)
        assert not Photo.objects.public().exists()
        assert LogEntry.objects.filter(object_id=str(photo.pk)).count() == 2

    def test_assign_expedition_asks_for_it_then_applies_it(self):
        photos = [make_photo(), make_photo()]
        expedition = make_expedition(66)

        page = self.act("assign_expedition", photos)

        assert page.templates[0].name == "admin/gallery/photo/bulk_assign.html"
        assert not Photo.objects.filter(expedition=expedition).exists()

        response = self.act("assign_expedition", photos, apply="1", target=expedition.pk)

        assert Photo.objects.filter(expedition=expedition).count() == 2
        assert "Expedition set to Expedition 66 on 2 photos." in [
            str(m) for m in response.context["messages"]
        ]
        assert LogEntry.objects.filter(user=self.curator).count() == 2

    def test_assign_photographer_across_every_filtered_photo(self):
        pesquet = make_astronaut("Thomas Pesquet")
        expedition = make_expedition(65)
        chosen = [make_photo(expedition=expedition) for _ in range(3)]
        other = make_photo()

        self.client.post(
            f"{CHANGELIST}?expedition__id__exact={expedition.pk}",
            {
                "action": "assign_photographer",
                "select_across": "1",
                "_selected_action": [chosen[0].pk],
                "apply": "1",
                "target": pesquet.pk,
            },
        )

        assert set(Photo.objects.filter(photographer=pesquet)) == set(chosen)
        other.refresh_from_db()
        assert other.photographer is None

    def test_add_subject_adds_it_once(self):
        aurora = make_subject("Aurora")
        tagged = make_photo(subjects=[aurora])
        untagged = make_photo()

        response = self.act("add_subject", [tagged, untagged], apply="1", target=aurora.pk)

        assert set(aurora.photos.all()) == {tagged, untagged}
        assert "Subject Aurora added to 1 photo." in [str(m) for m in response.context["messages"]]

    def test_an_invalid_target_shows_the_form_again_and_changes_nothing(self):
        photo = make_photo()

        response = self.act("assign_mission", [photo], apply="1", target="999999")

        assert response.status_code == 200
        assert response.context["form"].errors
        photo.refresh_from_db()
        assert photo.mission is None

    def shown(self, response) -> list[str]:
        return [str(m) for m in response.context["messages"]]

    def logged(self) -> list[int]:
        return sorted(int(e.object_id) for e in LogEntry.objects.filter(user=self.curator))

    def test_unfeature_reports_and_logs_only_the_featured_photos(self):
        featured, plain = make_photo(featured=True), make_photo()

        response = self.act("unfeature", [featured, plain])

        assert not Photo.objects.featured().exists()
        assert "1 photo no longer featured." in self.shown(response)
        assert self.logged() == [featured.pk]
        assert LogEntry.objects.get().change_message == "No longer featured."

    def test_add_subject_logs_only_the_photos_it_tagged(self):
        aurora = make_subject("Aurora")
        tagged, untagged = make_photo(subjects=[aurora]), make_photo()

        self.act("add_subject", [tagged, untagged], apply="1", target=aurora.pk)

        assert self.logged() == [untagged.pk]
        assert LogEntry.objects.get().change_message == "Added subject Aurora."

    def test_a_photo_published_again_keeps_its_first_publication_date(self):
        photo = make_photo()
        self.act("publish", [photo])
        first = Photo.objects.get().published_at

        self.act("withdraw", [photo])
        response = self.act("publish", [photo])

        assert Photo.objects.public().get().published_at == first
        assert "1 photo published." in self.shown(response)

    def test_every_batch_is_changed_logged_and_counted(self):
        drafts = [make_photo() for _ in range(5)]

        with (
            mock.patch.object(admin_actions, "BULK_BATCH_SIZE", 2),
            CaptureQueriesContext(connection) as queries,
        ):
            response = self.act("publish", drafts)

        assert Photo.objects.public().count() == 5
        assert "5 photos published." in self.shown(response)
        assert self.logged() == sorted(p.pk for p in drafts)
        updates = [q["sql"] for q in queries if q["sql"].startswith('UPDATE "gallery_photo"')]
        assert len(updates) == 3

    def test_staff_who_may_only_view_photos_cannot_run_an_action(self):
        viewer = User.objects.create_user("viewer", password="long-viewer-password", is_staff=True)
        viewer.user_permissions.add(Permission.objects.get(codename="view_photo"))
        self.client.force_login(viewer)
        photo = make_photo()

        self.act("publish", [photo])

        photo.refresh_from_db()
        assert photo.status == Photo.Status.DRAFT
        assert not LogEntry.objects.exists()
