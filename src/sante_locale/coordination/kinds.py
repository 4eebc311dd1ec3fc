"""The default kinds of dispositifs (administrators may add others)."""

#: key -> (short label, long label, order)
DEFAULT_KINDS = {
    "cls": ("CLS", "contrat local de santé", 10),
    "clsm": ("CLSM", "conseil local de santé mentale", 20),
    "asv": ("ASV", "atelier santé ville", 30),
    "cpts": ("CPTS", "communauté professionnelle territoriale de santé", 40),
    "contrat_de_ville": ("Contrat de ville (volet santé)", "volet santé du contrat de ville", 50),
    "ptsm": ("PTSM", "projet territorial de santé mentale", 60),
    "other": ("Autre", "autre dispositif de coordination", 90),
}
