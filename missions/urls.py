from django.urls import path

from missions import views

app_name = "missions"

urlpatterns = [
    path("astronauts/", views.astronaut_list, name="astronaut-list"),
    path("astronauts/<slug:slug>/", views.astronaut_detail, name="astronaut-detail"),
    path("missions/", views.mission_list, name="mission-list"),
    path("missions/<slug:slug>/", views.mission_detail, name="mission-detail"),
    path("expeditions/", views.expedition_list, name="expedition-list"),
    path("expeditions/<int:number>/", views.expedition_detail, name="expedition-detail"),
]
