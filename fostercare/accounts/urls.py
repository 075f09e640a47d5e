from django.urls import path

from fostercare.accounts import views

app_name = "accounts"
urlpatterns = [
    path("log-ind/", views.LoginView.as_view(), name="login"),
    path("log-ud/", views.LogoutView.as_view(), name="logout"),
    path("adgangskode/", views.PasswordChangeView.as_view(), name="password_change"),
    path("session/forlaeng/", views.SessionKeepAliveView.as_view(), name="session_keep_alive"),
]
