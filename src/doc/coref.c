/* coref.c - who "he", "it", "the two leaders" and "the ministry" are.
 *
 * The document keeps a memory of the entities its sentences coded (doc->ents). A reference
 * takes the codes of the nearest fitting antecedent: first earlier in its own sentence,
 * then in the previous sentences (subjects first, at most three sentences back):
 *  - he/she/him/her/his: a person (a named office holder, "the president");
 *  - it/its: a country or organisation, not a person;
 *  - they/them/their: a compound or a plural group;
 *  - "the two leaders", "both sides": the last compound, or the last two people named;
 *  - "the ministry", "the government": the last country, with the agent's code added;
 *    "the alliance", "the bloc": the last intergovernmental body; "the group", "the
 *    militants": the last armed group.
 * A reference nothing fits stays uncoded: no guessed actor. */
#include <stdio.h>
#include <string.h>

#include "../lex/tags.h"
#include "doc.h"

#define LOOKBACK 3

enum { R_NONE, R_PERSON, R_THING, R_PLURAL, R_PAIR, R_COUNTRY, R_IGO, R_GROUP,
       R_OWNER_THING, R_OWNER_PLURAL, R_OWNER_PERSON };

/* Codes look like what? */
static int code_is_igo(const char *c)
{
    return strncmp(c, "IGO", 3) == 0;
}

static int code_is_group(const char *c)
{
    return strncmp(c, "IMG", 3) == 0 || strstr(c, "REB") || strstr(c, "UAF") || strstr(c, "INS");
}

/* What kind of reference is phrase np (R_NONE for none)? `agent` gets the agent code to
 * compose for role phrases ("the ministry" -> GOV). */
static int reference_kind(const parley_doc *doc, const nphrase *np, const char **agent)
{
    *agent = NULL;
    const token *h = &doc->toks[np->head];
    if (np->pronoun) {
        if (tok_is(h, "he") || tok_is(h, "she") || tok_is(h, "him") || tok_is(h, "her") || tok_is(h, "his") ||
            tok_is(h, "himself") || tok_is(h, "herself"))
            return R_PERSON;
        if (tok_is(h, "it") || tok_is(h, "its") || tok_is(h, "itself")) {
            /* "It was their first meeting", "it is unclear": no antecedent */
            if (np->head + 1 < doc->ntoks && (doc->toks[np->head + 1].tag & T_BE))
                return R_NONE;
            return R_THING;
        }
        if (tok_is(h, "they") || tok_is(h, "them") || tok_is(h, "their") || tok_is(h, "themselves"))
            return R_PLURAL;
        return R_NONE;
    }
    if (np->has_actor)
        return R_NONE;
    const token *f = &doc->toks[np->first];
    /* "its warplanes", "their troops": an agent owned by a pronoun takes the owner's
     * country (coref_resolve composes the agent's code onto it) */
    if ((f->tag & T_PRPS) && np->has_agent && np->ncodes && strncmp(np->codes[0], "---", 3) == 0) {
        *agent = np->codes[0] + 3;
        if (tok_is(f, "its"))
            return R_OWNER_THING;
        if (tok_is(f, "their"))
            return R_OWNER_PLURAL;
        if (tok_is(f, "his") || tok_is(f, "her"))
            return R_OWNER_PERSON;
        return R_NONE;
    }
    /* "violated its airspace", "shelled their territory": a country's own ground is the
     * country */
    if (tok_is(f, "its") && np->last == np->first + 1 && !np->has_agent) {
        static const char *const ground[] = {"airspace", "territory", "waters", "soil", "coast",
                                             "coastline", "border", "borders", "territories", NULL};
        for (int i = 0; ground[i]; i++)
            if (tok_is(h, ground[i])) {
                *agent = "";
                return R_OWNER_THING;
            }
    }
    /* a definite phrase: "the two leaders", "both sides", "the ministry" */
    int definite = tok_is(f, "the") || tok_is(f, "both");
    if (!definite)
        return R_NONE;
    int two = 0;
    for (uint32_t i = np->first; i <= np->last; i++)
        if (tok_is(&doc->toks[i], "two") || tok_is(&doc->toks[i], "both"))
            two = 1;
    static const char *const pair_heads[] = {"leaders", "sides", "countries", "presidents", "ministers",
                                             "nations", "men", "governments", "heads", "parties",
                                             "states", "neighbours", "neighbors", "allies", NULL};
    if (two)
        for (int i = 0; pair_heads[i]; i++)
            if (tok_is(h, pair_heads[i]))
                return R_PAIR;
    /* "the sides had agreed": the two sides of the talks */
    if (np->last == np->first + 1 && tok_is(h, "sides"))
        return R_PAIR;
    if (np->last != np->first + 1)
        return R_NONE; /* only "the X": longer phrases say something of their own */
    static const struct { const char *head; int kind; const char *agent; } roles[] = {
        {"ministry", R_COUNTRY, "GOV"}, {"government", R_COUNTRY, "GOV"},
        {"cabinet", R_COUNTRY, "GOV"}, {"administration", R_COUNTRY, "GOV"},
        {"country", R_COUNTRY, ""}, {"kingdom", R_COUNTRY, ""}, {"republic", R_COUNTRY, ""},
        {"army", R_COUNTRY, "MIL"}, {"military", R_COUNTRY, "MIL"}, {"parliament", R_COUNTRY, "LEG"},
        {"alliance", R_IGO, ""}, {"bloc", R_IGO, ""}, {"organisation", R_IGO, ""},
        {"organization", R_IGO, ""}, {"union", R_IGO, ""}, {"council", R_IGO, ""},
        {"group", R_GROUP, ""}, {"militants", R_GROUP, ""}, {"rebels", R_GROUP, ""},
        {"movement", R_GROUP, ""}, {"militia", R_GROUP, ""}, {"insurgents", R_GROUP, ""},
        {"president", R_PERSON, ""}, {"minister", R_PERSON, ""}, {"premier", R_PERSON, ""},
        {"leader", R_PERSON, ""}, {"chancellor", R_PERSON, ""},
    };
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
        if (tok_is(h, roles[i].head)) {
            *agent = roles[i].agent;
            return roles[i].kind;
        }
    return R_NONE;
}

