/* places.c - place names in the text, and the role each plays in its sentence.
 *
 * A name is the longest run of tokens whose key the gazetteer holds, starting at a
 * capitalised word (news capitalises places; "turkey" and "us" are no places). Its role
 * comes from the words before it, read right to left: determiners, directions ("southern"),
 * "-held", place nouns with "of" ("the port city of"), a qualifying adjective ("the Lebanese
 * city of") or possessive ("Syria's Idlib"), and finally the preposition that makes it a
 * place where something happens ("in", "near", "off", "north of"). A name followed by a
 * lower-case noun is a modifier ("Gaza ceasefire talks"), not a place. Place adjectives are
 * kept only inside such a locative phrase ("in a Syrian village"). */
#include <string.h>

#include "../base/wordset.h"
#include "../lex/lexicon.h"
#include "geo.h"

#define MAX_NAME_TOKENS 8
#define MAX_KEY 256

static int is_any(const token *t, const char *const *words)
{
    for (int k = 0; words[k]; k++)
        if (tok_is(t, words[k]))
            return 1;
    return 0;
}

static const char *const strong_preps[] = {"in", "at", "near", "outside", "inside", "off", "across",
                                           "throughout", "around", "along", "within", "into", "over",
                                           "nearby", "beside", "underneath", NULL};
static const char *const weak_preps[] = {"on", "to", NULL};
static const char *const determiners[] = {"the", "a", "an", "its", "their", NULL};
static const char *const directions[] = {
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
    "northeast", "northwest", "southeast", "southwest", "north-east", "north-west", "south-east",
    "south-west", "northeastern", "northwestern", "southeastern", "southwestern", "north-eastern",
    "north-western", "south-eastern", "south-western", "upper", "lower", "greater", "occupied",
    "besieged", "embattled", "war-torn", "war-ravaged", "frontline", "front-line", "coastal",
    "neighbouring", "neighboring", "nearby", "rural", "downtown", "restive", NULL};
/* nouns of a place phrase: "the city of", "a village in", "the outskirts of" */
static const char *const place_nouns[] = {
    "city", "town", "village", "port", "capital", "region", "province", "area", "district",
    "territory", "territories", "soil", "airspace", "waters", "border", "frontier", "coast",
    "base", "camp", "outskirts", "suburbs", "suburb", "heart", "centre", "center", "streets",
    "state", "county", "governorate", "oblast", "enclave", "island", "islands", "peninsula",
    "hamlet", "settlement", "neighbourhood", "neighborhood", "municipality", "countryside",
    "mountains", "desert", "valley", "skies", "sky", "shores", "north", "south", "east", "west",
    "northeast", "northwest", "southeast", "southwest", "parts", "part", "edge", "towns",
    "villages", "cities", "areas", "regions", "provinces", "districts", "refugee", "military",
    "naval", "air", "industrial", "key", "strategic", "small", "major", "eastern", "southern",
    "northern", "western", "boundary", "line", "ports", "bases", "positions", "airfield",
    "airport", "refinery", "depot", NULL};
/* words after a city that name the division around it */
static const char *const division_words[] = {"region", "province", "oblast", "governorate",
                                             "state", "prefecture", "county", "district", NULL};
/* the lists above as word sets: one probe per token (wordset.h) */
static wordset strong_preps_set = WORDSET(strong_preps);
static wordset weak_preps_set = WORDSET(weak_preps);
static wordset determiners_set = WORDSET(determiners);
static wordset directions_set = WORDSET(directions);
static wordset place_nouns_set = WORDSET(place_nouns);
static wordset division_words_set = WORDSET(division_words);

static int in_set(const token *t, wordset *ws)
{
    return wordset_has(ws, t->norm, t->hash);
}

static const char *const held[] = {"-held", "-controlled", "-occupied", "-run", "-annexed", NULL};

static int ends_with_any(const token *t, const char *const *sufs)
{
    for (int k = 0; sufs[k]; k++) {
        size_t n = strlen(sufs[k]);
        if (t->norm_len > n && memcmp(t->norm + t->norm_len - n, sufs[k], n) == 0)
            return 1;
    }
    return 0;
}

