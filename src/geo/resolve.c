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

#define MAX_CAND 48
#define MAX_CTX 64
#define W_ACTOR 100     /* x100, like the priors */
#define W_COUNTRY 200
#define W_DIVISION 300

typedef struct context {
    char cc[MAX_CTX][4];
    int weight[MAX_CTX];
    uint32_t ncc;
    uint32_t div[MAX_CTX];
    uint32_t ndiv;
} context;

static void add_country(context *c, const char *cc, int w)
{
    if (!cc[0])
        return;
    for (uint32_t i = 0; i < c->ncc; i++)
        if (strncmp(c->cc[i], cc, 3) == 0) {
            if (w > c->weight[i])
                c->weight[i] = w;
            return;
        }
    if (c->ncc < MAX_CTX) {
        memcpy(c->cc[c->ncc], cc, 3);
        c->cc[c->ncc][3] = '\0';
        c->weight[c->ncc++] = w;
    }
}

static int country_weight(const context *c, const char *cc)
{
    for (uint32_t i = 0; i < c->ncc; i++)
        if (strncmp(c->cc[i], cc, 3) == 0)
            return c->weight[i];
    return 0;
}

static void add_division(context *c, uint32_t id)
{
    for (uint32_t i = 0; i < c->ndiv; i++)
        if (c->div[i] == id)
            return;
    if (c->ndiv < MAX_CTX)
        c->div[c->ndiv++] = id;
}

static int has_division(const context *c, uint32_t id)
{
    for (uint32_t i = 0; i < c->ndiv; i++)
        if (c->div[i] == id)
            return 1;
    return 0;
}

/* The division an entry lies in (itself for a division), GEO_NONE for none. */
static uint32_t division_of(uint32_t id)
{
    const geo_rec *r = gaz_place(id);
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
        uint32_t id = gaz_id(q->key, i);
        int t = gaz_place(id)->type;
        if (t == GEO_COUNTRY || t == GEO_ADM1)
            out[n++] = id;
    }
    return n;
}

/* Candidates of a mention after its qualifier: fills cand[] in prior order. */
static uint32_t candidates(parley_doc *doc, geo_mention *m, uint32_t *cand, int *qualified)
{
    uint32_t n = m->key->n < MAX_CAND ? m->key->n : MAX_CAND;
    for (uint32_t i = 0; i < n; i++)
        cand[i] = gaz_id(m->key, i);
    *qualified = 0;
    uint32_t qs[16];
    uint32_t nq = qual_entries(doc, m->qual, qs, 16);
    if (!nq)
        return n;
    uint32_t k = 0, qmatch = GEO_NONE;
    for (uint32_t i = 0; i < n; i++)
        for (uint32_t j = 0; j < nq; j++)
            if (gaz_holds(qs[j], cand[i])) {
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
        q->reason = GW_QUALIFIER;
        q->confident = 1;
    }
    return k;
}

static int32_t score(const context *ctx, uint32_t id, int division)
{
    const geo_rec *r = gaz_place(id);
    int32_t s = r->prior + country_weight(ctx, r->cc);
    /* "Borno state": a division, or a city that has one around it */
    if (division && (r->type == GEO_ADM1 || r->type == GEO_REGION))
        s += W_DIVISION;
    uint32_t d = division_of(id);
    if (d != GEO_NONE && has_division(ctx, d))
        s += W_DIVISION;
    return s;
}

void geo_resolve(parley_doc *doc)
{
    context ctx;
    memset(&ctx, 0, sizeof ctx);
    /* the actors' countries */
    for (uint32_t si = 0; si < doc->nsents; si++) {
        const sent_analysis *an = doc->sents[si].an;
        for (uint32_t k = 0; an && k < an->nmentions; k++) {
            const mention *mn = &an->mentions[k];
            if ((mn->kind & 0x7f) != MK_ACTOR || !mn->code || strlen(mn->code) < 3)
                continue;
            char cc[4] = {mn->code[0], mn->code[1], mn->code[2], 0};
            if (gaz_country(cc) != GEO_NONE)
                add_country(&ctx, cc, W_ACTOR);
        }
    }
    /* settled names: by their only entry, a qualifier or a clear prior */
    uint32_t cand[MAX_CAND];
    for (uint32_t i = 0; i < doc->nplaces; i++) {
        geo_mention *m = &doc->places[i];
        if (m->place != GEO_NONE) {
            m->confident = 1;
            continue;
        }
        if (m->adjective) {
            m->place = gaz_id(m->key, 0);
            m->reason = GW_ADJECTIVE;
            m->confident = 1;
            continue;
        }
        int qualified;
        uint32_t n = candidates(doc, m, cand, &qualified);
        m->place = cand[0];
        m->runner_up = n > 1 ? cand[1] : GEO_NONE;
        if (n == 1 || qualified ||
            (gaz_place(cand[0])->prior - gaz_place(cand[1])->prior >= 100 &&
             !(m->division && gaz_place(cand[0])->type == GEO_CITY))) {
            m->confident = 1;
            m->reason = qualified ? GW_QUALIFIER : n == 1 ? GW_ONLY : GW_PRIOR;
        }
    }
    for (uint32_t i = 0; i < doc->nplaces; i++) {
        const geo_mention *m = &doc->places[i];
        if (!m->confident || m->place == GEO_NONE)
            continue;
        const geo_rec *r = gaz_place(m->place);
        add_country(&ctx, r->cc, m->adjective ? W_ACTOR : W_COUNTRY);
        uint32_t d = division_of(m->place);
        if (d != GEO_NONE && !m->adjective)
            add_division(&ctx, d);
    }
    /* the rest, in the light of the document */
    for (uint32_t i = 0; i < doc->nplaces; i++) {
        geo_mention *m = &doc->places[i];
        if (m->confident)
            continue;
        int qualified;
        uint32_t n = candidates(doc, m, cand, &qualified);
        uint32_t best = 0, second = GEO_NONE;
        int32_t bs = score(&ctx, cand[0], m->division), ss = INT32_MIN;
        for (uint32_t k = 1; k < n; k++) {
            int32_t s = score(&ctx, cand[k], m->division);
            if (s > bs) {
                second = best;
                ss = bs;
                best = k;
                bs = s;
            } else if (s > ss) {
                second = k;
                ss = s;
            }
        }
        m->place = cand[best];
        m->runner_up = second != GEO_NONE ? cand[second] : GEO_NONE;
        m->reason = best == 0 ? GW_PRIOR : GW_CONTEXT;
    }
    /* "Donetsk region": the division around the city */
    for (uint32_t i = 0; i < doc->nplaces; i++) {
        geo_mention *m = &doc->places[i];
        if (m->division && m->place != GEO_NONE && gaz_place(m->place)->type == GEO_CITY &&
            gaz_place(m->place)->parent != GEO_NONE)
            m->place = gaz_place(m->place)->parent;
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
