/* resolve.c - one gazetteer entry for each place name.
 *
 * Many names have several entries (Tripoli in Libya and Lebanon, Georgia the country and
 * the US state, Paris in France and Texas). In order:
 *   1. a qualifier in the text keeps only the entries it holds ("Paris, Texas", "the
 *      Lebanese city of Tripoli", "Syria's Idlib");
 *   2. a name with one entry left, or whose first entry is ten times as likely as the next
 *      (prior: population, capital, country), is settled on its own;
 *   3. the others are scored: the prior plus what the rest of the document says -- the
 *      countries and divisions of the settled names (and of the dateline), and the
 *      countries of the actors the dictionaries found.
 * Only the first MAX_CAND entries of a name (in prior order) are considered: the rest are
 * villages no context will ever pick over them. */
#include <string.h>

#include "geo.h"

#define MAX_CAND 32
#define MAX_CTX 128
#define W_ACTOR 200     /* x100, like the priors: an actor's country (not for divisions) */
#define W_COUNTRY 300   /* the country of another place the document names */
#define W_DIVISION 300  /* the division of another place the document names */

/* What the document says, each piece with the mention that said it, so that a name is
 * never its own evidence ("Georgia" does not vote for Georgia). */
typedef struct clue {
    char cc[4];         /* a country ... */
    uint32_t div;       /* ... or a division (GEO_NONE) */
    int weight;
    int32_t from;       /* the place mention it came from, -1 for an actor */
} clue;

typedef struct context {
    clue c[MAX_CTX];
    uint32_t n;
} context;

static void add_clue(context *ctx, const char *cc, uint32_t div, int w, int32_t from)
{
    if (div == GEO_NONE && !cc[0])
        return;
    for (uint32_t i = 0; i < ctx->n; i++) {
        clue *c = &ctx->c[i];
        if (c->from == from && c->div == div && (div != GEO_NONE || strncmp(c->cc, cc, 3) == 0)) {
            if (w > c->weight)
                c->weight = w;
            return;
        }
    }
    if (ctx->n < MAX_CTX) {
        clue *c = &ctx->c[ctx->n++];
        memset(c, 0, sizeof *c);
        if (div == GEO_NONE)
            memcpy(c->cc, cc, 3);
        c->div = div;
        c->weight = w;
        c->from = from;
    }
}

/* The division an entry lies in (itself for a division), GEO_NONE for none. */
static uint32_t division_of(const gazetteer *g, uint32_t id)
{
    const geo_rec *r = gaz_place(g, id);
    if (r->type == GEO_ADM1)
        return id;
    if (r->type == GEO_CITY)
        return r->parent;
    return GEO_NONE;
}

/* The entries of a qualifier: one for an adjective's country, every country or division
 * entry of a qualifying name. */
static uint32_t qual_entries(const parley_doc *doc, uint32_t qual, uint32_t *out, uint32_t max)
{
    const gazetteer *g = doc->gaz;
    if (qual == GEO_NONE)
        return 0;
    if (!(qual & 0x80000000u)) {
        out[0] = qual;
        return 1;
    }
    const geo_mention *q = &doc->places[qual & 0x7fffffffu];
    if (!q->key)
        return 0;
    uint32_t n = 0;
    for (uint32_t i = 0; i < q->key->n && n < max; i++) {
        uint32_t id = gaz_id(g, q->key, i);
        int t = gaz_place(g, id)->type;
        if (t == GEO_COUNTRY || t == GEO_ADM1)
            out[n++] = id;
    }
    return n;
}