static int fits(int kind, const entity *e)
{
    if (!e->ncodes)
        return 0;
    const char *c = e->codes[0];
    /* an owner must have a country to give: not "---GOV" */
    if (kind >= R_OWNER_THING && (strlen(c) < 3 || c[0] == '-'))
        return 0;
    switch (kind) {
    case R_OWNER_THING: return !e->person && e->ncodes == 1 && !e->plural;
    case R_OWNER_PLURAL: return e->ncodes == 1;
    case R_OWNER_PERSON: return e->person && e->ncodes == 1;
    case R_PERSON: return e->person && e->ncodes == 1 && !e->plural; /* "he", "the president": one person */
    case R_THING: return !e->person && e->ncodes == 1 && !e->plural;
    case R_PLURAL: return e->ncodes > 1 || e->plural;
    case R_PAIR: return e->ncodes == 2;
    case R_COUNTRY: return !e->person && e->ncodes == 1 && strlen(c) >= 3 && !code_is_igo(c) &&
                           !code_is_group(c) && strncmp(c, "NGO", 3) != 0; /* "the government": no NGO */
    case R_IGO: return code_is_igo(c);
    case R_GROUP: return code_is_group(c);
    default: return 0;
    }
}

static int push_entity(parley_doc *doc, const entity *e)
{
    if (doc->nents == doc->cap_ents) {
        uint32_t nc = doc->cap_ents ? doc->cap_ents * 2 : 32;
        entity *p = arena_grow(&doc->arena, doc->ents, doc->nents, nc, sizeof *p);
        if (!p)
            return PARLEY_ENOMEM;
        doc->ents = p;
        doc->cap_ents = nc;
    }
    doc->ents[doc->nents++] = *e;
    return 0;
}

/* The entities of sentence si: coded phrases, and each compound as a whole. */
static int entities_of(parley_doc *doc, uint32_t si, entity *out, uint32_t max)
{
    const sent_analysis *an = doc->sents[si].an;
    uint32_t n = 0;
    int first_coded = 1;
    for (uint32_t k = 0; k < an->nnps && n < max; k++) {
        const nphrase *np = &an->nps[k];
        if (np->merged_into >= 0 || !np->has_actor || !np->ncodes || np->deleted)
            continue;
        entity e;
        memset(&e, 0, sizeof e);
        e.sentence = si;
        e.np = (int32_t)k;
        e.codes = np->codes;
        e.ncodes = np->ncodes;
        e.person = np->person;
        e.plural = np->plural || np->ncodes > 1;
        e.subject = (uint8_t)first_coded;
        first_coded = 0;
        out[n++] = e;
        if (np->compound == (int32_t)k && n < max) {
            /* the compound as one plural entity */
            const char **codes = arena_alloc(&doc->arena, sizeof(char *) * 16);
            if (!codes)
                return -1;
            uint32_t nc = 0;
            for (uint32_t m = k; m < an->nnps && nc < 16; m++)
                if (an->nps[m].compound == (int32_t)k && an->nps[m].has_actor && an->nps[m].ncodes)
                    codes[nc++] = an->nps[m].codes[0];
            if (nc > 1) {
                entity c = e;
                c.codes = codes;
                c.ncodes = nc;
                c.plural = 1;
                c.person = 0;
                out[n++] = c;
            }
        }
    }
    return (int)n;
}

