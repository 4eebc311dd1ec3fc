"""The portrait written to files users open elsewhere: a spreadsheet (Excel, LibreOffice),
GIS layers (QGIS: GeoPackage, GeoJSON) and a CSV table.

Each writer takes a :class:`~sante_locale.core.portrait.model.Portrait` and a path, writes
the whole file or nothing (a temporary file renamed at the end), and carries the sources,
vintages and the fictive flag of the data with it.
"""

from sante_locale.core.portrait.exports.csv import write_csv
from sante_locale.core.portrait.exports.geojson import write_geojson
from sante_locale.core.portrait.exports.gpkg import write_gpkg
from sante_locale.core.portrait.exports.xlsx import write_xlsx

__all__ = ["write_csv", "write_geojson", "write_gpkg", "write_xlsx"]
