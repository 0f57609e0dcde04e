"""Routes of the agent UI."""

from django.contrib.auth import views as auth_views
from django.urls import path

from triagedesk.helpdesk.web import views

urlpatterns = [
    path("", views.queue_page, name="queue"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("tickets/<str:reference>/", views.ticket_page, name="ticket"),
    path("tickets/<str:reference>/<str:action>/", views.ticket_action, name="ticket-action"),
]
