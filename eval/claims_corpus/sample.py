"""Seeded, stratified sample of news articles for the labelled claims corpus (issue 17).

python -m eval.claims_corpus.sample  — writes articles.tsv, sentences.tsv here and labelling
packets to /work/claims-packets/. Never runs integrity's detector or parser.
"""
import csv
import gzip
import json
import os
import random
import re
from collections import Counter, defaultdict
from urllib.parse import urlparse

import trafilatura
from tld import get_fld

from .split import split_sentences
from .texts import RESEARCH_ONLY, sentence_hash

SEED = 17
HERE = os.path.dirname(os.path.abspath(__file__))
CORPORA = os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "corpora"))
PACKETS = "/work/claims-packets"
OUTLET_CAP = 3          # per web outlet (registered domain)
POLNEAR_PER_PUBLISHER = 16
QUOTA = {"aeb": 110, "polnear": 112, "web_en": 80, "de": 8, "fr": 6}
NOT_ARTICLES = {"reddit.com"}  # discussion threads, not news/magazine articles
MAX_SENT = 40           # articles longer than this are skipped at draw time (recorded)

_SW = {"en": "the and of to is that was for with said",
       "de": "der die und das ist nicht mit sich auch ein",
       "fr": "le la les et des est une pour dans que",
       "es": "el los las del que por una para con es",
       "pt": "os das uma para com não que por dos do"}


def guess_lang(text):
    cyr = len(re.findall("[\u0400-\u04FF]", text))
    if cyr > 0.3 * max(1, len(re.findall(r"[^\W\d_]", text))):
        return "uk" if len(re.findall("[іїєґІЇЄҐ]", text)) > 0.01 * cyr else "ru"
    words = Counter(re.findall(r"[a-zäöüßéèàçâêôûñ]+", text.lower()))
    score = {lang: sum(words[w] for w in ws.split()) for lang, ws in _SW.items()}
    return max(score, key=score.get)


def outlet_of(url):
    try:
        return get_fld(url, fail_silently=True) or urlparse(url).netloc
    except Exception:
        return urlparse(url).netloc


def section_of(url):
    for seg in urlparse(url).path.strip("/").split("/")[:-1]:
        seg = seg.lower()
        if (
            seg
            and not re.search(r"\d", seg)
            and len(seg) < 25
            and seg not in {"article", "articles", "story", "news", "en", "de", "amp", "www"}
        ):
            return seg
    return ""


def read_gz(rel):
    return gzip.open(os.path.join(CORPORA, rel)).read().decode("utf-8", "replace")


def html_body(rel):
    html = read_gz(rel)
    text = trafilatura.extract(html, include_comments=False, include_tables=False) or ""
    meta = trafilatura.extract_metadata(html)
    title = (meta.title if meta and meta.title else "") or ""
    paras = [p.strip() for p in text.split("\n") if p.strip()]
    if paras and title and paras[0].strip().lower() == title.strip().lower():
        paras = paras[1:]
    return title, paras, (meta.url if meta and meta.url else "")