/* Lower-case Arabic articles start names: "al-Hudaydah", "el-Fasher". */
static int article_start(const token *t)
{
    /* most tokens fail on the first letter: this runs on every lower-case word */
    const char *w = t->norm;
    if (t->norm_len < 5 || (w[0] != 'a' && w[0] != 'e'))
        return 0;
    if (w[2] == '-')
        return (w[0] == 'a' && strchr("ldsnrzt", w[1])) || (w[0] == 'e' && w[1] == 'l');
    return w[3] == '-' && w[0] == 'a' && w[1] == 's' && w[2] == 'h';
}

static int capitalised(const token *t)
{
    return (t->flags & TF_CAP) || article_start(t);
}

/* Inside a multi-word name, lower-case function words are allowed: "Strait of Hormuz". */
static int name_word_ok(const token *t)
{
    if (capitalised(t) || (t->flags & (TF_PUNCT | TF_DIGIT)))
        return 1;
    return t->lex && (t->lex->tags & T_CLOSED) && t->norm_len <= 4;
}

static int push(parley_doc *doc, uint32_t *cap, const geo_mention *m)
{
    if (doc->nplaces == *cap) {
        uint32_t nc = *cap ? *cap * 2 : 16;
        geo_mention *p = arena_grow(&doc->arena, doc->places, doc->nplaces, nc, sizeof *p);
        if (!p)
            return PARLEY_ENOMEM;
        doc->places = p;
        *cap = nc;
    }
    doc->places[doc->nplaces++] = *m;
    return 0;
}

/* Appends token t to a key being built (a space where the text has one). */
static int key_add(char *buf, size_t *len, const parley_doc *doc, uint32_t t, int first)
{
    const token *x = &doc->toks[t];
    size_t need = x->norm_len + 1;
    if (*len + need + 1 >= MAX_KEY)
        return 0;
    if (!first && x->start > doc->toks[t - 1].end)
        buf[(*len)++] = ' ';
    memcpy(buf + *len, x->norm, x->norm_len);
    *len += x->norm_len;
    buf[*len] = '\0';
    return 1;
}

/* The longest name starting at token i (before `end`): its last token and key. */
static const geo_key *longest_name(const parley_doc *doc, uint32_t i, uint32_t end, int dateline,
                                   uint32_t *last)
{
    const gazetteer *g = doc->gaz;
    const token *t = &doc->toks[i];
    /* an English word ("March", "Union") names no small town here (doubtful() below), so
     * only the small filter of multi-word and sizeable names is asked for it first */
    if (!dateline && t->lex && !gaz_may_be_strong(g, t->norm, t->norm_len))
        return NULL;
    const geo_key *k0 = gaz_find(g, t->norm, t->norm_len);
    if (!k0)
        return NULL;
    const geo_key *best = (k0->flags & GK_NAME) ? k0 : NULL;
    *last = i;
    char buf[MAX_KEY];
    size_t len = 0;
    key_add(buf, &len, doc, i, 1);
    uint32_t words = 1;
    for (uint32_t j = i + 1; j < end && j < i + MAX_NAME_TOKENS; j++) {
        if (doc->toks[j].start > doc->toks[j - 1].end && ++words > k0->maxwords)
            break;
        if (!dateline && !name_word_ok(&doc->toks[j]))
            break;
        if (!key_add(buf, &len, doc, j, 0))
            break;
        const geo_key *k = gaz_find(g, buf, len);
        if (k && (k->flags & GK_NAME) && (dateline || capitalised(&doc->toks[j]) || (doc->toks[j].flags & TF_PUNCT))) {
            best = k;
            *last = j;
        }
    }
    return best;
}

/* Capitalised words that make a name a different, smaller feature the gazetteer may not
 * hold: "Scarborough Shoal" is not Scarborough. */
static const char *const feature_words[] = {
    "shoal", "reef", "island", "islands", "bay", "river", "mountain", "mountains", "valley",
    "strait", "sea", "lake", "canal", "gulf", "peninsula", "desert", "heights", "dam", "airport",
    "atoll", "cape", "pass", "plain", "plateau", "basin", "harbour", "harbor", "field", "oilfield",
    "crossing", "bridge", "square", "street", "avenue", "road", "university", NULL};

