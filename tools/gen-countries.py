#!/usr/bin/env python3
"""Generate dict/countries.actors.txt: every ISO 3166 country and territory as a
country-level actor, in the PETRARCH actor format described in docs/dictionaries.md.

Inputs
  * Debian's iso-codes data (package `iso-codes`):
      /usr/share/iso-codes/json/iso_3166-1.json   current countries and territories
      /usr/share/iso-codes/json/iso_3166-3.json   withdrawn codes (dissolved states)
  * dict/countries.extras.txt, the curated part (format documented at its top):
    primary names, short and common names, former names, demonyms, capitals,
    government seats used as metonyms, a few regions and blocked places.

Rules applied to every phrase
  * upper-cased, accents removed (Cote d'Ivoire -> COTE_D'IVOIRE), curly quotes
    straightened, words joined by `_`;
  * a trailing `_` is added: exact match, no plural generated, the last word must end
    there (otherwise MALI would also match MALICE and NIGER would match NIGERIA);
    plurals are listed explicitly in the extras file. `--open` leaves it off;
  * a phrase with the word SAINT also yields ST. and ST forms;
  * a hyphenated phrase also yields the spaced form (GUINEA-BISSAU, GUINEA_BISSAU).
From ISO 3166-1 the generator takes the short name (unless it holds `,` or `(`),
the common name and the official name (a leading "the" removed).

The output is deterministic: country blocks sorted by code, synonyms grouped by kind
and sorted. The generator stops with an error if a phrase would get two different
codes, if a code is unknown, or if an ISO 3166-1 entry ends up without a block.

Usage:  python3 tools/gen-countries.py [--iso-dir DIR] [--extras FILE] [--out FILE]
                                       [--open] [--check]
  --check  do not write; exit 1 if the output file differs from what would be written.
"""

import argparse
import json
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)

COUNTRY_KINDS = ("primary", "name", "former", "demonym", "capital", "drop", "define")
AGENT_KINDS = {"gov": "GOV", "mil": "MIL", "leg": "LEG", "jud": "JUD", "spy": "SPY"}
OTHER_KINDS = ("region", "block")
DATED_KIND = "dated"
SYNONYM_ORDER = ("name", "former", "demonym", "capital")
# CAMEO region codes accepted with KIND region
REGION_CODES = {"AFR", "ASA", "BLK", "CAS", "CAU", "CFR", "CRB", "EAF", "EEU", "EUR",
                "LAM", "MDT", "MEA", "NAF", "NMR", "PGS", "SAF", "SAM", "SAS", "SCN",
                "SEA", "WAF", "WST"}

PHRASE_OK = re.compile(r"^[A-Z0-9][A-Z0-9'.\-]*(_[A-Z0-9'.\-]+)*$")
WINDOW_OK = re.compile(r"^(<\d{8}|>\d{8}|\d{8}-\d{8})$")


class Error(Exception):
    pass


def normalise(text):
    """Natural text -> dictionary phrase without the trailing underscore."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u02bc", "'")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.strip().upper()
    text = re.sub(r"\s+", "_", text)
    if not PHRASE_OK.match(text):
        raise Error("bad phrase %r" % text)
    return text


def ascii_comment(text):
    """Comments are written in ASCII too (accents removed)."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


def variants(phrase):
    """The phrase and the forms generated from it (Saint -> St., hyphens -> spaces)."""
    out = [phrase]
    words = phrase.split("_")
    if "SAINT" in words:
        for st in ("ST.", "ST"):
            out.append("_".join(st if w == "SAINT" else w for w in words))
    for p in list(out):
        if "-" in p:
            spaced = p.replace("-", "_")
            if PHRASE_OK.match(spaced):
                out.append(spaced)
    seen, res = set(), []
    for p in out:
        if p not in seen:
            seen.add(p)
            res.append(p)
    return res


def expand_plural(text):
    """`Russian(s)` -> ['Russian', 'Russians']."""
    if text.endswith("(s)"):
        base = text[:-3]
        return [base, base + "s"]
    if "(" in text or ")" in text:
        raise Error("parentheses only as a final (s): %r" % text)
    return [text]


def clean_iso_name(name):
    """An ISO name usable as a phrase, or None (names with `,` or `(` are skipped)."""
    if name is None or "," in name or "(" in name:
        return None
    if name.lower().startswith("the "):
        name = name[4:]
    return name