/* Candidates of a mention after its qualifier: fills cand[] in prior order. */
static uint32_t candidates(parley_doc *doc, geo_mention *m, uint32_t *cand, int *qualified)
{
    const gazetteer *g = doc->gaz;
    uint32_t n = m->key->n < MAX_CAND ? m->key->n : MAX_CAND;
    for (uint32_t i = 0; i < n; i++)
        cand[i] = gaz_id(g, m->key, i);
    *qualified = 0;
    uint32_t qs[16];
    uint32_t nq = qual_entries(doc, m->qual, qs, 16);
    if (!nq)
        return n;
    uint32_t k = 0, qmatch = GEO_NONE;
    for (uint32_t i = 0; i < n; i++)
        for (uint32_t j = 0; j < nq; j++)
            if (gaz_holds(g, qs[j], cand[i])) {
                if (qmatch == GEO_NONE)
                    qmatch = qs[j];
                cand[k++] = cand[i];
                break;
            }
    if (!k)
        return n; /* a qualifier that holds none of them qualifies nothing */
    *qualified = 1;
    if (m->qual & 0x80000000u) {
        geo_mention *q = &doc->places[m->qual & 0x7fffffffu];
        q->place = qmatch;
        q->reason = GW_QUALIFIES;
        q->confident = 1;
    }
    return k;
}

/* An entry's prior plus the strongest clues for its country and for its division that
 * come from anything but mention `self`. */
static int32_t score(const gazetteer *g, const context *ctx, uint32_t id, int division, int32_t self)
{
    const geo_rec *r = gaz_place(g, id);
    uint32_t d = division_of(g, id);
    int cw = 0, dw = 0;
    for (uint32_t i = 0; i < ctx->n; i++) {
        const clue *c = &ctx->c[i];
        if (c->from == self && self >= 0)
            continue;
        /* an actor's country says nothing about which of its divisions a name means
         * ("Georgia" in a story about the US is still the country) */
        if (c->div == GEO_NONE && strncmp(c->cc, r->cc, 3) == 0 && r->cc[0] && c->weight > cw &&
            !(c->from < 0 && r->type == GEO_ADM1))
            cw = c->weight;
        else if (c->div != GEO_NONE && c->div == d && c->weight > dw)
            dw = c->weight;
    }
    int32_t s = r->prior + cw + dw;
    /* "Borno state": a division, or a city that has one around it */
    if (division && (r->type == GEO_ADM1 || r->type == GEO_REGION))
        s += W_DIVISION;
    return s;
}

/* The most the clues (but those of mention `self`) can add to any entry's score. */
static int32_t max_boost(const context *ctx, int32_t self)
{
    int cw = 0, dw = 0;
    for (uint32_t i = 0; i < ctx->n; i++) {
        const clue *c = &ctx->c[i];
        if (c->from == self && self >= 0)
            continue;
        if (c->div == GEO_NONE && c->weight > cw)
            cw = c->weight;
        else if (c->div != GEO_NONE && c->weight > dw)
            dw = c->weight;
    }
    return cw + dw;
}

/* Is token range [first, last] of sentence si inside a place name? */
static int in_place(const parley_doc *doc, int32_t si, uint32_t first, uint32_t last)
{
    uint32_t a, b;
    geo_sentence_places(doc, si, &a, &b);
    for (uint32_t i = a; i < b; i++) {
        const geo_mention *m = &doc->places[i];
        if (m->sentence == si && !m->adjective && m->first <= last && m->last >= first)
            return 1;
    }
    return 0;
}