static wordset feature_words_set = WORDSET(feature_words);

/* A place adjective ("Syrian", "Lebanese"): its key, or NULL. */
static const geo_key *adjective(const gazetteer *g, const token *t)
{
    if (!(t->flags & TF_CAP) || t->norm_len + 2 > MAX_KEY)
        return NULL;
    char buf[MAX_KEY];
    buf[0] = '@';
    memcpy(buf + 1, t->norm, t->norm_len);
    const geo_key *k = gaz_find(g, buf, t->norm_len + 1);
    return k && (k->flags & GK_ADJ) ? k : NULL;
}

/* Is a single capitalised word more likely an English word than this place? Small towns
 * named like words ("Police", "Bar", "Of") need more than a capital letter; acronyms outside
 * datelines name countries ("US", "UAE") but not towns ("UN"). */
static int doubtful(const token *t, const geo_key *k, uint32_t nwords)
{
    /* decided from the key's flags: reading the place would cost a memory access */
    int big = (k->flags & GK_BIG) != 0;
    if (nwords > 1)
        return 0;
    if ((t->flags & TF_ALLCAP) && t->norm_len <= 4)
        return !(k->flags & GK_COUNTRY);
    if (t->lex && (t->lex->tags & (T_MONTH | T_WEEKDAY | T_TITLE)))
        return 1;
    return t->lex && !big;
}

typedef struct walk {
    uint8_t role;
    uint32_t from;            /* first token of the place phrase */
    int32_t qual_mention;     /* a possessive owner mention ("Syria's"), -1 */
    const geo_key *qual_adj;  /* "the Lebanese city of" */
} walk;

/* Reads the words before token `first` (not before `lo`) right to left: see the top. */
static void walk_left(const parley_doc *doc, uint32_t lo, uint32_t first, uint32_t nfound, walk *w)
{
    const gazetteer *g = doc->gaz;
    w->role = GR_OTHER;
    w->from = first;
    w->qual_mention = -1;
    w->qual_adj = NULL;
    uint32_t p = first;
    for (int steps = 0; p > lo && steps < 10; steps++) {
        const token *t = &doc->toks[p - 1];
        if (in_set(t, &strong_preps_set)) {
            w->role = GR_LOCATIVE;
            return;
        }
        if (in_set(t, &weak_preps_set)) {
            w->role = GR_WEAK;
            return;
        }
        if (tok_is(t, "of") && p - 1 > lo) {
            const token *b = &doc->toks[p - 2];
            if (!in_set(b, &place_nouns_set))
                return;
            /* "10 km north of Kyiv": a place near the name, whatever comes before; "the
             * north of Gaza" goes on to its preposition */
            if (is_any(b, (const char *const[]){"north", "south", "east", "west", "northeast",
                                                "northwest", "southeast", "southwest", NULL}) &&
                (p - 2 == lo || !in_set(&doc->toks[p - 3], &determiners_set))) {
                w->role = GR_LOCATIVE;
                w->from = p - 2;
                return;
            }
            p -= 2;
            w->from = p;
            continue;
        }
        if (tok_is(t, "with") && p - 1 > lo &&
            is_any(&doc->toks[p - 2], (const char *const[]){"border", "borders", "frontier", "boundary", "line", NULL})) {
            p -= 2;
            w->from = p;
            continue;
        }
        if (tok_is(t, "'s") && p - 1 > lo) {
            /* "Syria's Idlib province": the owner qualifies, the walk goes on before it */
            int32_t owner = -1;
            for (uint32_t m = nfound; m-- > 0;)
                if (doc->places[m].last == p - 2 && !doc->places[m].adjective) {
                    owner = (int32_t)m;
                    break;
                }
            if (owner < 0)
                return;
            w->qual_mention = owner;
            p = doc->places[owner].first;
            w->from = p;
            continue;
        }
        if (in_set(t, &determiners_set) || in_set(t, &directions_set) || in_set(t, &place_nouns_set) ||
            ends_with_any(t, held) || (t->flags & TF_DIGIT)) {
            p--;
            if (!(t->flags & TF_DIGIT))
                w->from = p;
            continue;
        }
        const geo_key *adj = adjective(g, t);
        if (adj) {
            w->qual_adj = adj;
            p--;
            w->from = p;
            continue;
        }
        return;
    }
}

