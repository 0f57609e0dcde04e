"""Routes of the agent UI."""

from django.contrib.auth import views as auth_views
from django.urls import path
from django.views.i18n import JavaScriptCatalog

from triagedesk.helpdesk.web import review, views

urlpatterns = [
    path("", views.queue_page, name="queue"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("review/", review.review_page, name="review"),
    path("review/<str:reference>/<str:action>/", review.review_action, name="review-action"),
    path("tickets/<str:reference>/", views.ticket_page, name="ticket"),
    path("tickets/<str:reference>/<str:action>/", views.ticket_action, name="ticket-action"),
    # The countdowns' phrases in the page's language (locale/*/LC_MESSAGES/djangojs.po).
    path(
        "jsi18n/",
        JavaScriptCatalog.as_view(packages=["triagedesk.helpdesk"]),
        name="javascript-catalog",
    ),
]
