"""A small sentence splitter that does not break at abbreviations, initials, decimals or ordinals."""
import re

_ABBR = {
    "en": "mr mrs ms dr prof gen sen rep gov lt col sgt capt cmdr adm maj st jr sr inc corp co ltd "
          "vs etc no jan feb mar apr jun jul aug sep sept oct nov dec mt ft approx dept est fig "
          "univ assn bros rev hon pres supt det insp",
    "de": "z.b d.h u.a bzw nr ca dr prof str usw vgl ggf evtl inkl bzw zb dh ua s o.ä u.ä v.a "
          "jan feb mär apr jun jul aug sep sept okt nov dez mio mrd tel abs ziff hr fr",
    "fr": "m mme mlle mm dr pr st ste av apr j.-c etc cf p ex env chap vol n°",
    "ru": "т.е т.д т.п г гг им ул д др пр см стр тыс млн млрд руб коп проф акад доц напр",
}
ABBREVIATIONS = {a for v in _ABBR.values() for a in v.split()}
STARTERS = set("the a an he she it they we i you this that these those there but and in on at "
               "for after before when while if as his her its their our his some many most "
               "der die das er sie es wir ich ein eine aber und le la les il elle ils un une mais "
               "он она они это но и в".split())
MONTHS_DE = set("januar februar märz april mai juni juli august september oktober november dezember".split())
_CAND = re.compile(r'[.!?…]+["»”’)\]]*(?=\s+)')


def _last_token(text):
    m = re.search(r'(\S+)$', text)
    return m.group(1) if m else ""


def split_sentences(paragraph, lang="en"):
    text = " ".join(paragraph.split())
    out, start = [], 0
    for m in _CAND.finditer(text):
        end = m.end()
        rest = text[end:].lstrip()
        if not rest:
            continue
        nxt = rest[0]
        if nxt.islower():
            continue
        if not (nxt.isupper() or nxt.isdigit() or nxt in '"“„«‘\'([–—-'):
            continue
        if m.group(0)[0] == ".":
            tok = _last_token(text[start:m.start()])
            bare = tok.lstrip('("“„«\'').rstrip(".")
            low = bare.lower()
            nword = re.match(r"[\w'’]+", rest)
            nword = nword.group(0).lower() if nword else ""
            if len(bare) == 1 and bare.isalpha() and bare.isupper():
                continue                              # initial: J. K. Rowling, M. Macron
            if "." in bare and re.fullmatch(r"(\w\.)+\w", bare):
                if nword in STARTERS and bare.upper() == bare:
                    pass                              # "... in the U.S. The next ..." splits
                elif low in ABBREVIATIONS or bare.upper() == bare or len(bare) <= 4:
                    continue                          # U.S., z. B. joined, a.m., d.h.
            elif low in ABBREVIATIONS:
                if low in {"etc", "usw"} and nword in STARTERS:
                    pass
                else:
                    continue
            if bare.isdigit() and len(bare) <= 2 and (lang == "de" or nword in MONTHS_DE):
                continue                              # German ordinal: 3. Oktober
            if bare.isdigit() and len(bare) <= 2 and nxt.isdigit():
                continue
        out.append(text[start:end].strip())
        start = end
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    # glue German "z." + "B." style pieces that a period-space split left behind
    merged = []
    for s in out:
        if merged and re.search(r'(^|\s)(z|d|u|o|v|s)\.$', merged[-1]) and lang == "de":
            merged[-1] += " " + s
        else:
            merged.append(s)
    return merged
