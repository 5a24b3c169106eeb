"""The whole site mounted under /paper/, as a newspaper group might."""

from django.urls import include, path

urlpatterns = [path("paper/", include("newsroom.urls"))]