static void take(parley_doc *doc, nphrase *np, const entity *e, const char *agent, int owner)
{
    np->codes = e->codes;
    np->ncodes = e->ncodes;
    if (agent && *agent && e->ncodes == 1) {
        char buf[64];
        /* an owner gives its country: "its warplanes" after ISRGOV is ISRMIL */
        const char *base = e->codes[0];
        size_t bl = strlen(base), al = strlen(agent);
        /* "the ministry" after RUSGOV is RUSGOV, not RUSGOVGOV: an agent the code already
         * holds (at a 3-letter boundary) is not added again */
        int held = 0;
        for (size_t off = 3; !owner && off + al <= bl; off += 3)
            if (strncmp(base + off, agent, al) == 0)
                held = 1;
        if (owner)
            snprintf(buf, sizeof buf, "%.3s%s", base, agent);
        else if (held)
            snprintf(buf, sizeof buf, "%s", base);
        else
            snprintf(buf, sizeof buf, "%s%s", base, agent);
        const char **one = arena_alloc(&doc->arena, sizeof(char *));
        char *c = arena_strdup(&doc->arena, buf);
        if (one && c) {
            one[0] = c;
            np->codes = one;
        }
    }
    np->has_actor = 1;
    np->coref = 1;
    if (np->pronoun)
        np->person = e->person;
    np->ante_sentence = (int32_t)e->sentence;
    np->ante_np = e->np;
}

/* Are two phrases of one sentence in the same clause (no comma, conjunction or
 * subordinator between them)? */
static int same_clause(const parley_doc *doc, const nphrase *a, const nphrase *b)
{
    for (uint32_t t = a->last + 1; t < b->first; t++) {
        const token *k = &doc->toks[t];
        if (tok_is(k, ",") || tok_is(k, ";") || (k->tag & (T_CC | T_SUB | T_WH)))
            return 0;
    }
    return 1;
}

/* A bare name already met in full: "Wang" after "Chinese Foreign Minister Wang Yi". The
 * token must be capitalised, not a phrase of the dictionaries nor one of the lexicon's common words,
 * and one of the capitalised words of an earlier person's phrase. */
static const entity *name_antecedent(const parley_doc *doc, const nphrase *np)
{
    const token *h = &doc->toks[np->head];
    /* (a dictionary may know the word as part of a longer name: "Wang" of WANG_YI) */
    if (np->first != np->last || !(h->flags & TF_CAP) || (h->lex && !(h->flags & TF_SENT_START) &&
                                                          (h->lex->tags & ~(T_NN | T_NNS))))
        return NULL;
    for (uint32_t i = doc->nents; i-- > 0;) {
        const entity *e = &doc->ents[i];
        if (!e->person || e->ncodes != 1)
            continue;
        const nphrase *p = &doc->sents[e->sentence].an->nps[e->np];
        for (uint32_t t = p->first; t <= p->last; t++) {
            const token *k = &doc->toks[t];
            if ((k->flags & TF_CAP) && t != p->first && strcmp(k->norm, h->norm) == 0)
                return e;
        }
    }
    return NULL;
}

/* The last two different people (or countries) named before a phrase, as one two-code
 * entity: those of its own sentence before it first ("Starmer told him ..., and the two
 * governments"), then the previous sentences'. */
/* May a phrase or entity be one of a pair: a person for "the two leaders", a country
 * named by itself for "the two countries"? */
static int pair_member(const char *code, int person, int want_person)
{
    if (want_person)
        return person;
    return !person && strlen(code) == 3 && code[0] != '-' && strcmp(code, "IGO") != 0 &&
           strcmp(code, "IMG") != 0 && strcmp(code, "NGO") != 0;
}

