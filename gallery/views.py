from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render

from astrophoto.pagination import KeysetPaginator, page_context, render_listing
from gallery.filters import PhotoFilter
from gallery.models import Photo, Subject
from gallery.nasa_ids import canonical_nasa_id
from missions.models import Astronaut, Expedition, Mission

HOME_LATEST = 12
HOME_FEATURED = 6
RELATED_PHOTOS = 6


def home(request: HttpRequest) -> HttpResponse:
    photos = Photo.objects.public().for_cards()
    return render(
        request,
        "gallery/home.html",
        {
            "featured": photos.featured().order_by("-published_at", "-id")[:HOME_FEATURED],
            "latest": photos.order_by("-published_at", "-id")[:HOME_LATEST],
            "expeditions": Expedition.objects.order_by("-number")[:8],
            "missions": Mission.objects.select_related("agency").order_by(
                F("launch_at").desc(nulls_last=True)
            )[:6],
            "astronauts": Astronaut.objects.filter(
                Exists(Photo.objects.public().filter(photographer=OuterRef("pk")))
            )[:12],
            "subjects": Subject.objects.top_level(),
        },
    )


def photo_list(request: HttpRequest) -> HttpResponse:
    filterset = PhotoFilter(request.GET, queryset=Photo.objects.public())
    context = {"filterset": filterset, "form": filterset.form}
    if not filterset.is_valid():
        return render(request, "gallery/photo_list.html", context, status=400)
    photos = filterset.qs.for_cards()
    context.update(
        page_context(request, photos, filterset.ordering, settings.GALLERY_PAGE_SIZE),
        active_filters=filterset.active_filters(),
        context_query=filterset.context_query(),
    )
    return render_listing(request, "gallery/photo_list.html", context)


def find_public_photo(key: str) -> Photo:
    """
    Return the public photo a URL key names, its NASA ID in either spelling or its id, with
    everything its page shows.
    """
    photos = (
        Photo.objects.public()
        .select_related("photographer__agency", "mission", "expedition", "spacecraft")
        .prefetch_related("subjects")
        .with_renditions()
    )
    if key.isascii() and key.isdigit() and len(key) < 19:
        return get_object_or_404(photos, pk=int(key))
    canonical = canonical_nasa_id(key)
    if canonical is None:
        raise Http404
    return get_object_or_404(photos, nasa_id=canonical)


def photo_detail(request: HttpRequest, key: str) -> HttpResponse:
    photo = find_public_photo(key)
    if photo.get_absolute_url() != request.path:
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(
            photo.get_absolute_url() + (f"?{query}" if query else "")
        )
    filterset = PhotoFilter(request.GET, queryset=Photo.objects.public())
    if not filterset.is_valid():
        return render(
            request,
            "400.html",
            {"form": filterset.form, "retry_url": request.path},
            status=400,
        )
    context_query = filterset.context_query()
    previous = following = None
    in_list = not context_query or filterset.qs.filter(pk=photo.pk).exists()
    if in_list:
        paginator = KeysetPaginator(filterset.qs, filterset.ordering, per_page=1)
        previous, following = paginator.neighbours(photo)
    return render_photo_page(request, photo, filterset, (previous, following), in_list=in_list)


def render_photo_page(
    request: HttpRequest, photo: Photo, filterset, neighbours: tuple, *, in_list: bool
) -> HttpResponse:
    """The photo page, given its previous and next photo in the list the visitor came from."""
    share_image = photo.rendition_near(1280)
    previous, following = neighbours
    return render(
        request,
        "gallery/photo_detail.html",
        {
            "photo": photo,
            "previous": previous,
            "next": following,
            "in_list": in_list,
            "context_query": filterset.context_query(),
            "active_filters": filterset.active_filters(),
            "related": related_photos(photo),
            "downloads": sorted(photo.renditions.all(), key=lambda r: (r.format, r.pixel_width)),
            "share_image": share_image,
            "share_image_url": request.build_absolute_uri(share_image.file.url)
            if share_image
            else "",
        },
    )


def related_photos(photo: Photo) -> list[Photo]:
    """
    Return a few public photos taken around the same time as `photo` that share a subject
    with it (else its expedition): as many just before it as just after, newest first.

    Walking outwards from the photo's own place in the date index finds them close by, as
    photos of a subject come in runs; the newest of a subject may lie years away.
    """
    subject_ids = [subject.pk for subject in photo.subjects.all()]
    if subject_ids:
        shared = Photo.subjects.through.objects.filter(
            photo_id=OuterRef("pk"), subject_id__in=subject_ids
        )
        condition = Q(Exists(shared))
    elif photo.expedition_id:
        condition = Q(expedition_id=photo.expedition_id)
    else:
        return []
    related = Photo.objects.public().filter(condition).for_cards()
    newer, older = KeysetPaginator(related, "-taken_key", per_page=1).around(photo, RELATED_PHOTOS)
    # Half from either side, more from one where the other runs short; newest first.
    take_newer = min(len(newer), max(RELATED_PHOTOS // 2, RELATED_PHOTOS - len(older)))
    return [*reversed(newer[:take_newer]), *older[: RELATED_PHOTOS - take_newer]]


def subject_list(request: HttpRequest) -> HttpResponse:
    return render(request, "gallery/subject_list.html", {"subjects": Subject.objects.as_tree()})


def subject_detail(request: HttpRequest, slug: str) -> HttpResponse:
    subject = get_object_or_404(Subject.objects.select_related("parent"), slug=slug)
    photos = Photo.objects.public().about([subject]).for_cards()
    context = {
        "subject": subject,
        "children": subject.children.all(),
        "context_query": f"subject={subject.slug}",
        **page_context(request, photos, "-taken_key", settings.GALLERY_PAGE_SIZE),
    }
    return render_listing(request, "gallery/subject_detail.html", context)