class Country:
    def __init__(self, code, source, description):
        self.code = code
        self.source = source            # '3166-1', '3166-3' or 'define'
        self.description = description  # comment for the primary line
        self.primary = None             # natural text
        self.default_primary = None
        self.synonyms = []              # (kind, natural text, comment)
        self.drops = []


class Metonym:
    def __init__(self, code, kind, phrases, window, comment, lineno):
        self.code = code
        self.kind = kind
        self.phrases = phrases
        self.window = window
        self.comment = comment
        self.lineno = lineno


def load_iso(iso_dir):
    with open(os.path.join(iso_dir, "iso_3166-1.json"), encoding="utf-8") as f:
        current = json.load(f)["3166-1"]
    with open(os.path.join(iso_dir, "iso_3166-3.json"), encoding="utf-8") as f:
        former = json.load(f)["3166-3"]
    return current, former


def parse_extras(path):
    """Yield (lineno, code, kind, [texts], window, comment)."""
    with open(path, encoding="utf-8") as f:
        for lineno, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            comment = ""
            if "#" in line:
                line, comment = line.split("#", 1)
                comment = ascii_comment(comment.strip())
            if not line.strip():
                continue
            fields = [x.strip() for x in line.split("|")]
            if len(fields) not in (3, 4):
                raise Error("%s:%d: expected CODE | KIND | PHRASES [| WINDOW]" % (path, lineno))
            code, kind, phrases = fields[:3]
            window = fields[3] if len(fields) == 4 else None
            kind = kind.lower()
            if (kind not in COUNTRY_KINDS and kind not in AGENT_KINDS
                    and kind not in OTHER_KINDS and kind != DATED_KIND):
                raise Error("%s:%d: unknown kind %r" % (path, lineno, kind))
            if kind == DATED_KIND:
                if window is None:
                    raise Error("%s:%d: a dated line needs windows" % (path, lineno))
                wins = []
                for w in window.split(";"):
                    parts = w.split()
                    if len(parts) != 2 or not WINDOW_OK.match(parts[1]):
                        raise Error("%s:%d: bad dated window %r" % (path, lineno, w))
                    wins.append((parts[0], parts[1]))
                window = wins
            elif window is not None:
                if kind in COUNTRY_KINDS:
                    raise Error("%s:%d: a window is only allowed on metonym/region/block lines"
                                % (path, lineno))
                if not WINDOW_OK.match(window):
                    raise Error("%s:%d: bad window %r" % (path, lineno, window))
            texts = []
            for p in phrases.split(","):
                p = p.strip()
                if not p:
                    raise Error("%s:%d: empty phrase" % (path, lineno))
                texts.extend(expand_plural(p))
            yield lineno, code, kind, texts, window, comment


def build(iso_dir, extras_path):
    current, former = load_iso(iso_dir)
    countries = {}
    for e in current:
        c = Country(e["alpha_3"], "3166-1", ascii_comment(e.get("official_name") or e["name"]))
        c.iso_name = e["name"]
        for n in (e["name"], e.get("common_name"), e.get("official_name")):
            n = clean_iso_name(n)
            if n:
                c.synonyms.append(("name", n, ""))
        c.default_primary = (e.get("common_name") or clean_iso_name(e["name"])
                             or clean_iso_name(e.get("official_name")))
        countries[c.code] = c
    former_codes = {e["alpha_3"]: e for e in former}

    metonyms = []
    for lineno, code, kind, texts, window, comment in parse_extras(extras_path):
        where = "%s:%d" % (extras_path, lineno)
        if kind in OTHER_KINDS:
            if kind == "block" and code != "---":
                raise Error("%s: a block line has code ---" % where)
            if kind == "region" and code not in REGION_CODES:
                raise Error("%s: unknown region code %r" % (where, code))
            metonyms.append(Metonym(code, kind, texts, window, comment, lineno))
            continue
        if kind == "define":
            if code in countries or code in former_codes or not re.match(r"^[A-Z]{3}$", code):
                raise Error("%s: define needs a new 3-letter code, got %r" % (where, code))
            c = Country(code, "define", comment or code)
            c.primary = texts[0]
            c.synonyms.extend(("name", t, "") for t in texts[1:])
            countries[code] = c
            continue
        if code not in countries:
            if code in former_codes:
                e = former_codes[code]
                c = Country(code, "3166-3", ascii_comment("ISO 3166-3: %s, withdrawn %s"
                                                          % (e["name"], e["withdrawal_date"])))
                countries[code] = c
            else:
                raise Error("%s: unknown code %r" % (where, code))
        c = countries[code]
        if kind in AGENT_KINDS:
            metonyms.append(Metonym(code + AGENT_KINDS[kind], kind, texts, window, comment, lineno))
        elif kind == DATED_KIND:
            for wcode, _ in window:
                if wcode not in countries and wcode not in former_codes:
                    raise Error("%s: unknown code %r in a dated window" % (where, wcode))
            metonyms.append(Metonym(code, kind, texts, window, comment, lineno))
        elif kind == "primary":
            if c.primary is not None or len(texts) != 1:
                raise Error("%s: one primary per code" % where)
            c.primary = texts[0]
            if comment and c.source == "3166-3":
                c.description = "%s (%s)" % (comment, c.description)
        elif kind == "drop":
            c.drops.extend(normalise(t) for t in texts)
        else:
            for i, t in enumerate(texts):
                c.synonyms.append((kind, t, comment if i == 0 else ""))
    return countries, metonyms