static int pair_of(parley_doc *doc, uint32_t si, uint32_t before, entity *pair, int want_person)
{
    const entity *a = NULL, *b = NULL;
    const sent_analysis *an = doc->sents[si].an;
    /* the sentence's phrases, pronouns resolved so far included ("told him") */
    entity mine[2];
    int nmine = 0;
    for (uint32_t k = an->nnps; k-- > 0 && nmine < 2;) {
        const nphrase *p = &an->nps[k];
        if (p->last >= before || !p->has_actor || p->ncodes != 1 || p->merged_into >= 0 ||
            !pair_member(p->codes[0], p->person, want_person))
            continue;
        if (nmine == 1 && strcmp(mine[0].codes[0], p->codes[0]) == 0)
            continue;
        memset(&mine[nmine], 0, sizeof mine[nmine]);
        mine[nmine].sentence = si;
        mine[nmine].np = (int32_t)k;
        mine[nmine].codes = p->codes;
        mine[nmine].ncodes = 1;
        mine[nmine].person = (uint8_t)want_person;
        nmine++;
    }
    if (nmine > 0)
        a = &mine[0];
    if (nmine > 1)
        b = &mine[1];
    for (uint32_t i = doc->nents; i-- > 0 && !b;) {
        const entity *e = &doc->ents[i];
        if (e->sentence + LOOKBACK < si || e->ncodes != 1 || !pair_member(e->codes[0], e->person, want_person))
            continue;
        if (!a)
            a = e;
        else if (strcmp(a->codes[0], e->codes[0]) != 0)
            b = e;
    }
    if (!a || !b)
        return 0;
    const char **codes = arena_alloc(&doc->arena, sizeof(char *) * 2);
    if (!codes)
        return PARLEY_ENOMEM;
    codes[0] = b->codes[0];
    codes[1] = a->codes[0];
    *pair = *a;
    pair->codes = codes;
    pair->ncodes = 2;
    pair->plural = 1;
    return 1;
}

/* The subject of the verb a subject pronoun's clause depends on: "Hamas said it ...",
 * "Putin told Xi that he ...", "Lavrov said on Tuesday that Moscow ...". Returns the phrase
 * index in the sentence or -1. */
static int32_t governing_subject(const parley_doc *doc, const sentence *s, const nphrase *pro)
{
    const sent_analysis *an = s->an;
    uint32_t sf = s->first, t = pro->first;
    if (t > sf && tok_is(&doc->toks[t - 1], "that"))
        t--;
    /* an object or a time between the verb and the clause: "told Xi that", "said on Tuesday" */
    for (int hops = 0; hops < 2 && t > sf; hops++) {
        int32_t k = an->np_of[t - 1 - sf];
        if (k < 0)
            break;
        uint32_t f = an->nps[k].first;
        if (an->nps[k].temporal && f > sf && (doc->toks[f - 1].tag & T_IN))
            f--;
        t = f;
    }
    if (t <= sf || !(doc->toks[t - 1].tag & T_VERB))
        return -1;
    uint32_t v = t - 1;
    while (v > sf && (doc->toks[v - 1].tag & (T_AUX | T_MD | T_RB | T_NEG)))
        v--;
    if (v <= sf)
        return -1;
    int32_t k = an->np_of[v - 1 - sf];
    while (k >= 0 && an->nps[k].merged_into >= 0)
        k = an->nps[k].merged_into;
    return k;
}

