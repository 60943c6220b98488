"""Word lists the attribution rules read: cue verbs by class, hedges, denials.

Classes follow what a fact-checker asks of a cue: did the source merely say
it, report it, confirm it, deny it, warn of it, claim it, or believe it?
"""

from __future__ import annotations

from importlib import resources

# Reporting, thinking and intending verbs (lemmas) and the class of cue each makes.
CUE_VERBS: dict[str, str] = {}
for cue_class, lemmas in {
    "say": "say add tell state note explain comment remark write tweet post reply respond answer recall "
    "continue describe mention call quote testify speak read label term insist stress emphasize emphasise "
    "reiterate repeat declare maintain contend argue assert point observe acknowledge admit concede "
    "ask question wonder urge plead demand request complain lament praise criticize criticise attack blast "
    "slam accuse blame condemn defend mock joke quip boast brag vow pledge promise threaten predict "
    "propose suggest recommend advise caution counter rebut retort interject muse sigh scoff chide",
    "report": "report announce reveal disclose publish release show find indicate conclude estimate "
    "document record cite detail brief inform signal",
    "confirm": "confirm verify corroborate affirm",
    "deny": "deny reject dismiss refute dispute deny contradict disavow rebuff",
    "warn": "warn alert",
    "claim": "claim allege charge",
    "believe": "believe think feel know expect hope fear suspect doubt assume reckon guess "
    "consider view see want plan intend wish worry imagine understand agree disagree support oppose endorse",
}.items():
    for lemma in lemmas.split():
        CUE_VERBS.setdefault(lemma, cue_class)


def _learned_cue_lemmas() -> list[str]:
    """Verbs PolNeAR's train split marks as cues often enough (scripts/train_cue_lexicon.py)."""
    table = resources.files(__package__).joinpath("data", "cue_lemmas.tsv").read_text(encoding="utf-8")
    return [line.split("\t")[0] for line in table.splitlines() if line and not line.startswith("#")]


# Learned cues take the plain "say" class unless the hand-made table above names one.
for _lemma in _learned_cue_lemmas():
    CUE_VERBS.setdefault(_lemma, "say")

# Cue verbs whose direct object, not a clause, is what they attribute ("denied the report").
OBJECT_CONTENT = {
    "deny",
    "confirm",
    "announce",
    "reject",
    "dismiss",
    "dispute",
    "refute",
    "criticize",
    "criticise",
    "praise",
    "reveal",
    "report",
    "predict",
    "propose",
    "support",
    "oppose",
    "endorse",
    "allege",
    "acknowledge",
    "admit",
    "blame",
    "condemn",
    "defend",
    "question",
    "want",
    "demand",
    "promise",
    "pledge",
    "recommend",
    "suggest",
    "describe",
    "call",
    "find",
    "show",
}

# Words that mark a report as unverified or uncertain.
HEDGES = {
    "reportedly",
    "apparently",
    "allegedly",
    "purportedly",
    "supposedly",
    "unconfirmed",
    "unclear",
    "unverified",
    "possibly",
    "perhaps",
    "may",
    "might",
    "could",
    "likely",
    "unlikely",
    "seem",
    "appear",
    "rumor",
    "rumour",
    "speculation",
    "suspected",
    "alleged",
}
# Words that negate or deny what follows.
NEGATIONS = {"not", "n't", "never", "no", "neither", "nor", "none", "nobody", "nothing", "without"}