def render(countries, metonyms, open_phrases=False):
    end = "" if open_phrases else "_"
    owner = {}      # phrase -> (code, block primary)
    problems = []

    def claim(phrase, code, block):
        if phrase in owner:
            prev_code, prev_block = owner[phrase]
            if prev_block == block:
                return False        # same block: silently deduplicated
            problems.append("%s: in block %s [%s] and in block %s [%s]"
                            % (phrase, prev_block, prev_code, block, code))
            return False
        owner[phrase] = (code, block)
        return True

    def country_block(c):
        primary_text = c.primary or c.default_primary
        if not primary_text:
            raise Error("%s: no usable primary name; add a primary line" % c.code)
        primary = normalise(primary_text)
        drops = set(c.drops)
        known = {normalise(t) for _, t, _ in c.synonyms} | {primary}
        for d in drops:
            if d not in known:
                raise Error("%s: drop %s matches no phrase" % (c.code, d))
        if primary in drops:
            raise Error("%s: the primary phrase is dropped" % c.code)
        lines = []
        claim(primary, c.code, primary)
        comment = c.description
        try:
            if normalise(comment) == primary:
                comment = ""
        except Error:
            pass
        lines.append("%s%s [%s]%s" % (primary, end, c.code, "  # " + comment if comment else ""))
        for v in variants(primary)[1:]:
            if claim(v, c.code, primary):
                lines.append("+%s%s" % (v, end))
        by_kind = {k: {} for k in SYNONYM_ORDER}
        for kind, text, comment in c.synonyms:
            for v in variants(normalise(text)):
                if v in drops or v == primary:
                    continue
                if v not in by_kind[kind] or (comment and not by_kind[kind][v]):
                    by_kind[kind][v] = comment
        emitted = set()
        for kind in SYNONYM_ORDER:
            for v in sorted(by_kind[kind]):
                if v in emitted:
                    continue
                emitted.add(v)
                if claim(v, c.code, primary):
                    cm = by_kind[kind][v]
                    lines.append("+%s%s%s" % (v, end, "  # " + cm if cm else ""))
        return lines

    def metonym_block(m):
        code = "---" if m.kind == "block" else m.code
        phrases = []
        for t in m.phrases:
            for v in variants(normalise(t)):
                if v not in phrases:
                    phrases.append(v)
        primary = phrases[0]
        lines = []
        claim(primary, code, primary)
        head = primary + end
        if m.window is None and m.kind != DATED_KIND:
            head += " [%s]" % code
        if m.comment:
            head += "  # " + m.comment
        lines.append(head)
        for v in phrases[1:]:
            if claim(v, code, primary):
                lines.append("+%s%s" % (v, end))
        if m.kind == DATED_KIND:
            for wcode, rng in m.window:
                lines.append("\t[%s %s]" % (wcode, rng))
            lines.append("\t[%s]" % code)
        elif m.window is not None:
            lines.append("\t[%s %s]" % (code, m.window))
        return lines

    mets_by_country = {}
    others = []
    for m in metonyms:
        if m.kind in AGENT_KINDS or m.kind == DATED_KIND:
            mets_by_country.setdefault(m.code[:3], []).append(m)
        else:
            others.append(m)

    sections = [
        ("ISO 3166-1 countries and territories, and Kosovo (XKX)",
         sorted(c for c in countries if countries[c].source in ("3166-1", "define"))),
        ("Dissolved states (ISO 3166-3 codes), for historical text",
         sorted(c for c in countries if countries[c].source == "3166-3")),
    ]
    body = []
    n_primary = n_syn = 0
    for title, codes in sections:
        body.append("")
        body.append("# " + "=" * 76)
        body.append("# " + title)
        body.append("# " + "=" * 76)
        for code in codes:
            block = country_block(countries[code])
            for m in mets_by_country.get(code, []):
                block.append("")
                block.extend(metonym_block(m))
            body.append("")
            body.extend(block)
    body.append("")
    body.append("# " + "=" * 76)
    body.append("# Regions whose names contain a country word (CAMEO region codes), and places")
    body.append("# that are no actors ([---]) but would otherwise match a country phrase")
    body.append("# " + "=" * 76)
    for kind in OTHER_KINDS:
        for m in sorted((m for m in others if m.kind == kind),
                        key=lambda m: normalise(m.phrases[0])):
            body.append("")
            body.extend(metonym_block(m))

    if problems:
        raise Error("phrases with more than one block:\n  " + "\n  ".join(sorted(problems)))
    missing = [c for c in countries if countries[c].source == "3166-1" and not any(
        owner_code == c for owner_code, _ in owner.values())]
    if missing:
        raise Error("ISO entries without a block: %s" % ", ".join(sorted(missing)))

    for line in body:
        if not line or line.startswith("#") or line.startswith("\t"):
            continue
        if line.startswith("+"):
            n_syn += 1
        else:
            n_primary += 1
    n_iso = sum(1 for c in countries.values() if c.source == "3166-1")
    n_def = sum(1 for c in countries.values() if c.source == "define")
    n_former = sum(1 for c in countries.values() if c.source == "3166-3")
    header = [
        "# countries.actors.txt -- GENERATED FILE, do not edit by hand.",
        "# Generated by tools/gen-countries.py from Debian's iso-codes data",
        "# (/usr/share/iso-codes/json/iso_3166-1.json, iso_3166-3.json) and the curated",
        "# dict/countries.extras.txt. To change it, edit the extras file and regenerate:",
        "#     python3 tools/gen-countries.py",
        "#",
        "# Country-level actors: %d ISO 3166-1 entries + %d non-ISO code(s) (XKX Kosovo)"
        % (n_iso, n_def),
        "# + %d dissolved states; %d primary phrases, %d synonyms. Capitals code as the"
        % (n_former, n_primary, n_syn),
        "# country (MOSCOW -> RUS); government seats as the government (THE_KREMLIN -> RUSGOV)."
        ,
        ("# Phrases have no trailing `_` (generated with --open)." if open_phrases else
         "# Every phrase ends in `_` (exact match: no plurals generated, no prefix match);"),
        "# plurals are listed. Ambiguous names and how they were resolved: see the extras file.",
    ]
    return "\n".join(header + body) + "\n", n_primary, n_syn


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--iso-dir", default="/usr/share/iso-codes/json")
    ap.add_argument("--extras", default=os.path.join(REPO, "dict", "countries.extras.txt"))
    ap.add_argument("--out", default=os.path.join(REPO, "dict", "countries.actors.txt"))
    ap.add_argument("--open", action="store_true",
                    help="omit the trailing _ (allow prefix matches and generated plurals)")
    ap.add_argument("--check", action="store_true",
                    help="exit 1 if --out is not up to date; write nothing")
    args = ap.parse_args()
    try:
        countries, metonyms = build(args.iso_dir, args.extras)
        text, n_primary, n_syn = render(countries, metonyms, args.open)
    except Error as e:
        print("gen-countries: error: %s" % e, file=sys.stderr)
        return 2
    if args.check:
        try:
            with open(args.out, encoding="utf-8") as f:
                same = f.read() == text
        except OSError:
            same = False
        print("gen-countries: %s is %s" % (args.out, "up to date" if same else "OUT OF DATE"),
              file=sys.stderr)
        return 0 if same else 1
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(text)
    print("gen-countries: wrote %s (%d primary phrases, %d synonyms)"
          % (args.out, n_primary, n_syn), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
