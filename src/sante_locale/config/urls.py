from django.urls import include, path

urlpatterns = [path("", include("sante_locale.www.urls"))]

handler403 = "sante_locale.www.views.errors.forbidden"
handler404 = "sante_locale.www.views.errors.not_found"
handler500 = "sante_locale.www.views.errors.server_error"
