from django.contrib.auth import views as auth_views
from django.urls import path

from voisinage.accounts import invitations, views

app_name = "accounts"

urlpatterns = [
    path("connexion/", views.LoginView.as_view(), name="login"),
    path("deconnexion/", views.LogoutView.as_view(), name="logout"),
    path("mot-de-passe/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "mot-de-passe/envoye/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "mot-de-passe/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/termine/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("", views.profile, name="profile"),
    path("invitation/<str:token>/", invitations.accept, name="invitation_accept"),
    path("jetons/", views.token_create, name="token_create"),
    path("jetons/<int:pk>/revoquer/", views.token_revoke, name="token_revoke"),
    path("double-authentification/", views.second_factor, name="second_factor"),
    path(
        "double-authentification/activer/",
        views.second_factor_setup,
        name="second_factor_setup",
    ),
    path(
        "double-authentification/desactiver/",
        views.second_factor_disable,
        name="second_factor_disable",
    ),
]