void geo_resolve(parley_doc *doc)
{
    const gazetteer *g = doc->gaz;
    context ctx;
    ctx.n = 0;
    /* the actors' countries, except those read from the place names themselves ("Tripoli"
     * coded as Libya must not vote for Libya) */
    for (uint32_t si = 0; si < doc->nsents; si++) {
        const sent_analysis *an = doc->sents[si].an;
        for (uint32_t k = 0; an && k < an->nmentions; k++) {
            const mention *mn = &an->mentions[k];
            if ((mn->kind & 0x7f) != MK_ACTOR || !mn->code || strlen(mn->code) < 3 ||
                in_place(doc, (int32_t)si, mn->first, mn->last))
                continue;
            char cc[4] = {mn->code[0], mn->code[1], mn->code[2], 0};
            if (gaz_country(g, cc) != GEO_NONE)
                add_clue(&ctx, cc, GEO_NONE, W_ACTOR, -1);
        }
    }
    /* settled names: by their only entry or a qualifier; names whose first entry is ten
     * times as likely as the next are settled enough to be clues, but are weighed again */
    uint32_t cand[MAX_CAND];
    for (uint32_t i = 0; i < doc->nplaces; i++) {
        geo_mention *m = &doc->places[i];
        if (m->place != GEO_NONE) {
            m->confident = 1;
            continue;
        }
        if (m->adjective) {
            m->place = gaz_id(g, m->key, 0);
            m->reason = GW_ADJECTIVE;
            m->confident = 1;
            continue;
        }
        int qualified;
        uint32_t n = candidates(doc, m, cand, &qualified);
        m->place = cand[0];
        m->runner_up = n > 1 ? cand[1] : GEO_NONE;
        if (n == 1 || qualified) {
            m->confident = 1;
            m->reason = qualified ? GW_QUALIFIER : GW_ONLY;
        } else if (gaz_place(g, cand[0])->prior - gaz_place(g, cand[1])->prior >= 100 &&
                   !(m->division && gaz_place(g, cand[0])->type == GEO_CITY)) {
            m->confident = 2;
        }
    }
    for (uint32_t i = 0; i < doc->nplaces; i++) {
        const geo_mention *m = &doc->places[i];
        if (!m->confident || m->place == GEO_NONE)
            continue;
        const geo_rec *r = gaz_place(g, m->place);
        add_clue(&ctx, r->cc, GEO_NONE, m->adjective ? W_ACTOR : W_COUNTRY, (int32_t)i);
        uint32_t d = division_of(g, m->place);
        if (d != GEO_NONE && !m->adjective)
            add_clue(&ctx, "", d, W_DIVISION, (int32_t)i);
    }
    /* the rest, in the light of the document */
    for (uint32_t i = 0; i < doc->nplaces; i++) {
        geo_mention *m = &doc->places[i];
        if (m->confident == 1)
            continue;
        int qualified;
        uint32_t n = candidates(doc, m, cand, &qualified);
        uint32_t best = 0, second = GEO_NONE;
        int32_t bs = score(g, &ctx, cand[0], m->division, (int32_t)i), ss = INT32_MIN;
        /* entries come in decreasing prior: once a prior plus the most the clues can add
         * falls below the best score, no later entry can win (most names stop at once) */
        int32_t boost = max_boost(&ctx, (int32_t)i) + (m->division ? W_DIVISION : 0);
        for (uint32_t k = 1; k < n && gaz_place(g, cand[k])->prior + boost >= bs; k++) {
            int32_t sc = score(g, &ctx, cand[k], m->division, (int32_t)i);
            if (sc > bs) {
                second = best;
                ss = bs;
                best = k;
                bs = sc;
            } else if (sc > ss) {
                second = k;
                ss = sc;
            }
        }
        m->place = cand[best];
        m->runner_up = second != GEO_NONE ? cand[second] : GEO_NONE;
        m->reason = best == 0 ? GW_PRIOR : GW_CONTEXT;
    }
    /* "Donetsk region": the division around the city */
    for (uint32_t i = 0; i < doc->nplaces; i++) {
        geo_mention *m = &doc->places[i];
        if (m->division && m->place != GEO_NONE && gaz_place(g, m->place)->type == GEO_CITY &&
            gaz_place(g, m->place)->parent != GEO_NONE)
            m->place = gaz_place(g, m->place)->parent;
    }
}

const char *geo_reason_name(int reason)
{
    switch (reason) {
    case GW_ONLY: return "the only place of that name";
    case GW_QUALIFIER: return "narrowed by a qualifier in the text";
    case GW_CONTEXT: return "the document names its country or division";
    case GW_PRIOR: return "the most likely place of that name (population)";
    case GW_CAPITAL: return "the capital of the country named";
    case GW_ADJECTIVE: return "a place adjective: its country";
    case GW_QUALIFIES: return "the entry that holds the name it qualifies";
    default: return "";
    }
}

const char *geo_role_name(int role)
{
    switch (role) {
    case GR_LOCATIVE: return "locative";
    case GR_WEAK: return "on/to";
    case GR_DATELINE: return "dateline";
    case GR_QUALIFIER: return "qualifier";
    default: return "not a location";
    }
}
