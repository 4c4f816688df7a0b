from django.urls import path

from gallery import feeds, views

app_name = "gallery"

urlpatterns = [
    path("", views.home, name="home"),
    path("photos/", views.photo_list, name="photo-list"),
    path("photos/<str:key>/", views.photo_detail, name="photo-detail"),
    path("subjects/", views.subject_list, name="subject-list"),
    path("subjects/<slug:slug>/", views.subject_detail, name="subject-detail"),
    path("feeds/photos/", feeds.LatestPhotosFeed(), name="feed-photos"),
    path(
        "feeds/expeditions/<int:number>/",
        feeds.ExpeditionPhotosFeed(),
        name="feed-expedition",
    ),
    path("feeds/missions/<slug:slug>/", feeds.MissionPhotosFeed(), name="feed-mission"),
]
