"""Publishing, withdrawing, featuring and assigning many photos at once (PhotoQuerySet)."""

from django.test import TestCase

from gallery.models import Photo
from tests.factories import make_expedition, make_photo, make_subject, utc


class PublishTests(TestCase):
    def test_publish_changes_the_drafts_with_an_image_and_says_how_many(self):
        drafts = [make_photo(), make_photo(status=Photo.Status.WITHDRAWN)]
        make_photo(status=Photo.Status.PUBLISHED)

        assert Photo.objects.publish() == 2

        assert set(drafts) < set(Photo.objects.public())
        assert Photo.objects.public().count() == 3
        assert all(photo.published_at for photo in Photo.objects.all())
        assert Photo.objects.publish() == 0

    def test_a_catalogue_entry_without_an_image_is_not_published(self):
        entry = make_photo(with_image=False)

        assert Photo.objects.publish() == 0

        entry.refresh_from_db()
        assert (entry.status, entry.published_at) == (Photo.Status.DRAFT, None)

    def test_a_photo_published_again_keeps_its_first_publication_date(self):
        photo = make_photo()
        Photo.objects.publish()
        first = Photo.objects.get().published_at

        assert Photo.objects.withdraw() == 1
        assert Photo.objects.publish() == 1

        photo.refresh_from_db()
        assert photo.status == Photo.Status.PUBLISHED
        assert photo.published_at == first

    def test_publish_and_save_follow_the_same_rule(self):
        saved = make_photo(status=Photo.Status.PUBLISHED)
        first = saved.published_at
        Photo.objects.withdraw()
        Photo.objects.publish()
        saved.refresh_from_db()
        assert saved.published_at == first

        bulk = make_photo()
        Photo.objects.filter(pk=bulk.pk).publish()
        bulk.refresh_from_db()
        first = bulk.published_at
        bulk.status = Photo.Status.WITHDRAWN
        bulk.save()
        bulk.status = Photo.Status.PUBLISHED
        bulk.save()
        bulk.refresh_from_db()
        assert bulk.published_at == first

    def test_publish_stamps_updated_at_on_the_photos_it_changed_only(self):
        draft, published = make_photo(), make_photo(status=Photo.Status.PUBLISHED)

        Photo.objects.publish()

        assert Photo.objects.get(pk=draft.pk).updated_at > draft.updated_at
        assert Photo.objects.get(pk=published.pk).updated_at == published.updated_at


class PhotoSaveTests(TestCase):
    def test_saving_a_draft_leaves_it_unpublished(self):
        photo = make_photo(title="Draft")

        photo.save()

        assert photo.published_at is None

    def test_a_photo_saved_as_published_again_keeps_its_first_publication_date(self):
        photo = make_photo(status=Photo.Status.PUBLISHED)
        first = photo.published_at

        photo.status = Photo.Status.WITHDRAWN
        photo.save()
        photo.status = Photo.Status.PUBLISHED
        photo.save()

        photo.refresh_from_db()
        assert photo.published_at == first

    def test_first_published_at_keeps_a_date_and_gives_now_for_none(self):
        now, earlier = utc(2021, 5, 3), utc(2016, 12, 14)

        assert Photo.first_published_at(None, now) == now
        assert Photo.first_published_at(earlier, now) == earlier


class WithdrawAndFeatureTests(TestCase):
    def test_withdraw_counts_only_the_photos_not_withdrawn_yet(self):
        make_photo(status=Photo.Status.PUBLISHED)
        make_photo()
        make_photo(status=Photo.Status.WITHDRAWN)

        assert Photo.objects.withdraw() == 2

        assert set(Photo.objects.values_list("status", flat=True)) == {Photo.Status.WITHDRAWN}
        assert Photo.objects.withdraw() == 0

    def test_feature_and_unfeature_count_the_photos_they_change(self):
        make_photo(featured=True)
        make_photo()
        make_photo()

        assert Photo.objects.feature() == 2
        assert Photo.objects.featured().count() == 3
        assert Photo.objects.feature() == 0
        assert Photo.objects.unfeature() == 3
        assert not Photo.objects.featured().exists()


class AssignTests(TestCase):
    def test_assign_changes_the_photos_that_differ_and_stamps_only_them(self):
        e65, e66 = make_expedition(65), make_expedition(66)
        on_e65, on_e66, none = make_photo(expedition=e65), make_photo(expedition=e66), make_photo()

        assert Photo.objects.assign(expedition=e66) == 2

        assert Photo.objects.filter(expedition=e66).count() == 3
        assert Photo.objects.get(pk=on_e66.pk).updated_at == on_e66.updated_at
        assert Photo.objects.get(pk=on_e65.pk).updated_at > on_e65.updated_at
        assert Photo.objects.get(pk=none.pk).updated_at > none.updated_at

    def test_add_subject_tags_each_photo_once_and_counts_the_new_tags(self):
        aurora, cities = make_subject("Aurora"), make_subject("Cities at night")
        tagged, other, untagged = (
            make_photo(subjects=[aurora]),
            make_photo(subjects=[cities]),
            make_photo(),
        )

        assert Photo.objects.add_subject(aurora) == 2

        assert set(aurora.photos.all()) == {tagged, other, untagged}
        assert Photo.subjects.through.objects.filter(subject=aurora).count() == 3
        assert list(other.subjects.order_by("name_en")) == [aurora, cities]
        assert Photo.objects.get(pk=tagged.pk).updated_at == tagged.updated_at
        assert Photo.objects.get(pk=untagged.pk).updated_at > untagged.updated_at
        assert Photo.objects.add_subject(aurora) == 0
