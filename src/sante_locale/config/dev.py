"""Settings for `sante-locale demo` and `serve` on a laptop."""

from sante_locale.config.base import *  # noqa: F403
