"""APL parameters: official DREES values for GPs, documented defaults for the others.

The professions come from :mod:`sante_locale.core.professions`, the classes (2.5 / 4) from
:mod:`sante_locale.core.map_classes`; the age cut-offs a user may choose, and the
retirement ages the portrait simulates, are defined here once.

Examples
--------
>>> AGE_CUTOFFS, RETIREMENT_AGES, GP_CLASS_BOUNDS
((65, 62, 60), (65, 60), (2.5, 4.0))
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

from sante_locale.core.map_classes import GP_APL
from sante_locale.core.professions import APL_PROFESSIONS, FTE_APL_UNIT, GP_APL_UNIT

from .costs import check_catchment
from .fca import check_bands

__all__ = [
    "AGE_BANDS",
    "AGE_CUTOFFS",
    "AGE_WEIGHTS",
    "APLParameters",
    "DREES_GP_BANDS",
    "GP_CLASS_BOUNDS",
    "PROFESSIONS",
    "RETIREMENT_AGES",
    "default_parameters",
]

DREES_GP_BANDS = ((10.0, 1.0), (15.0, 2.0 / 3.0), (20.0, 1.0 / 3.0))
AGE_BANDS = tuple(f"{a}-{a + 4}" for a in range(0, 90, 5)) + ("90+",)
AGE_WEIGHTS = {
    2022: (0.93, 0.59, 0.55, 0.59, 0.73, 0.78, 0.84, 0.88, 0.90, 0.97,
           1.06, 1.14, 1.16, 1.19, 1.52, 1.53, 1.72, 1.99, 2.39),
    2023: (1.12, 0.58, 0.51, 0.60, 0.75, 0.79, 0.82, 0.85, 0.89, 0.93,
           1.03, 1.15, 1.18, 1.23, 1.46, 1.57, 1.63, 1.89, 2.26),
}  # fmt: skip
GP_CLASS_BOUNDS = tuple(c.upper for c in GP_APL.classes[:-1])
#: Age cut-offs a user may choose: professionals older than this are not counted.
AGE_CUTOFFS: tuple[int, ...] = (65, 62, 60)
#: Retirement ages the portrait simulates: the professionals of this age or more leave
#: (« si les médecins de 65 ans ou plus cessaient leur activité », see ``scenarios.retire``).
RETIREMENT_AGES: tuple[int, ...] = (65, 60)
GP_UNIT = GP_APL_UNIT
FTE_UNIT = FTE_APL_UNIT
PROFESSIONS = APL_PROFESSIONS


@dataclass(frozen=True)
class APLParameters:
    """Parameters of an APL computation (defaults: DREES, médecins généralistes, 2023).

    Activity capping (``supply_mode="activity"``), per professional and per year:
    ``a < 250`` → 0; ``250 <= a <= 3 600`` → 3 600 (the sheet says "moins de 250" and
    "entre 251 et 3 600": 250 itself, undefined there, is put with the 251–3 600 band);
    ``3 600 < a <= 6 000`` → a; ``a > 6 000`` → 6 000; missing activity → 5 400
    (DREES rule for libéraux without last year's activity; also applied to other modes,
    not official); ``mode == "centre_de_sante"`` → uncapped.
    ``supply_mode="headcount"``: each professional counts ``fte × acts_per_fte``.

    Examples
    --------
    >>> p = APLParameters()
    >>> p.bands[1], p.catchment_minutes, p.vintage
    ((15.0, 0.6666666666666666), 20.0, 2023)
    """

    profession: str = "medecin_generaliste"
    bands: tuple[tuple[float, float], ...] = DREES_GP_BANDS
    catchment_minutes: float = 20.0
    supply_mode: Literal["activity", "headcount"] = "activity"
    acts_per_fte: float = 5400.0
    activity_floor: float = 250.0
    activity_min: float = 3600.0
    activity_max: float = 6000.0
    missing_activity: float = 5400.0
    age_cutoff: int | None = None
    age_rule: Literal["<=", "<"] = "<="
    demand_mode: Literal["population", "standardised", "age_bands"] = "standardised"
    vintage: int = 2023
    output_scale: float = 1.0
    unit: str = GP_UNIT
    official: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "bands", check_bands(self.bands))
        object.__setattr__(self, "catchment_minutes", check_catchment(self.catchment_minutes))
        choices = {
            "supply_mode": ("activity", "headcount"),
            "demand_mode": ("population", "standardised", "age_bands"),
            "age_rule": ("<=", "<"),
            "age_cutoff": (None, *AGE_CUTOFFS),
            "vintage": tuple(AGE_WEIGHTS),
        }
        for name, allowed in choices.items():
            if getattr(self, name) not in allowed:
                raise ValueError(
                    f"Paramètre APL {name} invalide : {getattr(self, name)!r}. Valeurs "
                    f"possibles : {', '.join(map(repr, allowed))}."
                )
        if self.profession not in PROFESSIONS:
            raise ValueError(
                f"Profession inconnue {self.profession!r} : choisissez parmi {', '.join(PROFESSIONS)}."
            )
        if not (0 <= self.activity_floor <= self.activity_min <= self.activity_max):
            raise ValueError(
                "Bornes d'activité incohérentes : il faut 0 ≤ plancher ≤ minimum ≤ maximum."
            )

    def as_dict(self) -> dict:
        """Plain-dict view (JSON-serialisable) of the parameters."""
        d = asdict(self)
        d["bands"] = [list(b) for b in self.bands]
        return d


def default_parameters(profession: str = "medecin_generaliste", **overrides) -> APLParameters:
    """Default parameters for a profession; only médecin généraliste is official.

    The other professions count full-time equivalents (``fte`` column, default 1 per
    professional) and return FTE per 100,000 inhabitants, with the GP distance decay:
    these are documented assumptions, not DREES values.

    Examples
    --------
    >>> default_parameters("infirmier").official
    False
    >>> default_parameters(age_cutoff=65).age_cutoff
    65
    """
    if profession == "medecin_generaliste":
        return APLParameters(**overrides)
    base = dict(
        profession=profession,
        supply_mode="headcount",
        acts_per_fte=1.0,
        missing_activity=1.0,
        output_scale=100_000.0,
        unit=FTE_UNIT,
        official=False,
    )
    return APLParameters(**{**base, **overrides})