/* Is the name a modifier of a following lower-case noun ("Gaza ceasefire talks")? After
 * an article ("a US base") a word that can be a noun is one: a name with an article does
 * not start a clause. */
static int modifier(const parley_doc *doc, uint32_t next, uint32_t end, int after_article)
{
    if (next >= end)
        return 0;
    const token *t = &doc->toks[next];
    if (t->flags & (TF_CAP | TF_PUNCT | TF_DIGIT))
        return 0;
    if (in_set(t, &division_words_set) || tok_is(t, "city"))
        return 0;
    if (t->tag & T_NOUN)
        return 1;
    /* the tagger may read "base" in "a US base" as a verb: a word far more often a noun
     * than a verb is taken as one here */
    const lex_rec *r = t->lex;
    return r && (r->tags & T_NOUN) && (!(r->tags & T_VERB) || r->nfreq > 2 * r->vfreq || after_article);
}

/* Is the name an institution the actor dictionaries know rather than a town: "the White
 * House" (USAGOV), not White House, Tennessee? Such a mention carries an agent code; a
 * large city ("Moscow" coded RUSGOV by some dictionaries) is still a city. */
static int institution(const parley_doc *doc, int32_t si, uint32_t first, uint32_t last, const geo_key *k)
{
    const sent_analysis *an = si >= 0 ? doc->sents[si].an : NULL;
    if (!an || (k->flags & GK_BIG))
        return 0;
    for (uint32_t i = 0; i < an->nmentions; i++) {
        const mention *mn = &an->mentions[i];
        if ((mn->kind & 0x7f) == MK_ACTOR && mn->first <= first && mn->last >= last && mn->code &&
            strlen(mn->code) > 3)
            return 1;
    }
    return 0;
}

/* A lower-case word that can be a noun: the cheap test before the word lists (a name is
 * mostly followed by another name, punctuation, a verb or a function word). */
static int lower_noun(const token *t)
{
    return !(t->flags & (TF_CAP | TF_PUNCT | TF_DIGIT)) && t->lex && (t->lex->tags & T_NOUN);
}

