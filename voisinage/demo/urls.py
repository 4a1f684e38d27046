"""Demo-only routes (namespace "demo"), mounted only when VOISINAGE_DEMO is on."""

from django.urls import path

from voisinage.demo import views

app_name = "demo"

urlpatterns = [
    path("courriels/", views.mailbox, name="mailbox"),
    path("courriels/<str:name>/", views.mail_detail, name="mail"),
    path("courriels/<str:name>/html/", views.mail_html, name="mail_html"),
    path("courriels/<str:name>/piece/<int:index>/", views.mail_attachment, name="mail_attachment"),
]
