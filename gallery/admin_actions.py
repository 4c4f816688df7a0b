"""
The bulk actions of the admin's photo list: publish, withdraw, feature, assign, tag.

Each is thin: a PhotoQuerySet method makes the change a batch of photos at a time, every
photo it changed gets an entry in the admin log, and the curator is told how many.
"""

from collections.abc import Callable
from itertools import batched

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.models import CHANGE, LogEntry
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from gallery.forms import TargetForm
from gallery.models import Photo, PhotoQuerySet

BULK_BATCH_SIZE = 1000


def change_in_batches(
    request, queryset: PhotoQuerySet, change: Callable[[PhotoQuerySet], int], message: str
) -> int:
    """
    Apply `change` (a PhotoQuerySet method) to the photos of `queryset` a batch at a time,
    log `message` for each photo it changed, and return how many it changed.

    A change stamps `updated_at` on the photos it changes, and only on them: that is how
    they are told from the photos that were already as asked.
    """
    count = 0
    with transaction.atomic():
        stamps = dict(queryset.order_by().values_list("pk", "updated_at"))
        for ids in batched(stamps, BULK_BATCH_SIZE):
            batch = Photo.objects.filter(pk__in=ids)
            count += change(batch)
            changed = [
                photo
                for photo in batch.order_by().only("nasa_id", "title", "updated_at")
                if photo.updated_at != stamps[photo.pk]
            ]
            LogEntry.objects.log_actions(request.user.pk, changed, CHANGE, message)
    return count


@admin.action(description=_("Publish selected photos"), permissions=["change"])
def publish(modeladmin, request, queryset):
    count = change_in_batches(request, queryset, PhotoQuerySet.publish, gettext("Published."))
    message = ngettext("%(count)d photo published.", "%(count)d photos published.", count)
    modeladmin.message_user(request, message % {"count": count}, messages.SUCCESS)
    if skipped := queryset.filter(image="").count():
        message = ngettext(
            "%(count)d catalogue entry has no image yet and was not published.",
            "%(count)d catalogue entries have no image yet and were not published.",
            skipped,
        )
        modeladmin.message_user(request, message % {"count": skipped}, messages.WARNING)


@admin.action(description=_("Withdraw selected photos"), permissions=["change"])
def withdraw(modeladmin, request, queryset):
    count = change_in_batches(request, queryset, PhotoQuerySet.withdraw, gettext("Withdrawn."))
    message = ngettext("%(count)d photo withdrawn.", "%(count)d photos withdrawn.", count)
    modeladmin.message_user(request, message % {"count": count}, messages.SUCCESS)


@admin.action(description=_("Feature selected photos"), permissions=["change"])
def feature(modeladmin, request, queryset):
    count = change_in_batches(request, queryset, PhotoQuerySet.feature, gettext("Featured."))
    message = ngettext("%(count)d photo featured.", "%(count)d photos featured.", count)
    modeladmin.message_user(request, message % {"count": count}, messages.SUCCESS)


@admin.action(description=_("Stop featuring selected photos"), permissions=["change"])
def unfeature(modeladmin, request, queryset):
    count = change_in_batches(
        request, queryset, PhotoQuerySet.unfeature, gettext("No longer featured.")
    )
    message = ngettext(
        "%(count)d photo no longer featured.", "%(count)d photos no longer featured.", count
    )
    modeladmin.message_user(request, message % {"count": count}, messages.SUCCESS)


def bulk_assign(field_name: str, description: str):
    """Make the action that sets `field_name` (a relation) on the selected photos."""

    @admin.action(description=description, permissions=["change"])
    def action(modeladmin, request, queryset):
        target, page = ask_for_target(modeladmin, request, queryset, field_name, description)
        if page:
            return page
        label = Photo._meta.get_field(field_name).verbose_name
        count = change_in_batches(
            request,
            queryset,
            lambda batch: batch.assign(**{field_name: target}),
            gettext("Changed %(field)s to %(value)s.") % {"field": label, "value": target},
        )
        message = ngettext(
            "%(field)s set to %(value)s on %(count)d photo.",
            "%(field)s set to %(value)s on %(count)d photos.",
            count,
        ) % {"field": label.capitalize(), "value": target, "count": count}
        modeladmin.message_user(request, message, messages.SUCCESS)
        return None

    action.__name__ = f"assign_{field_name}"
    return action


@admin.action(description=_("Add a subject to selected photos"), permissions=["change"])
def add_subject(modeladmin, request, queryset):
    subject, page = ask_for_target(
        modeladmin, request, queryset, "subjects", gettext("Add a subject to selected photos")
    )
    if page:
        return page
    count = change_in_batches(
        request,
        queryset,
        lambda batch: batch.add_subject(subject),
        gettext("Added subject %(subject)s.") % {"subject": subject},
    )
    message = ngettext(
        "Subject %(subject)s added to %(count)d photo.",
        "Subject %(subject)s added to %(count)d photos.",
        count,
    ) % {"subject": subject, "count": count}
    modeladmin.message_user(request, message, messages.SUCCESS)
    return None


def ask_for_target(modeladmin, request, queryset, field_name: str, title: str):
    """Return (target, None) once chosen, else (None, the page that asks for it)."""
    field = Photo._meta.get_field(field_name)
    data = request.POST if "apply" in request.POST else None
    form = TargetForm(data, field=field, admin_site=modeladmin.admin_site)
    if data is not None and form.is_valid():
        return form.cleaned_data["target"], None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "opts": modeladmin.opts,
        "form": form,
        "media": modeladmin.media + form.media,
        "action": request.POST.get("action"),
        "select_across": request.POST.get("select_across") == "1",
        "count": queryset.count(),
        "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return None, TemplateResponse(request, "admin/gallery/photo/bulk_assign.html", context)
