/* locate.c - the place of each event, from the places places.c found and resolve.c chose.
 *
 * For an event, in order (the first that gives a place wins):
 *   stated     a locative place in the event's own clause: after the verb first ("struck a
 *              school in Kharkiv"), else before it ("protesters in Nairobi stormed ..."),
 *              else "on/to" ("a visit to Kyiv"); the target of a visit or of an attack when
 *              it is a place ("Israel bombed Gaza"); a place phrase fronted before the clause
 *              ("In Kharkiv, ..."); one in a clause nested in the verb phrase; else
 *              the place another event of the same sentence has ("visited Kyiv and met");
 *   adjective  a place adjective in a locative phrase of the sentence ("in a Syrian village");
 *   document   the place stated for the previous sentence's events, when this one goes on
 *              with their actors ("The two leaders signed ...");
 *   dateline   the place of the story's dateline.
 * A place that is an actor ("Beijing said", "Moscow accused Kyiv") has no locative role and
 * is never chosen, except as the target of a visit or attack, where it is also where the
 * event happened.
 *
 * The source and the target get a place of their own when their phrase states one ("protesters
 * in Nairobi", "Kenya's parliament in Nairobi"): actor_place(), for GDELT's actor geography. */
#include <string.h>
#include <time.h>

#include "geo.h"

