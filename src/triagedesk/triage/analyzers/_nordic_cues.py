"""Words and spellings that tell Swedish, Danish and Norwegian apart, written from grammar books.

Each word names the Scandinavian languages it belongs to; a word shared by all three says
nothing and is left out. Norwegian covers Bokmål and Nynorsk ("ikkje", "eg", "kva").
"""

from __future__ import annotations

import re
from functools import lru_cache

SCANDINAVIAN = ("sv", "da", "no")

_WORDS = {
    "sv": """
        och inte jag är att också mycket vad hur varför någon något några bara kanske tack hjälp
        fråga frågor säger gör göra ni ett detta denna när även ännu redan sedan utan vecka
        veckor veckan dagar beställde beställt beställning leverans leveransen pengar pengarna
        fortfarande fick ska skall varit vara hade sina mina dina våra era dock alltså själv borde
        tycker dålig dåligt väldigt svarar mejl mejlet fel felet betala betalat genom hela alla
        många vilken vilket vilka där här tyvärr gärna gånger därför skickat skickade mottagit
        inga inget nåt tänka tänker levererad levererats paket paketet honom hon vill medan sista
        senast första annan annat blivit hem sätt
        """,
    "da": """
        af hvad nogen noget nogle ud ude uge uger ugen tilbage spørgsmål købe købt køber måske tak
        op hjælp hjælpe siger gør gøre lige vores jeres havde bliver sige penge fejl fejlen altid
        desværre gerne modtaget modtage fået gange igennem endnu endda lidt tænke leveret
        dårligt ringede spurgt dage fik måde hende os jer mod imod blot længe hvornår sidst sidste
        anden andet intet smule blevet spørge tænk sådan næsten stærk svag let mad bog dreng pige
        flot sjov spændende trods pludselig ordentlig desuden alligevel fortsat foreløbig ukendt
        lækker dejlig tit forkert forkerte giver hoved hovedet vand mand undgå
        """,
    "no": """
        ikkje eg kva korleis kvifor berre dykk dykkar ho dei ein eit vere frå sjølv mykje hadde hva
        noen noe ble meg deg seg etter nå opp uke uker uken tilbake spørsmål kjøpe kjøpt kanskje
        takk hjelp hjelpe sier gjør gjøre aldri nei dessverre gjerne fikk dager ganger feil
        gjennom igjen uten mottatt penger veldig mye litt levert tenke våre blitt skjer skjedde
        sånn måte dere imot lenge sist siste annen annet spørre snakk nesten vært sterk svak lett
        mat bok kveld gutt jente flott morsom spennende tross plutselig skikkelig dessuten likevel
        fortsatt foreløpig omtrent deilig gir hode hodet pluss vann mann unngå
        """,
    "da no": """
        ikke jeg også hvordan hvorfor hvis kun bare ned været være pengene kunne når før mere hver
        hvor hvem hvilken hvilket derfor stadig selv hele sammen synes svare svarer dette denne
        mange alle og til for der her dårlig godt sendt bestilling levering burde sine mine
        dine sendte fordi pakken bestilt ham hun vil vel hjem mens første altså endelig
        """,
    "sv no": "av ut mer alltid lite bra fått blir enda henne oss mot",
    "sv da": "mig dig sig nu efter blev aldrig nej ej samt igen",
}  # fmt: skip

CUES: dict[str, tuple[str, ...]] = {
    word: tuple(group.split()) for group, words in _WORDS.items() for word in words.split()
}
_WORD = re.compile(r"[^\W\d_]+")


# Spellings and endings: Swedish ä/ö against Danish and Norwegian æ/ø; Danish soft consonants
# and endings (vigtigt, frihed, selskab, øje) against Norwegian hard ones and diphthongs
# (viktig, frihet, selskap, øye, takk); Norwegian -sjon for -tion; -ert/-eret/-erad. Checked
# with str methods, in this order: a regex per rule made this the slowest part of detection.
_ENDINGS: tuple[tuple[tuple[str, ...], int, tuple[str, ...]], ...] = (
    (("sjon", "sjonen", "sjoner", "sjonene"), 4, ("no",)),
    (("kk",), 4, ("no",)),
    (("hed", "heden", "heder", "skab", "skabet"), 4, ("da",)),
    (("het", "heten", "skap", "skapet"), 4, ("sv", "no")),
    (("igt", "tion", "tionen", "tioner"), 4, ("sv", "da")),
    (("erna", "arna", "orna"), 4, ("sv",)),
    (("erad", "erat", "erade"), 8, ("sv",)),
    (("ert", "erte"), 8, ("no",)),
    (("eret", "erede"), 9, ("da",)),
)


def spelling_cue(word: str) -> tuple[str, ...]:
    """The languages a lower-case word's spelling points to when it is not in the word list."""
    if "ä" in word or "ö" in word:
        return ("sv",)
    if word.startswith("kj") or "øy" in word:
        return ("no",)
    if "øj" in word:
        return ("da",)
    for endings, shortest, languages in _ENDINGS:
        if len(word) >= shortest and word.endswith(endings):
            return languages
    if "æ" in word or "ø" in word:
        return ("da", "no")
    return ()


def cue_hits(text: str) -> dict[str, int]:
    """How many words in `text` point to each of Swedish, Danish and Norwegian."""
    hits = dict.fromkeys(SCANDINAVIAN, 0)
    for word in _WORD.findall(text):
        for language in _word_cue(word):
            hits[language] += 1
    return hits


@lru_cache(maxsize=65536)
def _word_cue(word: str) -> tuple[str, ...]:
    lowered = word.lower()
    languages = CUES.get(lowered)
    if languages is not None:
        return languages
    # Spelling is only read on lower-case words: names (Kjærsgaard, Kronlöf) say nothing.
    return spelling_cue(word) if word == lowered and len(word) > 3 else ()