def tsv(rel):
    with open(os.path.join(CORPORA, rel), encoding="utf-8") as f:
        return list(csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t"))


def pools():
    """Candidate articles per source, with metadata only (bodies extracted when drawn)."""
    reserved_aeb = {r["filename"] for r in tsv("articles/aeb_scrapinghub/reserved.tsv")}
    reserved_web = {r["relpath"] for r in tsv("articles/reserved-bylines.tsv")}
    P = defaultdict(list)
    gt = json.load(open(os.path.join(CORPORA, "articles/aeb_scrapinghub/ground-truth.json")))
    for key in sorted(gt):
        fn = key + ".html.gz"
        if fn in reserved_aeb:
            continue
        body = gt[key]["articleBody"]
        lang = guess_lang(body)
        src = "aeb" if lang == "en" else ("ru" if lang in ("ru", "uk") else lang)
        P[src].append(
            dict(
                source="aeb",
                relpath="articles/aeb_scrapinghub/html/" + fn,
                url=gt[key].get("url", ""),
                outlet=outlet_of(gt[key].get("url", "")),
                section=section_of(gt[key].get("url", "")),
                lang=lang,
                title="",
                paras=[p.strip() for p in body.split("\n") if p.strip()],
            )
        )
    meta = {r["filename"]: r for r in tsv("attribution/polnear/metadata.tsv")}
    for comp in ("train", "dev"):
        d = os.path.join(CORPORA, "attribution/polnear", comp, "text")
        for fn in sorted(os.listdir(d)):
            lines = open(os.path.join(d, fn), encoding="utf-8").read().split("\n")
            title, body = lines[0].strip(), [line.strip() for line in lines[1:] if line.strip()]
            m = meta.get(fn[:-4], {})
            P["polnear"].append(
                dict(
                    source="polnear",
                    relpath=f"attribution/polnear/{comp}/text/{fn}",
                    url="",
                    outlet=fn.split("_")[0],
                    section=("wire:" + m["wire"]) if m.get("wire") not in (None, "", "None", "NA") else "",
                    lang="en",
                    title=m.get("title") or title,
                    paras=body,
                )
            )
    for r in tsv("articles/readability/bylines.tsv"):
        lang = r["lang_guess"]
        english = lang == "en" and not r["note"].startswith("synthetic")
        if r["relpath"] in reserved_web or not (english or lang in ("de", "fr")):
            continue
        url = r["url_in_page"]
        P["web_en" if english else lang].append(
            dict(
                source="readability",
                relpath="articles/" + r["relpath"],
                url=url,
                outlet=outlet_of(url) if url else "readability:" + r["name"],
                section=section_of(url),
                lang=lang,
            )
        )
    for r in tsv("articles/truth-dev.tsv"):
        if r["relpath"] in reserved_web or r["genre"] == "other" or outlet_of(r["url"]) in NOT_ARTICLES:
            continue
        P["web_en"].append(
            dict(
                source=r["set"],
                relpath="articles/" + r["relpath"],
                url=r["url"],
                outlet=outlet_of(r["url"]),
                section=section_of(r["url"]),
                lang="en",
            )
        )
    for r in tsv("articles/trafilatura_evaldata/truth.tsv"):
        if r["relpath"] in reserved_web or r["lang_guess"] not in ("de", "fr"):
            continue
        P[r["lang_guess"]].append(
            dict(
                source="trafilatura_evaldata",
                relpath="articles/" + r["relpath"],
                url=r["url"],
                outlet=outlet_of(r["url"]),
                section=(r["categories"].split(";")[0].strip().lower() or section_of(r["url"])),
                lang=r["lang_guess"],
            )
        )
    return P


def stratified_order(cands, rng, cap):
    """Round-robin over shuffled outlets, and within an outlet over its sections; at most cap per outlet."""
    by_out = defaultdict(lambda: defaultdict(list))
    for c in cands:
        by_out[c["outlet"]][c["section"]].append(c)
    queues = {}
    for o, secs in by_out.items():
        for queue in secs.values():
            rng.shuffle(queue)
        order, names = [], sorted(secs)
        rng.shuffle(names)
        while any(secs[n] for n in names):
            for n in names:
                if secs[n]:
                    order.append(secs[n].pop())
        queues[o] = order
    outs = sorted(queues)
    rng.shuffle(outs)
    res = []
    while any(queues[o] for o in outs):
        for o in outs:
            if queues[o]:
                res.append(queues[o].pop(0))
    return res


def sentences_of(art):
    out = []
    for pi, p in enumerate(art["paras"], 1):
        ss = [s for s in split_sentences(p, art["lang"]) if re.search(r"\w", s)]
        if ss:
            out.append((pi, ss))
    return out


def main():
    rng = random.Random(SEED)
    P = pools()
    drawn, skipped = [], Counter()
    for src in ["aeb", "polnear", "web_en", "de", "fr", "ru"]:
        cap = POLNEAR_PER_PUBLISHER if src == "polnear" else OUTLET_CAP
        quota = QUOTA.get(src, 10**6)
        for art in stratified_order(P.get(src, []), rng, cap):
            if sum(1 for a in drawn if a["_pool"] == src) >= quota:
                break
            if sum(1 for a in drawn if a["outlet"] == art["outlet"]) >= cap:
                continue
            if "paras" not in art:
                title, paras, murl = html_body(art["relpath"])
                art.update(title=title, paras=paras, url=art["url"] or murl)
                if (
                    art["source"] != "trafilatura_evaldata"
                    and art["lang"] == "en"
                    and guess_lang(" ".join(paras)) != "en"
                ):
                    skipped[src + ":not-en"] += 1
                    continue
                if re.search(r"lorem ipsum", " ".join(paras), re.I):
                    skipped[src + ":lorem"] += 1
                    continue
            sents = sentences_of(art)
            n = sum(len(s) for _, s in sents)
            if n < 3:
                skipped[src + ":under-3-sentences"] += 1
                continue
            if n > MAX_SENT and src != "ru":
                skipped[src + ":over-%d-sentences" % MAX_SENT] += 1
                continue
            art["_pool"], art["_sents"] = src, sents
            drawn.append(art)
    # ids in a seeded random order
    rng.shuffle(drawn)
    for i, a in enumerate(drawn, 1):
        a["id"] = "c%04d" % i
    # splits: per stratum (pool), outlet-grouped order, repeating 5-cycle 3 train / 1 dev / 1 test
    cycle = ["train", "dev", "train", "test", "train"]
    for src in sorted({a["_pool"] for a in drawn}):
        group = sorted((a for a in drawn if a["_pool"] == src), key=lambda a: (a["outlet"], a["id"]))
        off = rng.randrange(5)
        for k, a in enumerate(group):
            a["split"] = cycle[(k + off) % 5]
    with open(os.path.join(HERE, "articles.tsv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(
            [
                "article_id",
                "source",
                "relpath",
                "outlet",
                "section",
                "lang",
                "split",
                "n_paragraphs",
                "n_sentences",
                "url",
                "headline",
            ]
        )
        for a in sorted(drawn, key=lambda a: a["id"]):
            w.writerow(
                [
                    a["id"],
                    a["source"],
                    a["relpath"],
                    a["outlet"],
                    a["section"],
                    a["lang"],
                    a["split"],
                    len(a["_sents"]),
                    sum(len(s) for _, s in a["_sents"]),
                    a["url"],
                    a.get("title", ""),
                ]
            )
    with open(os.path.join(HERE, "sentences.tsv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        w.writerow(["article_id", "sentence_id", "paragraph", "sentence", "lang", "sha1", "text"])
        for a in sorted(drawn, key=lambda a: a["id"]):
            for pn, (_, ss) in enumerate(a["_sents"], 1):
                for sn, s in enumerate(ss, 1):
                    # research-use text (PolNeAR) stays in ../shared: the row keeps its hash, texts.py rebuilds it
                    shown = "" if a["source"] in RESEARCH_ONLY else s
                    w.writerow(
                        [a["id"], "%s.p%02d.s%02d" % (a["id"], pn, sn), pn, sn, a["lang"], sentence_hash(s), shown]
                    )
    # batches: longest first into the batch with fewest sentences (articles whole)
    total = sum(sum(len(s) for _, s in a["_sents"]) for a in drawn)
    nb = max(1, round(total / 330))
    batches = [[] for _ in range(nb)]
    load = [0] * nb
    for a in sorted(drawn, key=lambda a: (-sum(len(s) for _, s in a["_sents"]), a["id"])):
        b = min(range(nb), key=lambda i: (load[i], len(batches[i]), i))
        batches[b].append(a)
        load[b] += sum(len(s) for _, s in a["_sents"])
    os.makedirs(PACKETS, exist_ok=True)
    for bi, arts in enumerate(batches, 1):
        rng.shuffle(arts)
        with open(os.path.join(PACKETS, "batch-%02d.txt" % bi), "w", encoding="utf-8") as f:
            f.write(
                "# Labelling packet batch-%02d: %d articles, %d sentences. Label every sentence N, V, U or O\n"
                "# following eval/claims-labelling.md; write eval/claims_corpus/labels/<labeller>/batch-%02d.tsv\n\n"
                % (bi, len(arts), load[bi - 1], bi)
            )
            for a in arts:
                head = "=== ARTICLE %s · lang %s · outlet %s · section %s" % (
                    a["id"],
                    a["lang"],
                    a["outlet"],
                    a["section"] or "-",
                )
                if a.get("title"):
                    head += " · headline: " + a["title"]
                f.write(head + "\n")
                for pn, (_, ss) in enumerate(a["_sents"], 1):
                    f.write("[P%02d]\n" % pn)
                    for sn, s in enumerate(ss, 1):
                        f.write("%s.p%02d.s%02d | %s\n" % (a["id"], pn, sn, s))
                f.write("\n")
    with open(os.path.join(HERE, "batches.tsv"), "w", encoding="utf-8") as f:
        f.write("batch\tarticle_id\n")
        for bi, arts in enumerate(batches, 1):
            for a in sorted(arts, key=lambda a: a["id"]):
                f.write("batch-%02d\t%s\n" % (bi, a["id"]))
    # summary
    print("articles", len(drawn), "sentences", total, "batches", nb, "loads", load)
    for key in ("source", "lang", "split", "_pool"):
        c, s = Counter(), Counter()
        for a in drawn:
            c[a[key]] += 1
            s[a[key]] += sum(len(x) for _, x in a["_sents"])
        print(key, {k: (c[k], s[k]) for k in sorted(c)})
    print("pool sizes", {k: len(v) for k, v in P.items()}, "skipped", dict(skipped))


if __name__ == "__main__":
    main()