/* Mentions in tokens [lo, end) of sentence si (-1: the dateline). */
static int scan(parley_doc *doc, uint32_t *cap, uint32_t lo, uint32_t end, int32_t si)
{
    const gazetteer *g = doc->gaz;
    int dateline = si < 0;
    for (uint32_t i = lo; i < end; i++) {
        const token *t = &doc->toks[i];
        if ((t->flags & TF_PUNCT) || !(dateline || capitalised(t)))
            continue;
        /* "The", "In", "He" start no place name (many are towns somewhere); short acronyms
         * may be countries ("US") */
        if (!dateline && t->lex && (t->lex->tags & T_CLOSED) && !((t->flags & TF_ALLCAP) && t->norm_len <= 3))
            continue;
        uint32_t last;
        const geo_key *k = longest_name(doc, i, end, dateline, &last);
        geo_mention m;
        memset(&m, 0, sizeof m);
        m.sentence = si;
        m.place = m.runner_up = m.qual = GEO_NONE;
        if (k && !dateline && last + 1 < end && (doc->toks[last + 1].flags & TF_CAP) &&
            in_set(&doc->toks[last + 1], &feature_words_set)) {
            i = last + 1;
            continue;
        }
        if (k && k->n && !(!dateline && (doubtful(t, k, last - i + 1) || institution(doc, si, i, last, k)))) {
            m.first = i;
            m.last = last;
            m.key = k;
            if (dateline) {
                m.role = GR_DATELINE;
                m.from = i;
            } else {
                walk w;
                walk_left(doc, lo, i, doc->nplaces, &w);
                m.role = w.role;
                m.from = w.from;
                if (w.qual_mention >= 0) {
                    geo_mention *o = &doc->places[w.qual_mention];
                    o->role = GR_QUALIFIER;
                    m.qual = (uint32_t)w.qual_mention | 0x80000000u; /* a mention, resolved later */
                } else if (w.qual_adj) {
                    m.qual = gaz_id(g, w.qual_adj, 0);
                }
                /* "Donetsk region": the division around the city */
                if (last + 1 < end && in_set(&doc->toks[last + 1], &division_words_set)) {
                    m.division = 1;
                    m.last = last + 1;
                } else if (last + 1 < end && tok_is(&doc->toks[last + 1], "'s")) {
                    /* an owner: "Russia's war" is no place, "Ukraine's east" is */
                    const token *nx = last + 2 < end ? &doc->toks[last + 2] : NULL;
                    if (!nx || !(in_set(nx, &directions_set) || in_set(nx, &place_nouns_set) || capitalised(nx)))
                        m.role = GR_OTHER;
                } else if (last + 1 < end && tok_is(&doc->toks[last + 1], "police")) {
                    m.role = GR_OTHER;
                    m.police = 1;
                } else if (modifier(doc, last + 1, end,
                                    i > lo && is_any(&doc->toks[i - 1], (const char *const[]){"a", "an", "the", NULL}))) {
                    m.role = GR_OTHER;
                    m.modifier = 1;
                }
            }
            if (push(doc, cap, &m) < 0)
                return PARLEY_ENOMEM;
            i = m.last;
            continue;
        }
        if (dateline)
            continue;
        /* a place adjective: "the Syrian capital", "in a Syrian village" (the next word is
         * tested first: it is cheaper than the look-up) */
        if (i + 1 >= end || !lower_noun(&doc->toks[i + 1]) ||
            !(in_set(&doc->toks[i + 1], &place_nouns_set) || tok_is(&doc->toks[i + 1], "police")))
            continue;
        const geo_key *adj = adjective(g, t);
        if (!adj)
            continue;
        const token *nx = &doc->toks[i + 1];
        if (tok_is(nx, "police")) {
            /* "Kenyan police": kept for events of the police with no place stated */
            m.first = m.last = m.from = i;
            m.adjective = m.police = 1;
            m.key = adj;
            if (push(doc, cap, &m) < 0)
                return PARLEY_ENOMEM;
            continue;
        }
        if (!in_set(nx, &place_nouns_set) || in_set(nx, &directions_set))
            continue;
        /* "the Lebanese city of Tripoli" qualifies Tripoli instead */
        if (i + 3 < end && tok_is(&doc->toks[i + 2], "of") && capitalised(&doc->toks[i + 3]))
            continue;
        walk w;
        walk_left(doc, lo, i, doc->nplaces, &w);
        m.first = m.last = i;
        m.from = w.from;
        m.role = w.role;
        m.adjective = 1;
        m.key = adj;
        if (tok_is(nx, "capital")) {
            /* "the Ukrainian capital" is Kyiv */
            uint32_t c = gaz_capital(g, gaz_place(g, gaz_id(g, adj, 0))->cc);
            if (c != GEO_NONE) {
                m.adjective = 0;
                m.key = NULL;
                m.place = c;
                m.reason = GW_CAPITAL;
                m.last = i + 1;
            }
        } else {
            /* "a Syrian village"; with no locative role it may still be the target of an
             * attack ("attacked Ukrainian ports") */
            m.last = i + 1;
        }
        if (push(doc, cap, &m) < 0)
            return PARLEY_ENOMEM;
    }
    return 0;
}

const char *geo_qualified_city(parley_doc *doc, uint32_t first, uint32_t last, uint32_t end,
                               uint32_t *qual_last)
{
    if (last + 2 >= end || !tok_is(&doc->toks[last + 1], ",") || !capitalised(&doc->toks[last + 2]))
        return NULL;
    if (!doc->gaz)
        doc->gaz = gaz_shared();
    const gazetteer *g = doc->gaz;
    char buf[MAX_KEY];
    size_t len = 0;
    for (uint32_t t = first; t <= last; t++)
        if (!key_add(buf, &len, doc, t, t == first))
            return NULL;
    const geo_key *k = gaz_find(g, buf, len);
    /* the bare name must mean a city first: "Georgia, Ukraine" is a list of countries */
    if (!k || !(k->flags & GK_NAME) || !k->n || gaz_place(g, gaz_id(g, k, 0))->type != GEO_CITY)
        return NULL;
    uint32_t ql;
    const geo_key *qk = longest_name(doc, last + 2, end, 0, &ql);
    /* "In Dar es Salaam, Tanzania's minister said": an owner, not a qualifier */
    if (!qk || (ql + 1 < end && tok_is(&doc->toks[ql + 1], "'s")))
        return NULL;
    for (uint32_t i = 0; i < k->n; i++) {
        uint32_t c = gaz_id(g, k, i);
        const geo_rec *city = gaz_place(g, c);
        if (city->type != GEO_CITY || !city->cc[0])
            continue;
        for (uint32_t j = 0; j < qk->n; j++) {
            uint32_t q = gaz_id(g, qk, j);
            uint8_t qt = gaz_place(g, q)->type;
            if ((qt == GEO_ADM1 || qt == GEO_COUNTRY) && gaz_holds(g, q, c)) {
                *qual_last = ql;
                return city->cc;
            }
        }
    }
    return NULL;
}

