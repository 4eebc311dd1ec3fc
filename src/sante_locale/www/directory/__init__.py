"""Pages of the public directory (« Annuaire »): search, service page, embeds, open data,
and the editors' pages."""
