"""
The admin's "Upload photos" page: many photos at once, or zip archives of them.

Every file goes through intake, as every import does, and the page answers with one line
a file. It is a view of its own, as Django's admin keeps `AutocompleteJsonView`, that
`PhotoAdmin.get_urls()` serves at `admin:gallery_photo_upload`.
"""

from collections import Counter

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, TooManyFilesSent
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.template.response import TemplateResponse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.generic import View

from astrophoto.imaging import megabytes
from gallery import bulk_intake, intake
from gallery.forms import UploadForm


class UploadSizeLimit(FileUploadHandler):
    """
    Refuse each uploaded file as soon as it passes its size limit, and remember it.

    A zip archive (told by its first bytes) may be larger than a photo. The refused file
    is not read into memory or to disk any further; the next files go on as usual.
    """

    def __init__(self, request=None):
        super().__init__(request)
        self.refused: list[intake.IntakeResult] = []
        self.limit = self.received = 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.limit = self.received = 0

    def receive_data_chunk(self, raw_data, start):
        if start == 0:
            is_zip = raw_data[:4] == b"PK\x03\x04"
            self.limit = settings.PHOTO_MAX_ARCHIVE_SIZE if is_zip else settings.PHOTO_MAX_FILE_SIZE
        self.received += len(raw_data)
        if self.received > self.limit:
            self.refused.append(
                intake.IntakeResult(
                    self.file_name or "",
                    intake.FileOutcome.REJECTED,
                    reason=gettext("the file is over the %(limit)s limit")
                    % {"limit": megabytes(self.limit)},
                )
            )
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None


# CSRF is checked in post(), once the body is parsed with this page's own upload handler,
# which refuses each oversized file as it streams in.
@method_decorator(csrf_exempt, name="dispatch")
class UploadView(View):
    """Take many photos at once, or zip archives of them, and answer with one line each."""

    model_admin = None

    def dispatch(self, request, *args, **kwargs):
        if not self.model_admin.has_add_permission(request):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.page(request)

    def post(self, request):
        limit = UploadSizeLimit(request)
        request.upload_handlers.insert(0, limit)
        try:
            request.POST  # noqa: B018 (parse the body now, with the handler above)
        except TooManyFilesSent:
            error = gettext(
                "That was more than %(count)d files at once. Send fewer, or put them in a "
                ".zip archive."
            ) % {"count": settings.DATA_UPLOAD_MAX_NUMBER_FILES}
            return self.page(request, error=error, status=400)
        except RequestDataTooBig:
            return self.page(request, error=gettext("The form data was too large."), status=413)
        return self.upload(request, limit.refused)

    @method_decorator(csrf_protect)
    def upload(self, request, refused: list[intake.IntakeResult]):
        form = UploadForm(request.POST, request.FILES, admin_site=self.model_admin.admin_site)
        results = list(refused)
        if not form.is_valid():
            return self.page(request, form=form, results=results or None)
        if not form.cleaned_data["files"] and not results:
            form.add_error("files", gettext("Choose at least one file."))
            return self.page(request, form=form)
        defaults = form.defaults(request.user)
        for upload in form.cleaned_data["files"]:
            for result in bulk_intake.import_stream(upload, upload.name, defaults):
                if result.outcome is intake.FileOutcome.IMPORTED:
                    self.model_admin.log_change(request, result.photo, gettext("Image uploaded."))
                results.append(result)
        return self.page(request, form=form, results=results)

    def page(self, request, *, form=None, results=None, error="", status=200):
        admin_site = self.model_admin.admin_site
        form = form or UploadForm(admin_site=admin_site)
        context = {
            **admin_site.each_context(request),
            "title": gettext("Upload photos"),
            "opts": self.model_admin.opts,
            "form": form,
            "media": self.model_admin.media + form.media,
            "results": results,
            # A Counter answers 0 for an outcome no file had.
            "counts": Counter(result.outcome for result in results or ()),
            "error": error,
            "max_files": settings.DATA_UPLOAD_MAX_NUMBER_FILES,
            "max_file_size": megabytes(settings.PHOTO_MAX_FILE_SIZE),
            "max_archive_size": megabytes(settings.PHOTO_MAX_ARCHIVE_SIZE),
        }
        return TemplateResponse(request, "admin/gallery/photo/upload.html", context, status=status)
