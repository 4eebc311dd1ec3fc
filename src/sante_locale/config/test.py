"""Settings for the test suite."""

import os
import tempfile

os.environ.setdefault("SANTE_LOCALE_HOME", tempfile.mkdtemp(prefix="sante-locale-test-"))
os.environ.setdefault("SANTE_LOCALE_SECRET_KEY", "test-only-not-a-secret")

from sante_locale.config.base import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
WHITENOISE_AUTOREFRESH = True
# django-axes needs the request at each authentication, which the test client's login() does
# not give: it is off here, and on in the tests of login throttling (tests/www/test_security.py)
AXES_ENABLED = False
