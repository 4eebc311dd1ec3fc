"""French messages shared by the pages, the API and the CLI (the same text everywhere)."""

#: an object that does not exist or that the user may not see (ids cannot be probed)
NOT_FOUND = ("{what} introuvable : ce numéro ne correspond à aucun objet que votre compte peut voir. "
             "Vérifiez l'adresse ou revenez à la liste.")
