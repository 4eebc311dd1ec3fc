"""Names of the demonstration scenario, shared by its parts (coordination, programme,
directory) so that each finds the objects of the others. Built only from public facts
(dispositifs, carriers, dates); the people are fictitious. Everything the scenario creates
is labelled « scénario de démonstration » (dispositifs: ``is_demo``) or « données fictives »."""

EPCI_LENS_LIEVIN = "246200364"  # CA de Lens-Liévin
EPCI_HENIN_CARVIN = "246200299"  # CA d'Hénin-Carvin

# structures (public organisations)
CA_LENS_LIEVIN = "Communauté d'agglomération de Lens-Liévin"
CA_HENIN_CARVIN = "Communauté d'agglomération d'Hénin-Carvin"
ARS = "Agence régionale de santé Hauts-de-France"
CANSSM = "Caisse autonome nationale de la sécurité sociale dans les mines"
CH_LENS = "Centre hospitalier de Lens"
EDUCATION = "Direction des services départementaux de l'Éducation nationale du Pas-de-Calais"
CPTS_LIEVIN = "CPTS Liévin Pays d'Artois"

# dispositifs
CLS_LENS_LIEVIN = "Contrat local de santé de la CA de Lens-Liévin"  # signed in September 2019
CLS_HENIN_CARVIN = "Contrat local de santé de la CA d'Hénin-Carvin"  # signed in December 2019
CLSM = "Conseil local de santé mentale de Lens-Liévin et Hénin-Carvin"  # created in 2015
CLSM_BETHUNE = "Conseil local de santé mentale de Béthune"
CLSM_ARRAS = "Conseil local de santé mentale d'Arras"
ASV_LENS_LIEVIN = "Atelier santé ville de Lens-Liévin"  # priority neighbourhoods; COPIL shared with the CLS
CPTS_DISPOSITIF = "CPTS Liévin Pays d'Artois"  # formed at the end of 2017, part of the CA
COPIL_CLS_ASV = "Comité de pilotage du CLS et de l'ASV de Lens-Liévin"

DEMO_LABEL = "scénario de démonstration"
FICTIVE_LABEL = "données fictives"