static uint32_t token_at(const parley_doc *doc, uint32_t byte)
{
    uint32_t lo = 0, hi = doc->ntoks;
    while (lo < hi) {
        uint32_t mid = (lo + hi) / 2;
        if (doc->toks[mid].start < byte)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Events that happen at their target when the target is a place: visits (042) and uses
 * of force (CAMEO roots 18, 19, 20). */
static int at_target(const char *code)
{
    return strcmp(code, "042") == 0 || strncmp(code, "18", 2) == 0 || strncmp(code, "19", 2) == 0 ||
           strncmp(code, "20", 2) == 0;
}

static int usable(const geo_mention *m)
{
    return m->place != GEO_NONE && !m->adjective && m->role != GR_QUALIFIER && m->role != GR_DATELINE;
}

static parley_location *make(parley_doc *doc, const geo_mention *m, int precision)
{
    const gazetteer *g = doc->gaz;
    parley_location *l = arena_calloc(&doc->arena, 1, sizeof *l);
    if (!l)
        return NULL;
    const geo_rec *r = gaz_place(g, m->place);
    l->name = gaz_str(g, r->name);
    l->country = r->cc;
    l->adm1 = gaz_str(g, r->adm1);
    l->lat = r->lat / 1e5;
    l->lon = r->lon / 1e5;
    l->has_coords = !(r->flags & GF_NOCOORD);
    l->type = r->type;
    l->precision = precision;
    l->geonames_id = r->gnid;
    l->span.start = doc->toks[m->from].start;
    l->span.end = doc->toks[m->last].end;
    l->text = doc_span_text(doc, l->span.start, l->span.end);
    return l->text ? l : NULL;
}

typedef struct clause {
    uint32_t start, verb, end;    /* tokens: [start, end), the verb inside */
    uint32_t vp_end;              /* end of the verb phrase with the clauses nested in it */
    uint32_t sent_first, sent_end;
} clause;

/* The clause of an event: from the words before its verb (back to a comma) to the end of
 * its verb phrase, less the clauses nested in it. */
static void event_clause(const parley_doc *doc, const parley_event *e, clause *c)
{
    const sentence *s = &doc->sents[e->sentence];
    const sent_analysis *an = s->an;
    c->sent_first = s->first;
    c->sent_end = s->first + s->ntok;
    c->start = c->sent_first;
    c->end = c->sent_end;
    c->verb = token_at(doc, e->verb_span.start);
    c->vp_end = c->end;
    if (!an)
        return;
    for (uint32_t vi = 0; vi < an->nvgs; vi++) {
        const vgroup *v = &an->vgs[vi];
        if (c->verb < v->first || c->verb > v->last)
            continue;
        c->start = v->upper_start;
        c->end = c->vp_end = v->vp_end;
        for (uint32_t w = vi + 1; w < an->nvgs; w++)
            if (an->vgs[w].first < v->vp_end && an->vgs[w].depth > v->depth) {
                c->end = an->vgs[w].first;
                break;
            }
        return;
    }
}

/* Is there a verb group in the sentence between tokens a and b? A "verb" right after a
 * place name that modifies it ("a US base") is a noun the tagger misread. */
static int verb_between(const parley_doc *doc, int32_t si, uint32_t a, uint32_t b)
{
    const sent_analysis *an = doc->sents[si].an;
    for (uint32_t vi = 0; an && vi < an->nvgs; vi++) {
        uint32_t v = an->vgs[vi].verb;
        if (v <= a || v >= b)
            continue;
        int misread = 0;
        uint32_t pa, pb;
        geo_sentence_places(doc, si, &pa, &pb);
        for (uint32_t i = pa; i < pb && !misread; i++)
            misread = doc->places[i].modifier && doc->places[i].last + 1 == v;
        if (!misread)
            return 1;
    }
    return 0;
}

/* Does the event go on with the story of an earlier sentence: is its source or target a
 * reference to an earlier actor ("the two leaders", "they", "both sides")? Only then does
 * the earlier sentence's place carry over: "The United States urged Venezuela ..." after a
 * sentence in Caracas says nothing about where Washington spoke. */
static int continues(const parley_doc *doc, const parley_event *e)
{
    const sent_analysis *an = doc->sents[e->sentence].an;
    for (uint32_t k = 0; an && k < an->nnps; k++) {
        const nphrase *np = &an->nps[k];
        if (!np->coref && !np->pronoun)
            continue;
        uint32_t a = doc->toks[np->first].start, b = doc->toks[np->last].end;
        if ((e->source_text && *e->source_text && a < e->source_span.end && b > e->source_span.start) ||
            (e->target_text && *e->target_text && a < e->target_span.end && b > e->target_span.start))
            return 1;
    }
    return 0;
}

/* The stated place of an event, or -1. */
static int32_t stated(const parley_doc *doc, const parley_event *e, const clause *c)
{
    const gazetteer *g = doc->gaz;
    int32_t si = e->sentence;
    int32_t after = -1, before = -1, weak = -1, target = -1, fronted = -1, nested = -1;
    uint32_t tstart = e->target_text && *e->target_text ? token_at(doc, e->target_span.start) : 0;
    uint32_t tend = e->target_text && *e->target_text ? token_at(doc, e->target_span.end) : 0;
    uint32_t pa, pb;
    geo_sentence_places(doc, si, &pa, &pb);
    for (uint32_t i = pa; i < pb; i++) {
        const geo_mention *m = &doc->places[i];
        if (!usable(m))
            continue;
        int in_clause = m->first >= c->start && m->last < c->end;
        /* after the verb: in its clause, or past it with no other verb in between */
        int past = m->first > c->verb && (m->last < c->end || !verb_between(doc, si, c->verb, m->first));
        if (m->role == GR_LOCATIVE && past) {
            if (after < 0)
                after = (int32_t)i;
        } else if (m->role == GR_LOCATIVE && in_clause && m->first < c->verb) {
            before = (int32_t)i;
        } else if (m->role == GR_WEAK && in_clause && m->first > c->verb && weak < 0) {
            weak = (int32_t)i;
        } else if (m->role == GR_LOCATIVE && m->first > c->verb && m->last < c->vp_end && nested < 0) {
            /* in a clause nested in the event's verb phrase: "accused China of ramming a
             * boat in the South China Sea" */
            nested = (int32_t)i;
        } else if (m->role == GR_LOCATIVE && m->last < c->start && !verb_between(doc, si, m->last, c->start)) {
            fronted = (int32_t)i;
        }
        /* the target itself: "Israel bombed Gaza", "Blinken visited Kyiv", "struck the
         * Lebanese city of Tripoli" (the target phrase may stop at the adjective), the first
         * place of "Kharkiv in eastern Ukraine" */
        if (target < 0 && tend > tstart && m->from <= tend && m->last >= tstart && !m->modifier &&
            (m->role == GR_OTHER || m->role == GR_LOCATIVE) && at_target(e->code))
            target = (int32_t)i;
    }
    if (weak >= 0 && !(strncmp(e->code, "04", 2) == 0 || at_target(e->code) || strncmp(e->code, "15", 2) == 0 ||
                       gaz_place(g, doc->places[weak].place)->type != GEO_COUNTRY))
        weak = -1;
    int32_t order[] = {after, before, target, weak, fronted, nested};
    int32_t best = -1;
    for (size_t k = 0; k < sizeof order / sizeof order[0] && best < 0; k++)
        best = order[k];
    if (best < 0)
        return -1;
    /* "struck Kharkiv in eastern Ukraine": a country or division is only the setting of a
     * place inside it that the event also names */
    const geo_rec *b = gaz_place(g, doc->places[best].place);
    for (size_t k = 0; k < sizeof order / sizeof order[0] && (b->type == GEO_COUNTRY || b->type == GEO_ADM1); k++)
        if (order[k] >= 0 && gaz_holds(g, doc->places[best].place, doc->places[order[k]].place)) {
            best = order[k];
            b = gaz_place(g, doc->places[best].place);
        }
    return best;
}

/* A place adjective in a locative phrase of the event's sentence ("in a Syrian village"),
 * else the place of the police that act ("Kenyan police fired tear gas": police act at
 * home), or -1. */
static int32_t adjective_place(const parley_doc *doc, const parley_event *e)
{
    uint32_t pa, pb;
    geo_sentence_places(doc, e->sentence, &pa, &pb);
    for (uint32_t i = pa; i < pb; i++) {
        const geo_mention *m = &doc->places[i];
        if (m->adjective && !m->police && (m->role == GR_LOCATIVE || m->role == GR_WEAK))
            return (int32_t)i;
    }
    /* "struck Ukrainian ports": an adjective and a place noun as the target of an attack */
    if (e->target_text && *e->target_text && at_target(e->code))
        for (uint32_t i = pa; i < pb; i++) {
            const geo_mention *m = &doc->places[i];
            if (m->adjective && !m->police && doc->toks[m->first].start >= e->target_span.start &&
                doc->toks[m->first].start < e->target_span.end)
                return (int32_t)i;
        }
    if (!e->source_text || !*e->source_text || !strstr(e->source, "COP"))
        return -1;
    for (uint32_t i = pa; i < pb; i++) {
        const geo_mention *m = &doc->places[i];
        if (m->police && m->place != GEO_NONE &&
            doc->toks[m->first].start >= e->source_span.start && doc->toks[m->last].end <= e->source_span.end)
            return (int32_t)i;
    }
    return -1;
}

/* The place an actor's phrase states for the actor, or -1: the first locative place
 * phrase inside the phrase after its first word ("protesters in Nairobi", "troops near
 * Bakhmut") or starting right after it, its preposition the next word ("Kenya's parliament
 * in Nairobi condemned ..."). A country or division that only sets a place the phrase
 * names before it gives way to that place ("Kharkiv in eastern Ukraine" is Kharkiv). */
static int32_t actor_place(const parley_doc *doc, int32_t si, const char *text, parley_span sp)
{
    if (!text || !*text || sp.end <= sp.start)
        return -1;
    const gazetteer *g = doc->gaz;
    uint32_t first = token_at(doc, sp.start), end = token_at(doc, sp.end);
    uint32_t pa, pb;
    geo_sentence_places(doc, si, &pa, &pb);
    int32_t best = -1;
    for (uint32_t i = pa; i < pb && best < 0; i++) {
        const geo_mention *m = &doc->places[i];
        if (!usable(m) || m->role != GR_LOCATIVE)
            continue;
        int inside = m->from > first && m->last < end;
        int after = m->from == end + 1 && end < doc->ntoks && doc->toks[end].start >= sp.end;
        if (inside || after)
            best = (int32_t)i;
    }
    if (best < 0)
        return -1;
    const geo_rec *b = gaz_place(g, doc->places[best].place);
    if (b->type != GEO_COUNTRY && b->type != GEO_ADM1)
        return best;
    for (uint32_t i = pa; i < pb && (uint32_t)best > i; i++) {
        const geo_mention *m = &doc->places[i];
        if (usable(m) && m->first >= first && (m->role == GR_OTHER || m->role == GR_LOCATIVE) &&
            !m->modifier && gaz_holds(g, doc->places[best].place, m->place))
            return (int32_t)i;
    }
    return best;
}

/* The stated places of an event's source and target. Returns 0 or PARLEY_ENOMEM. */
static int locate_actors(parley_doc *doc, parley_event *e)
{
    int32_t s = actor_place(doc, e->sentence, e->source_text, e->source_span);
    int32_t t = actor_place(doc, e->sentence, e->target_text, e->target_span);
    if (s >= 0 && !(e->source_location = make(doc, &doc->places[s], PARLEY_LOC_STATED)))
        return PARLEY_ENOMEM;
    if (t >= 0 && !(e->target_location = make(doc, &doc->places[t], PARLEY_LOC_STATED)))
        return PARLEY_ENOMEM;
    return 0;
}

int geo_locate_events(parley_doc *doc)
{
    const gazetteer *g = doc->gaz;
    int32_t *own = arena_alloc(&doc->arena, (doc->nevents + 1) * sizeof *own);
    if (!own)
        return PARLEY_ENOMEM;
    for (uint32_t k = 0; k < doc->nevents; k++) {
        clause c;
        event_clause(doc, &doc->events[k], &c);
        own[k] = stated(doc, &doc->events[k], &c);
    }
    /* the place stated for the events of the latest sentence that had one */
    int32_t recent = -1, recent_sentence = -1;
    for (uint32_t k = 0; k < doc->nevents; k++) {
        parley_event *e = &doc->events[k];
        if (locate_actors(doc, e) < 0)
            return PARLEY_ENOMEM;
        int32_t m = own[k];
        int precision = PARLEY_LOC_STATED;
        /* "visited Kyiv and met Zelenskiy": the sentence's other events say where */
        for (uint32_t j = 0; m < 0 && j < doc->nevents; j++)
            if (doc->events[j].sentence == e->sentence && own[j] >= 0)
                m = own[j];
        if (m < 0 && (m = adjective_place(doc, e)) >= 0) {
            precision = PARLEY_LOC_ADJECTIVE;
            /* "Georgian police arrested ..." after a sentence in Tbilisi, or under a TBILISI
             * dateline: the place inside the adjective's country is the better answer */
            uint32_t country = doc->places[m].place;
            if (recent >= 0 && recent_sentence == e->sentence - 1 &&
                gaz_holds(g, country, doc->places[recent].place)) {
                m = recent;
                precision = PARLEY_LOC_DOCUMENT;
            } else if (doc->dateline_place >= 0 && doc->places[doc->dateline_place].place != GEO_NONE &&
                       gaz_holds(g, country, doc->places[doc->dateline_place].place)) {
                m = doc->dateline_place;
                precision = PARLEY_LOC_DATELINE;
            }
        }
        if (m < 0 && recent >= 0 && recent_sentence >= e->sentence - 1 && recent_sentence < e->sentence &&
            continues(doc, e)) {
            m = recent;
            precision = PARLEY_LOC_DOCUMENT;
        }
        if (m < 0 && doc->dateline_place >= 0 && doc->places[doc->dateline_place].place != GEO_NONE) {
            m = doc->dateline_place;
            precision = PARLEY_LOC_DATELINE;
        }
        if (m < 0)
            continue;
        if (precision == PARLEY_LOC_STATED && e->sentence > recent_sentence) {
            recent = m;
            recent_sentence = e->sentence;
        }
        e->location = make(doc, &doc->places[m], precision);
        if (!e->location)
            return PARLEY_ENOMEM;
    }
    return 0;
}

int geo_document(parley_doc *doc)
{
    if (geo_find_places(doc) < 0)
        return PARLEY_ENOMEM;
    geo_resolve(doc);
    return geo_locate_events(doc);
}

const char *parley_location_type_name(int type)
{
    switch (type) {
    case PARLEY_LOC_CITY: return "city";
    case PARLEY_LOC_ADM1: return "adm1";
    case PARLEY_LOC_COUNTRY: return "country";
    case PARLEY_LOC_REGION: return "region";
    case PARLEY_LOC_WATER: return "water";
    default: return "";
    }
}

const char *parley_location_precision_name(int precision)
{
    switch (precision) {
    case PARLEY_LOC_STATED: return "stated";
    case PARLEY_LOC_DATELINE: return "dateline";
    case PARLEY_LOC_DOCUMENT: return "document";
    case PARLEY_LOC_ADJECTIVE: return "adjective";
    default: return "";
    }
}

const parley_location *parley_doc_event_location(const parley_doc *doc, size_t i)
{
    return i < doc->nevents ? doc->events[i].location : NULL;
}

const parley_location *parley_doc_event_actor_location(const parley_doc *doc, size_t i, int role)
{
    if (i >= doc->nevents)
        return NULL;
    return role == 0 ? doc->events[i].source_location : role == 1 ? doc->events[i].target_location : NULL;
}

double parley_geo_load(void)
{
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    (void)gaz_shared();
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
}
