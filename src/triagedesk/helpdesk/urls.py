"""URL routes: the agent UI, the admin and the REST API (OpenAPI docs at /api/docs)."""

from django.contrib import admin
from django.urls import include, path

from triagedesk.helpdesk.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("", include("triagedesk.helpdesk.web.urls")),
]
