"""
The admin site: the catalogue's name on it, and a guard that no filter value in a list's
query string makes a server error.

Filter values go from the query string to the database unchecked by Django's admin: an id
past 64 bits, the last year of the calendar in a date hierarchy, a NUL byte in a search.
The database (or the date arithmetic) then refuses them while the list is being read.
For any model's list, Django's own or a third party's, such a refusal is answered as the
admin answers any lookup it cannot make (`?e=1`, "incorrect lookup parameters"), and an
autocomplete as finding nothing.
"""

import logging
from functools import wraps

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.views.main import ERROR_FLAG
from django.db import DataError, transaction
from django.http import HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

# What a value out of range for its column or for the calendar raises on reaching the
# database or the date arithmetic: SQLite's integer conversion, PostgreSQL's range and NUL
# checks, datetime's year 10000.
REFUSED_VALUES = (OverflowError, DataError, ValueError)


class AstrophotoAdminSite(admin.AdminSite):
    site_header = _("astrophoto curation")
    site_title = _("astrophoto")
    index_title = _("Catalogue")

    def admin_view(self, view, cacheable=False):
        guarded = super().admin_view(view, cacheable)
        name = getattr(view, "__name__", "")
        if name not in {"changelist_view", "autocomplete_view"}:
            return guarded

        @wraps(view)
        def read_only_what_can_be_read(request, *args, **kwargs):
            if request.method != "GET":
                return guarded(request, *args, **kwargs)
            try:
                # A savepoint, so that PostgreSQL's refusal leaves the connection usable.
                with transaction.atomic():
                    response = guarded(request, *args, **kwargs)
                    if isinstance(response, TemplateResponse):
                        response.render()
                    return response
            except REFUSED_VALUES as error:
                logger.warning("Admin list %s refused %s: %s", request.path, request.GET, error)
                if name == "autocomplete_view":
                    return JsonResponse({"results": [], "pagination": {"more": False}})
                if ERROR_FLAG in request.GET:
                    raise  # the plain list, with no filter, failed: a real fault
                return HttpResponseRedirect(f"{request.path}?{ERROR_FLAG}=1")

        return read_only_what_can_be_read


class AstrophotoAdminConfig(AdminConfig):
    default_site = "astrophoto.admin_site.AstrophotoAdminSite"