/* The dateline's tokens end at its "(Reuters)" or at the end of its span. */
static uint32_t dateline_end(const parley_doc *doc)
{
    uint32_t end = 0;
    while (end < doc->ntoks && doc->toks[end].end <= doc->dateline.end && !tok_is(&doc->toks[end], "("))
        end++;
    return end;
}

const char *geo_dateline_country(parley_doc *doc)
{
    if (doc->dateline.end <= doc->dateline.start)
        return NULL;
    if (!doc->gaz)
        doc->gaz = gaz_shared();
    uint32_t end = dateline_end(doc), last, ql;
    const geo_key *k = end ? longest_name(doc, 0, end, 1, &last) : NULL;
    if (!k || !(k->flags & GK_NAME) || !k->n)
        return NULL;
    const char *cc = geo_qualified_city(doc, 0, last, end, &ql);
    if (cc)
        return cc;
    const geo_rec *r = gaz_place(doc->gaz, gaz_id(doc->gaz, k, 0));
    return r->cc[0] ? r->cc : NULL;
}

int geo_find_places(parley_doc *doc)
{
    const gazetteer *g = doc->gaz;
    uint32_t cap = 0;
    doc->places = NULL;
    doc->nplaces = 0;
    doc->dateline_place = -1;
    if (doc->dateline.end > doc->dateline.start) {
        uint32_t end = dateline_end(doc);
        if (scan(doc, &cap, 0, end, -1) < 0)
            return PARLEY_ENOMEM;
        if (doc->nplaces)
            doc->dateline_place = 0;
    }
    for (uint32_t si = 0; si < doc->nsents; si++) {
        const sentence *s = &doc->sents[si];
        if (scan(doc, &cap, s->first, s->first + s->ntok, (int32_t)si) < 0)
            return PARLEY_ENOMEM;
    }
    /* "Tripoli, Lebanon", "Paris, Texas": the second name narrows the first */
    for (uint32_t m = 0; m + 1 < doc->nplaces; m++) {
        geo_mention *a = &doc->places[m], *b = &doc->places[m + 1];
        if (a->sentence != b->sentence || b->first != a->last + 2 || !tok_is(&doc->toks[a->last + 1], ",") ||
            a->adjective || b->adjective || !a->key || !b->key)
            continue;
        /* b qualifies a when one of b's entries is a country or division holding one of a's */
        int fits = 0;
        for (uint32_t x = 0; x < b->key->n && !fits; x++) {
            uint32_t q = gaz_id(g, b->key, x);
            for (uint32_t y = 0; y < a->key->n && !fits; y++)
                fits = gaz_holds(g, q, gaz_id(g, a->key, y));
        }
        if (!fits)
            continue;
        a->qual = (m + 1) | 0x80000000u;
        b->role = GR_QUALIFIER;
        m++;
    }
    return 0;
}

void geo_sentence_places(const parley_doc *doc, int32_t si, uint32_t *first, uint32_t *end)
{
    uint32_t lo = 0, hi = doc->nplaces;
    while (lo < hi) {
        uint32_t mid = (lo + hi) / 2;
        if (doc->places[mid].sentence < si)
            lo = mid + 1;
        else
            hi = mid;
    }
    *first = lo;
    while (lo < doc->nplaces && doc->places[lo].sentence == si)
        lo++;
    *end = lo;
}
