"""
Who may reach which admin page: every URL of every model registered with the admin site,
for an anonymous visitor, a curator and a superuser.

The URL list comes from the admin site's registry, so a model registered later is covered
without touching this file. What each role should get is asked of the model's admin
(its has_*_permission methods); the catalogue's own rules are asserted on top.
"""

from dataclasses import dataclass

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import AnonymousUser, User
from django.test import RequestFactory, TestCase, override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from gallery.models import Photo, ReplacedOriginal
from tests.factories import make_catalogue, make_curator

MISSING_PK = "987654321"
LOGIN = {"user_agent": "test", "ip_address": "192.0.2.1", "username": "someone", "path_info": "/"}


def make_admin_rows() -> None:
    """Give the models registered by Django and third-party apps one row each."""
    AccessAttempt.objects.create(**LOGIN, failures_since_start=1)
    AccessFailureLog.objects.create(**LOGIN)
    AccessLog.objects.create(**LOGIN)
    DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="gallery.tasks.make_photo_renditions",
        backend_name="default",
        run_after=timezone.now(),
    )


@dataclass(frozen=True)
class AdminPage:
    name: str
    url: str
    model_admin: admin.ModelAdmin
    obj: object | None
    has_object: bool
    takes_object: bool

    def expected_status(self, user) -> int:
        """What the admin's own permission methods promise `user` on this page."""
        request = RequestFactory().get(self.url)
        request.user = user
        if not (user.is_active and user.is_staff):
            return 302
        model_admin, obj = self.model_admin, self.obj
        action = self.name.rsplit("_", 1)[-1]
        allowed = {
            "changelist": lambda: model_admin.has_view_or_change_permission(request),
            "add": lambda: model_admin.has_add_permission(request),
            "upload": lambda: model_admin.has_add_permission(request),
            "change": lambda: model_admin.has_view_or_change_permission(request, obj),
            "history": lambda: model_admin.has_view_or_change_permission(request, obj),
            "delete": lambda: model_admin.has_delete_permission(request, obj),
        }.get(action, lambda: model_admin.has_change_permission(request, obj))()
        if not allowed:
            return 403
        # A missing object sends those who may see it back to the index with a message.
        return 200 if self.has_object or not self.takes_object else 302


def admin_pages() -> list[AdminPage]:
    """Every named URL of every registered model, with a real object where one exists."""
    pages = []
    for model, model_admin in admin.site._registry.items():
        obj = model._default_manager.order_by("pk").first()
        for pattern in model_admin.get_urls():
            if not pattern.name:
                continue
            kwargs = {}
            if "object_id" in pattern.pattern.converters:
                kwargs["object_id"] = obj.pk if obj else MISSING_PK
            if "id" in pattern.pattern.converters:
                kwargs["id"] = obj.pk if obj else MISSING_PK
            url = reverse(f"admin:{pattern.name}", kwargs=kwargs)
            pages.append(
                AdminPage(pattern.name, url, model_admin, obj, obj is not None, bool(kwargs))
            )
    return pages


# Task result rows are read back through the backend that queued them.
@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
class AdminAccessTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.c = make_catalogue()
        make_admin_rows()
        ReplacedOriginal.objects.create(photo=Photo.objects.first(), file="originals/aa/old.jpg")
        cls.curator = make_curator()
        cls.superuser = User.objects.create_superuser("root", password="a-long-admin-password")

    def assert_every_page_as_promised(self, user):
        pages = admin_pages()
        assert len(pages) >= 5 * len(admin.site._registry)
        for page in pages:
            with self.subTest(page.name, url=page.url):
                response = self.client.get(page.url)
                assert response.status_code == page.expected_status(user), page.url
                if response.status_code == 302 and not user.is_authenticated:
                    assert response.url.startswith(reverse("admin:login"))

    def test_every_registered_model_has_a_row_to_try_its_object_pages_on(self):
        for page in admin_pages():
            with self.subTest(page.name):
                assert page.has_object, f"give {page.model_admin.model} a row in make_admin_rows()"

    def test_anonymous_visitors_are_sent_to_log_in_from_every_admin_page(self):
        self.assert_every_page_as_promised(AnonymousUser())

    def test_curators_reach_what_their_group_allows_and_nothing_else(self):
        self.client.force_login(self.curator)
        self.assert_every_page_as_promised(self.curator)

    def test_superusers_reach_every_page_their_admin_allows(self):
        self.client.force_login(self.superuser)
        self.assert_every_page_as_promised(self.superuser)

    def test_curators_cannot_delete_a_photo_by_any_admin_url(self):
        self.client.force_login(self.curator)
        photo = self.c.paris
        delete = reverse("admin:gallery_photo_delete", args=[photo.pk])

        assert self.client.get(delete).status_code == 403
        assert self.client.post(delete, {"post": "yes"}).status_code == 403
        bulk = self.client.post(
            reverse("admin:gallery_photo_changelist"),
            {"action": "delete_selected", ACTION_CHECKBOX_NAME: [photo.pk], "post": "yes"},
        )
        assert bulk.status_code in (200, 302)
        assert Photo.objects.filter(pk=photo.pk).exists()
        assert not any(
            page.expected_status(self.curator) == 200
            for page in admin_pages()
            if page.name == "gallery_photo_delete"
        )

    def test_curators_cannot_reach_accounts_or_login_records(self):
        self.client.force_login(self.curator)
        for name in (
            "auth_user_changelist",
            "auth_group_changelist",
            "axes_accessattempt_changelist",
        ):
            with self.subTest(name):
                assert self.client.get(reverse(f"admin:{name}")).status_code == 403

    def test_superusers_can_delete_a_photo(self):
        self.client.force_login(self.superuser)
        photo = self.c.paris
        response = self.client.post(
            reverse("admin:gallery_photo_delete", args=[photo.pk]), {"post": "yes"}
        )

        assert response.status_code == 302
        assert not Photo.objects.filter(pk=photo.pk).exists()