int coref_resolve(parley_doc *doc, uint32_t si)
{
    sentence *s = &doc->sents[si];
    sent_analysis *an = s->an;
    entity here[64];
    int nhere = entities_of(doc, si, here, 64);
    if (nhere < 0)
        return PARLEY_ENOMEM;
    for (uint32_t k = 0; k < an->nnps; k++) {
        nphrase *np = &an->nps[k];
        if (np->merged_into >= 0 || np->temporal || np->deleted)
            continue;
        const char *agent;
        int kind = reference_kind(doc, np, &agent);
        if (kind == R_NONE) {
            const entity *e = !np->has_actor && !np->has_agent ? name_antecedent(doc, np) : NULL;
            if (e)
                take(doc, np, e, NULL, 0);
            continue;
        }
        const entity *best = NULL;
        const token *h = &doc->toks[np->head];
        /* an object pronoun never means the subject of its own clause ("Putin hosted him");
         * a subject pronoun prefers the sentence's subject ("Putin told Xi that he ...") */
        int object = np->pronoun && (tok_is(h, "him") || tok_is(h, "her") || tok_is(h, "them"));
        if (!object && np->pronoun) {
            int32_t g = governing_subject(doc, s, np);
            for (int i = 0; i < nhere && !best && g >= 0; i++)
                if (here[i].np == g && fits(kind, &here[i]))
                    best = &here[i];
            for (int i = 0; i < nhere && !best; i++) {
                const nphrase *ante = &an->nps[here[i].np];
                if (ante->last < np->first && fits(kind, &here[i]))
                    best = &here[i];
            }
        }
        for (int i = nhere - 1; i >= 0 && !best; i--) {
            const nphrase *ante = &an->nps[here[i].np];
            if (ante->last < np->first && fits(kind, &here[i]) && !(object && same_clause(doc, ante, np)))
                best = &here[i];
        }
        /* an object pronoun is not its clause's subject: "Starmer told him" after
         * "Starmer embraced Zelenskiy" is Zelenskiy */
        const char *not_code = NULL;
        for (int i = 0; object && i < nhere && !not_code; i++) {
            const nphrase *ante = &an->nps[here[i].np];
            if (ante->last < np->first && same_clause(doc, ante, np) && here[i].ncodes == 1)
                not_code = here[i].codes[0];
        }
        /* the previous sentences: their subjects first, then the nearest; for an object
         * pronoun, the first that is not its clause's subject */
        for (uint32_t back = 1; back <= LOOKBACK && !best && back <= si; back++) {
            uint32_t ps = si - back;
            const entity *subj = NULL, *near = NULL, *other = NULL;
            for (uint32_t i = 0; i < doc->nents; i++) {
                const entity *e = &doc->ents[i];
                if (e->sentence != ps || !fits(kind, e))
                    continue;
                if (e->subject && !subj)
                    subj = e;
                if (not_code && !other && strcmp(e->codes[0], not_code) != 0)
                    other = e;
                near = e;
            }
            /* a pair: the compound itself when there is one */
            best = kind == R_PAIR ? near : not_code ? other : subj ? subj : near;
        }
        if (!best && kind == R_PAIR) {
            /* "the two leaders" after two people named separately */
            entity pair;
            /* "the two countries" after two countries named separately ("Cambodia
             * accused Thailand"); "the two sides" may be either */
            const token *ph = &doc->toks[np->head];
            int countries = tok_is(ph, "countries") || tok_is(ph, "nations") || tok_is(ph, "states") ||
                            tok_is(ph, "neighbours") || tok_is(ph, "neighbors");
            int r = pair_of(doc, si, np->first, &pair, !countries);
            if (r == 0 && (tok_is(ph, "sides") || tok_is(ph, "governments") || tok_is(ph, "parties")))
                r = pair_of(doc, si, np->first, &pair, 0);
            if (r < 0)
                return r;
            if (r) {
                take(doc, np, &pair, NULL, 0);
                continue;
            }
        }
        if (best)
            take(doc, np, best, agent, kind >= R_OWNER_THING);
    }
    return 0;
}

int coref_plural_codes(parley_doc *doc, uint32_t si, uint32_t before, const char *const **codes,
                       uint32_t *ncodes)
{
    /* this sentence first (the last compound before the token), then the previous ones */
    entity here[64];
    int n = entities_of(doc, si, here, 64);
    if (n < 0)
        return PARLEY_ENOMEM;
    const entity *best = NULL;
    for (int i = 0; i < n; i++)
        if (doc->sents[si].an->nps[here[i].np].last < before && fits(R_PLURAL, &here[i]))
            best = &here[i];
    for (uint32_t i = doc->nents; !best && i-- > 0;) {
        const entity *e = &doc->ents[i];
        if (e->sentence < si && e->sentence + LOOKBACK >= si && fits(R_PLURAL, e))
            best = e;
    }
    if (!best) {
        entity pair;
        int r = pair_of(doc, si, before, &pair, 1);
        if (r <= 0)
            return r;
        *codes = pair.codes;
        *ncodes = pair.ncodes;
        return 1;
    }
    *codes = best->codes;
    *ncodes = best->ncodes;
    return 1;
}

int coref_remember(parley_doc *doc, uint32_t si)
{
    entity here[64];
    int n = entities_of(doc, si, here, 64);
    if (n < 0)
        return PARLEY_ENOMEM;
    for (int i = 0; i < n; i++)
        if (push_entity(doc, &here[i]) < 0)
            return PARLEY_ENOMEM;
    return 0;
}
