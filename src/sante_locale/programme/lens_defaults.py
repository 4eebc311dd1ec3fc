"""The default questions of the inequalities lens, written for Santé Locale: two or three per
project stage. They are data (an administrator may edit, add or retire them); the data
migration ``0002_default_lens_questions`` loads this set once."""

DEFAULT_QUESTIONS = [
    ("diagnosis-gradient", "diagnosis",
     "Le diagnostic décrit-il les écarts de santé selon la situation sociale (revenus, diplôme, emploi), "
     "et pas seulement des moyennes ?",
     "Comparez au moins deux groupes sociaux ou des communes de niveaux de vie différents."),
    ("diagnosis-qpv", "diagnosis",
     "Les quartiers prioritaires (QPV) et les communes les plus fragiles sont-ils décrits à part ?",
     "Le portrait de territoire compte les QPV par commune et l'APL de chaque commune."),
    ("diagnosis-voices", "diagnosis",
     "Les habitants concernés et les professionnels de terrain ont-ils été consultés pour établir le besoin ?",
     ""),
    ("objectives-reduce", "objectives",
     "Un objectif vise-t-il explicitement à réduire un écart (entre groupes sociaux ou entre quartiers), "
     "et pas seulement à améliorer la moyenne ?", ""),
    ("objectives-measurable", "objectives",
     "Cet écart est-il mesurable, avec une situation de départ et une cible ?", ""),
    ("strategy-proportionate", "strategy",
     "L'intensité de l'action est-elle proportionnée aux besoins (universalisme proportionné) ?",
     "Une action pour tous, renforcée là où les besoins sont les plus grands."),
    ("strategy-barriers", "strategy",
     "Les obstacles d'accès des publics les plus éloignés (coût, langue, mobilité, numérique, horaires) "
     "ont-ils été identifiés et levés ?", ""),
    ("strategy-side-effects", "strategy",
     "A-t-on vérifié que l'action ne profite pas d'abord aux publics déjà favorisés (effet d'aubaine) ?", ""),
    ("implementation-reach", "implementation",
     "Les personnes des QPV et les publics prioritaires participent-ils effectivement à l'action ?",
     "Comptez la part des participants qui habitent un QPV."),
    ("implementation-partners", "implementation",
     "Des partenaires proches des publics (centres sociaux, médiateurs, associations de quartier) "
     "sont-ils associés à la mise en œuvre ?", ""),
    ("evaluation-breakdown", "evaluation",
     "Les résultats sont-ils suivis séparément selon le quartier ou la situation sociale des personnes ?", ""),
    ("evaluation-feedback", "evaluation",
     "L'évaluation recueille-t-elle l'avis des personnes concernées et en tire-t-elle des changements ?", ""),
]
