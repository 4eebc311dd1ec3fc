"""Open data files shipped with the package (see ``SOURCES.md`` beside them).

Built from the real files by ``scripts/build_package_data.py``; the demo imports them.
"""
