/* coder.c - from verb groups to events: which verb form, which pattern, which actors.
 *
 * For each verb group (left to right) whose verb is in the dictionary:
 *  1. the words before the verb back to the nearest comma ("upper") and the words of its
 *     verb phrase ("lower") are the sequences patterns match against;
 *  2. the block's patterns are tried in file order; the first whose words and actor slots
 *     ($ source, + target, ^ skip, % compound) all match gives the code, otherwise the
 *     verb's or the block's default code;
 *  3. unbound slots take PETRARCH's defaults: the source is the first coded phrase (or
 *     compound) of the upper sequence, the target the first coded phrase of the lower
 *     sequence that is not the source;
 *  4. a passive verb with a by-phrase swaps them; compounds give one event per pair,
 *     a paired code a:b gives both directions.
 * A verb that produced a code covers its verb phrase: verbs nested inside it are not
 * coded again (PETRARCH's rule), verbs coordinated with it are. */
#include <stdlib.h>
#include <string.h>

#include "../doc/doc.h"
#include "../base/wordset.h"
#include "../lex/lexicon.h"
#include "../syntax/syntax.h"
#include "coder.h"

#define MAX_SEQ 512
#define MAX_UNIT 32

/* An actor slot's filler: one phrase or a compound of several. */
typedef struct unit {
    int32_t np[MAX_UNIT];
    uint32_t n;
} unit;

typedef struct ctx {
    const parley_dict *d;
    const parley_options *o;
    parley_doc *doc;
    sentence *s;
    sent_analysis *an;
    uint32_t si;
    int date, precision;          /* of the verb being coded */
    const parley_link *links;     /* its attribution chain */
    uint32_t nlinks;
    int modality;
    bool negated;
    char place[4];                /* country of the place the clause names ("in Nairobi") */
    int place_unknown;            /* the clause names a place no dictionary knows */
} ctx;

static const nphrase *np_at(const ctx *c, uint32_t tok)
{
    int32_t k = c->an->np_of[tok - c->s->first];
    return k >= 0 ? &c->an->nps[k] : NULL;
}

/* The unit a phrase belongs to: its whole compound, or itself. */
static void unit_of(const ctx *c, int32_t k, unit *u)
{
    const sent_analysis *an = c->an;
    u->n = 0;
    const nphrase *np = &an->nps[k];
    if (np->compound < 0) {
        u->np[u->n++] = k;
        return;
    }
    for (uint32_t i = 0; i < an->nnps && u->n < MAX_UNIT; i++)
        if (an->nps[i].compound == np->compound && an->nps[i].merged_into < 0)
            u->np[u->n++] = (int32_t)i;
}

static int unit_coded(const ctx *c, const unit *u)
{
    for (uint32_t i = 0; i < u->n; i++)
        if (c->an->nps[u->np[i]].has_actor)
            return 1;
    return 0;
}

static int unit_has(const unit *u, int32_t k)
{
    for (uint32_t i = 0; i < u->n; i++)
        if (u->np[i] == k)
            return 1;
    return 0;
}

/* ---- pattern matching -------------------------------------------------------------- */

typedef struct binding {
    int32_t source, target, compound;   /* phrase indices, -1 unbound */
    int neg;                            /* the pattern matched a negation ("NOT *") */
} binding;

/* Does the phrase containing seq[k] start at seq[k] in the matching direction? */
static int32_t np_starting(const ctx *c, const uint32_t *seq, uint32_t n, uint32_t k)
{
    const nphrase *np = np_at(c, seq[k]);
    if (!np || np->temporal)
        return -1;
    int32_t idx = (int32_t)(np - c->an->nps);
    if (k > 0 && np_at(c, seq[k - 1]) == np) {
        /* "received tanks from Germany": "from Germany" was merged into the phrase before
         * it, but a pattern's FROM_$ asks for the member that starts here */
        for (uint32_t i = 0; i < c->an->nnps; i++) {
            const nphrase *m = &c->an->nps[i];
            if (m->merged_into == idx && m->first == seq[k] && !m->temporal && m->ncodes)
                return (int32_t)i;
        }
        return -1;
    }
    (void)n;
    return idx;
}

static uint32_t skip_np(const ctx *c, const uint32_t *seq, uint32_t n, uint32_t k)
{
    const nphrase *np = np_at(c, seq[k]);
    while (k < n && np_at(c, seq[k]) == np)
        k++;
    return k;
}

static uint32_t synset_at(const ctx *c, uint32_t set, const uint32_t *seq, uint32_t n, uint32_t k,
                          int reverse)
{
    const parley_dict *d = c->d;
    if (!dict_synset_may(d, set, c->doc->toks[seq[k]].wid, reverse))
        return 0;
    const synset *ss = &d->synsets[set];
    uint32_t best = 0;
    for (uint32_t m = 0; m < ss->nmem; m++) {
        const syn_member *mem = &d->syn_members[ss->mem_first + m];
        if (mem->n > n - k || mem->n <= best)
            continue;
        int ok = 1;
        for (uint32_t w = 0; w < mem->n && ok; w++) {
            /* forward: seq[k+w] = word w; reverse: seq[k+w] = word n-1-w */
            uint32_t want = d->form_words[mem->first + (reverse ? mem->n - 1 - w : w)];
            ok = c->doc->toks[seq[k + w]].wid == want;
        }
        if (ok)
            best = mem->n;
    }
    return best;
}

static int match_side(const ctx *c, const pat_elem *els, uint32_t nel, const uint32_t *seq, uint32_t n,
                      int reverse, binding *b)
{
    uint32_t pos = 0;
    for (uint32_t e = 0; e < nel; e++) {
        const pat_elem *pe = &els[e];
        int found = 0;
        for (uint32_t k = pos; k < n; k++) {
            if (pe->type == PE_WORD) {
                if (c->doc->toks[seq[k]].wid == pe->arg) {
                    pos = k + 1;
                    found = 1;
                    if (c->doc->toks[seq[k]].tag & T_NEG)
                        b->neg = 1;
                }
            } else if (pe->type == PE_SYNSET) {
                uint32_t len = synset_at(c, pe->arg, seq, n, k, reverse);
                if (len) {
                    for (uint32_t x = k; x < k + len; x++)
                        if (c->doc->toks[seq[x]].tag & T_NEG)
                            b->neg = 1;
                    pos = k + len;
                    found = 1;
                }
            } else {
                int32_t np = np_starting(c, seq, n, k);
                /* TABARI dictionaries: $ + % ^ stand for actors, a phrase without one
                 * does not fill them ("IN_ $" passes over "an anti-" to Gondor) */
                if (np >= 0 && c->d->tabari && !c->an->nps[np].has_actor)
                    np = -1;
                if (np >= 0) {
                    const nphrase *p = &c->an->nps[np];
                    if (pe->type == PE_COMPOUND && p->compound < 0 && p->ncodes < 2)
                        return 0;
                    if (pe->type == PE_SOURCE)
                        b->source = np;
                    else if (pe->type == PE_TARGET)
                        b->target = np;
                    else if (pe->type == PE_COMPOUND && reverse)
                        b->compound = np;
                    else if (pe->type == PE_COMPOUND) /* after the verb: "agrees with % ..." */
                        b->target = np;
                    /* ^ passes over an actor and binds nothing */
                    pos = skip_np(c, seq, n, k);
                    found = 1;
                }
            }
            if (found || pe->adjacent)
                break;
        }
        if (!found)
            return 0;
    }
    return 1;
}

/* ---- verb forms ------------------------------------------------------------------------ */

typedef struct form_hit {
    const verb_form *f;
    uint32_t first, last;   /* tokens of the form */
} form_hit;

#define MAX_HITS 8

/* The dictionary forms of the verb group's verb. The written forms beat the forms parley
 * generated (LEFT [032] over LEAVE's "left"), longer forms beat shorter ones ("broke down"
 * over "broke"); forms that tie are all kept, so a verb listed in two blocks (PETRARCH files
 * do that) gets the patterns of both. */
static int find_forms(const ctx *c, const vgroup *v, form_hit *hits)
{
    const parley_dict *d = c->d;
    const parley_doc *doc = c->doc;
    uint32_t end = c->s->first + c->s->ntok;
    uint32_t best = 0;
    int n = 0;
    uint32_t lo = v->first, hi = v->last + 3 < end ? v->last + 3 : end - 1;
    for (uint32_t h = lo; h <= hi; h++) {
        uint32_t wid = doc->toks[h].wid;
        if (!wid || wid > d->nwords || !d->form_head)
            continue;
        for (uint32_t fi = d->form_head[wid]; fi; fi = d->forms[fi - 1].next) {
            const verb_form *f = &d->forms[fi - 1];
            if (f->npre > h - c->s->first || h + f->npost >= end)
                continue;
            int ok = 1;
            for (uint32_t k = 0; k < f->npre && ok; k++)
                ok = doc->toks[h - f->npre + k].wid == d->form_words[f->pre_first + k];
            for (uint32_t k = 0; k < f->npost && ok; k++)
                ok = doc->toks[h + 1 + k].wid == d->form_words[f->post_first + k];
            if (!ok)
                continue;
            uint32_t first = h - f->npre, last = h + f->npost;
            /* the form must contain the group's verb, or start inside the group */
            if (!((v->verb >= first && v->verb <= last) || (first >= v->first && first <= v->last)))
                continue;
            /* TABARI dictionaries: any of their verbs in the group can be its verb, the
             * first one winning, as TABARI takes the first verb it finds ("should" in
             * "should demand"); ties are tried left to right */
            int any = d->tabari && h <= v->verb;
            if (h != v->verb && f->npre == 0 && f->npost == 0 && !any)
                continue;
            uint32_t score = (f->generated ? 0 : 1000) + (f->npre + f->npost) * 2 +
                             (d->tabari ? 0 : h == v->verb);
            if (score < best)
                continue;
            if (score > best) {
                best = score;
                n = 0;
            }
            if (n < MAX_HITS) {
                hits[n].f = f;
                hits[n].first = first;
                hits[n].last = last;
                n++;
            }
        }
    }
    return n;
}

/* ---- actor defaults --------------------------------------------------------------------- */

/* First unit in [a, b) in sentence order that is a compound or a coded phrase; failing that,
 * the first phrase of any kind (not temporal). */
static int first_unit(const ctx *c, uint32_t a, uint32_t b, unit *u, int any_fallback)
{
    int32_t fallback = -1;
    for (uint32_t t = a; t < b; t++) {
        if (c->an->deleted[t - c->s->first])
            continue;
        const nphrase *np = np_at(c, t);
        if (!np || np->temporal)
            continue;
        int32_t k = (int32_t)(np - c->an->nps);
        if (t != np->first && t > a)
            continue;
        unit_of(c, k, u);
        if ((u->n > 1 && unit_coded(c, u)) || np->has_actor)
            return 1;
        if (fallback < 0)
            fallback = k;
    }
    if (any_fallback && fallback >= 0) {
        unit_of(c, fallback, u);
        return 1;
    }
    u->n = 0;
    return 0;
}

/* The next phrase that starts at or after token *t and before b, neither set aside nor a
 * time: its index (and *t moves past its first token), or -1 when there is none. */
static int32_t next_phrase(const ctx *c, uint32_t *t, uint32_t b)
{
    for (; *t < b; ++*t) {
        if (c->an->deleted[*t - c->s->first])
            continue;
        const nphrase *np = np_at(c, *t);
        if (!np || np->temporal || *t != np->first)
            continue;
        ++*t;
        return (int32_t)(np - c->an->nps);
    }
    return -1;
}

/* The coded unit nearest before token b in [a, b): the subject of a clause that follows
 * a verb's object ("Wang told him China would ..." is China's). */
static int nearest_unit(const ctx *c, uint32_t a, uint32_t b, unit *u)
{
    int32_t best = -1, k;
    for (uint32_t t = a; (k = next_phrase(c, &t, b)) >= 0;) {
        while (k >= 0 && c->an->nps[k].merged_into >= 0)
            k = c->an->nps[k].merged_into;
        unit x;
        unit_of(c, k, &x);
        if (c->an->nps[k].has_actor || (x.n > 1 && unit_coded(c, &x)))
            best = k;
    }
    if (best < 0) {
        u->n = 0;
        return 0;
    }
    unit_of(c, best, u);
    return 1;
}

static int code_contains(const ctx *c, const unit *tgt, const unit *src)
{
    /* PETRARCH skips a target whose code contains the source's (GONGOV when the source is GON) */
    for (uint32_t i = 0; i < tgt->n; i++) {
        const nphrase *t = &c->an->nps[tgt->np[i]];
        for (uint32_t j = 0; j < src->n; j++) {
            const nphrase *s = &c->an->nps[src->np[j]];
            if (!s->ncodes || !t->ncodes || !s->has_actor)
                continue;
            /* GONGOV after GON, and RUS after RUSGOV: the same actor again. Not a force
             * within the state turning on its own country: "Wagner mercenaries (RUSMIL)
             * seized the Russian city of Rostov", "rebels (SYRREB) seized Damascus" */
            const char *sc = s->codes[0], *tc = t->codes[0];
            if (c->o->subordinate_clauses && strlen(tc) == 3 && strlen(sc) > 3 && strncmp(sc, tc, 3) == 0 &&
                strncmp(sc + 3, "GOV", 3) != 0)
                continue;
            if (strstr(tc, sc) || strncmp(sc, tc, strlen(tc)) == 0)
                return 1;
        }
    }
    return 0;
}

/* Is the phrase the object of a place preposition ("in Tokyo", "at a military base")? */
static int locative(const ctx *c, const nphrase *np)
{
    static const char *const preps[] = {"in", "at", "near", "inside", "outside", "across",
                                        "throughout", "around", "along", "within", "through", NULL};
    static wordset set = WORDSET(preps);
    uint32_t i = np->first;
    /* "near the village of Koshobe": the phrase after "of" is where its head noun is */
    for (int hops = 0; hops < 3 && i > c->s->first + 1 && tok_is_word(&c->doc->toks[i - 1], "of"); hops++) {
        const nphrase *head = np_at(c, i - 2);
        if (!head)
            return 0;
        i = head->first;
    }
    if (i == c->s->first)
        return 0;
    return tok_in(&c->doc->toks[i - 1], &set);
}

enum { TGT_NONE, TGT_CODED, TGT_LOCATIVE, TGT_NULL };

/* The target after the verb: the first coded phrase that is not the source (TGT_LOCATIVE
 * when it names a place: "arrived in Kyiv", "met in Tokyo"), else the first uncoded one. */
static int pick_target(const ctx *c, uint32_t a, uint32_t b, const unit *src, unit *u)
{
    unit null_u = {{0}, 0};
    int have_null = 0;
    int32_t k;
    for (uint32_t t = a; (k = next_phrase(c, &t, b)) >= 0;) {
        const nphrase *np = &c->an->nps[k];
        if (unit_has(src, k))
            continue;
        unit cand;
        unit_of(c, k, &cand);
        if (unit_coded(c, &cand) && !code_contains(c, &cand, src)) {
            /* "killed at least 110 farmers ... near the village of X in Nigeria": people
             * named before the place are the target, the place gives them a country */
            if (locative(c, np) && have_null && c->o->subordinate_clauses && null_u.n &&
                c->an->nps[null_u.np[0]].has_agent) {
                *u = null_u;
                return TGT_NULL;
            }
            *u = cand;
            return locative(c, np) ? TGT_LOCATIVE : TGT_CODED;
        }
        if (!have_null && !unit_coded(c, &cand)) {
            null_u = cand;
            have_null = 1;
        }
    }
    if (have_null) {
        *u = null_u;
        return TGT_NULL;
    }
    u->n = 0;
    return TGT_NONE;
}

static int pick_target_before(const ctx *c, uint32_t a, uint32_t b, const unit *src, unit *u)
{
    int32_t null_k = -1;
    for (uint32_t t = b; t-- > a;) {
        if (c->an->deleted[t - c->s->first])
            continue;
        const nphrase *np = np_at(c, t);
        if (!np || np->temporal)
            continue;
        int32_t k = (int32_t)(np - c->an->nps);
        if (unit_has(src, k))
            continue;
        if (np->has_actor && !(src->n && code_contains(c, &(unit){{k}, 1}, src))) {
            unit_of(c, k, u);
            return 1;
        }
        if (null_k < 0 && !np->pronoun)
            null_k = k;
    }
    if (null_k >= 0) {
        unit_of(c, null_k, u);
        return 1;
    }
    u->n = 0;
    return 0;
}

/* The verb group before vi that heads a clause (participles modifying nouns do not). */
static int prev_clause_vg(const sent_analysis *an, uint32_t vi)
{
    while (vi-- > 0)
        if (!an->vgs[vi].modifier)
            return (int)vi;
    return -1;
}

/* Nouns naming an attack, for "killed in an Israeli strike". */
static int attack_noun(const token *t)
{
    static const char *const heads[] = {"strike", "strikes", "airstrike", "airstrikes", "attack", "attacks",
                                        "raid", "raids", "bombing", "bombings", "bombardment", "shelling",
                                        "ambush", "assault", "offensive", "operation", NULL};
    static wordset set = WORDSET(heads);
    return tok_in(t, &set);
}

/* Nouns naming fighting between two sides, for "killed in a clash with Chinese troops". */
static int clash_noun(const token *t)
{
    static const char *const heads[] = {"clash", "clashes", "fighting", "battle", "battles", "firefight",
                                        "skirmish", "skirmishes", "gunfight", "exchange", NULL};
    static wordset set = WORDSET(heads);
    return tok_in(t, &set);
}

/* The agent of a passive verb in [a, b): a by-phrase within a few words of the verb, or
 * a coded attack it happened in ("in an Israeli strike", "during a Russian raid"). */
static int32_t passive_agent(const ctx *c, uint32_t a, uint32_t b)
{
    uint32_t sf = c->s->first;
    for (uint32_t t = a; t < b; t++) {
        if (c->an->deleted[t - sf])
            continue;
        const token *tk = &c->doc->toks[t];
        const nphrase *np = t + 1 < b ? np_at(c, t + 1) : NULL;
        if (!np || np->temporal || np->first != t + 1)
            continue;
        if (tok_is_word(tk, "by") && t < a + 6)
            return (int32_t)(np - c->an->nps);
        if (!tok_is_word(tk, "in") && !tok_is_word(tk, "during"))
            continue;
        if (np->has_actor && attack_noun(&c->doc->toks[np->head]))
            return (int32_t)(np - c->an->nps);
        /* "killed in a clash with Chinese troops": the other side of the fighting */
        uint32_t w = np->last + 1;
        if (clash_noun(&c->doc->toks[np->head]) && w + 1 < b && tok_is_word(&c->doc->toks[w], "with")) {
            const nphrase *other = np_at(c, w + 1);
            if (other && other->has_actor && other->first == w + 1)
                return (int32_t)(other - c->an->nps);
        }
    }
    return -1;
}

/* ---- events ------------------------------------------------------------------------------ */

static int dyad_ok(const ctx *c, const char *code)
{
    (void)c;
    return code && *code && strcmp(code, "---") != 0;
}

static const char *np_text(const ctx *c, int32_t k, parley_span *span)
{
    const nphrase *np = &c->an->nps[k];
    span->start = c->doc->toks[np->first].start;
    span->end = c->doc->toks[np->last].end;
    return doc_span_text(c->doc, span->start, span->end);
}

/* Do all the roles of a code (the 3-letter parts after its country) name people who
 * argue rather than fight (government, legislature, judges, opposition, elites, parties,
 * the media)? A code with no role, or with any other, does not. */
static int civilian_political(const char *code)
{
    static const char *const roles[] = {"GOV", "LEG", "JUD", "OPP", "ELI", "PTY", "MED", NULL};
    size_t n = strlen(code);
    if (n < 6 || n % 3 || strncmp(code, "IGO", 3) == 0 || strncmp(code, "IMG", 3) == 0 ||
        strncmp(code, "NGO", 3) == 0)
        return 0;
    for (size_t off = 3; off < n; off += 3) {
        int ok = 0;
        for (int r = 0; roles[r] && !ok; r++)
            ok = memcmp(code + off, roles[r], 3) == 0;
        if (!ok)
            return 0;
    }
    return 1;
}

/* "The judge clashed with ministers", "MPs bombarded the minister with questions", "the
 * chancellor targets the government": a fighting verb between people who argue, none of
 * them armed, is a verbal attack (111, criticise or denounce), not an assault or a battle.
 * Only the verbs that news uses both ways, and only when the sentence names no armed
 * actor or weapon; killing and arrests keep their codes. */
static const char *verbal_attack(const ctx *c, const char *src, const char *tgt, const char *code,
                                 const form_hit *fh)
{
    static const char *const verbs[] = {"ATTACK", "CLASH", "BATTLE", "FIGHT", "TARGET", "HIT",
                                        "BOMBARD", "BLAST", NULL};
    if (!c->o->subordinate_clauses || (strncmp(code, "18", 2) != 0 && strncmp(code, "19", 2) != 0) ||
        !civilian_political(src) || !civilian_political(tgt))
        return code;
    /* "attacked the party's offices with drones": arms anywhere in the sentence */
    static const char *const armed[] = {"MIL", "REB", "UAF", "INS", "COP", "SPY", NULL};
    for (uint32_t m = 0; m < c->an->nmentions; m++)
        for (int a = 0; armed[a]; a++)
            if (strstr(c->an->mentions[m].code, armed[a]))
                return code;
    const char *line = dict_str(c->d, fh->f->text);
    size_t n = strcspn(line, " \t[#");
    for (int v = 0; verbs[v]; v++)
        if (strlen(verbs[v]) == n && strncmp(line, verbs[v], n) == 0)
            return "111";
    return code;
}

static int emit(const ctx *c, const char *src, int32_t snp, const char *tgt, int32_t tnp,
                const char *code, const form_hit *fh, const pattern *pt)
{
    if (!code || !*code || strcmp(code, "---") == 0)
        return 0;
    /* TABARI's DEFAULT: codes stand in for a missing source or target */
    if (!dyad_ok(c, src) && c->o->default_source[0])
        src = c->o->default_source;
    if (!dyad_ok(c, tgt) && c->o->default_target[0])
        tgt = c->o->default_target;
    if (c->o->require_dyad && (!dyad_ok(c, src) || !dyad_ok(c, tgt)))
        return 0;
    if (!src || !*src)
        src = "---";
    if (!tgt || !*tgt)
        tgt = "---";
    if (strcmp(src, tgt) == 0)
        return 0;
    code = verbal_attack(c, src, tgt, code, fh);
    parley_doc *doc = c->doc;
    /* one event per (source, target, code) in a sentence */
    for (uint32_t i = 0; i < doc->nevents; i++) {
        const parley_event *e = &doc->events[i];
        if (e->sentence == (int)c->si && strcmp(e->source, src) == 0 && strcmp(e->target, tgt) == 0 &&
            strcmp(e->code, code) == 0)
            return 0;
    }
    parley_event ev;
    memset(&ev, 0, sizeof ev);
    ev.sentence = (int)c->si;
    ev.date = c->date;
    ev.date_precision = c->precision;
    ev.attribution = c->links;
    ev.nattribution = c->nlinks;
    ev.modality = c->modality;
    ev.negated = c->negated;
    ev.quotes = c->an->quotes;
    ev.nquotes = c->an->nquotes;
    ev.source = src;
    ev.target = tgt;
    ev.source_text = snp >= 0 ? np_text(c, snp, &ev.source_span) : "";
    ev.target_text = tnp >= 0 ? np_text(c, tnp, &ev.target_span) : "";
    doc_event_code(&ev, code);
    ev.sentence_span.start = c->s->start;
    ev.sentence_span.end = c->s->end;
    ev.verb_span.start = doc->toks[fh->first].start;
    ev.verb_span.end = doc->toks[fh->last].end;
    ev.verb = doc_span_text(doc, ev.verb_span.start, ev.verb_span.end);
    const parley_dict *d = c->d;
    if (pt) {
        ev.pattern = dict_str(d, pt->text);
        ev.pattern_file = d->files[pt->file];
        ev.pattern_line = (int)pt->line;
    } else {
        ev.pattern = dict_str(d, fh->f->text);
        ev.pattern_file = d->files[fh->f->file];
        ev.pattern_line = (int)fh->f->line;
    }
    return doc_add_event(doc, &ev) ? 0 : PARLEY_ENOMEM;
}

/* The country of the first place named in [a, b) with in/at/across/near ("in Nairobi"): 1
 * when found, -1 when a place is named that no dictionary knows, 0 when none is named. */
static int place_country(const ctx *c, uint32_t a, uint32_t b, char *out)
{
    out[0] = '\0';
    for (uint32_t t = a; t < b; t++) {
        const nphrase *np = np_at(c, t);
        if (!np || t != np->first || np->temporal || !(locative(c, np) || np->placed))
            continue;
        if (!np->has_actor || !np->ncodes) {
            /* "in St. Peter's Square": a place named but unknown; the clause is there */
            if ((c->doc->toks[np->head].flags & TF_CAP) && !np->placed)
                return -1;
            continue;
        }
        const char *code = np->codes[0];
        if (strlen(code) < 3 || code[0] == '-' || strncmp(code, "IGO", 3) == 0 || strncmp(code, "IMG", 3) == 0)
            continue;
        /* "outside the French embassy": an institution, not a place's country */
        if (strlen(code) > 3 && !np->placed)
            continue;
        memcpy(out, code, 3);
        out[3] = '\0';
        return 1;
    }
    return 0;
}

/* An agent with no country takes one from what the sentence says.  Protesters, police,
 * gunmen and civilians belong where the clause happens ("protesters stormed parliament in
 * Nairobi" are Kenyan), else where the sentence happens unless the clause names a place of
 * its own that no dictionary knows; an opposition or parliament that deals with a
 * government is that government's ("Yoon accused the opposition"). Courts and police are
 * not: governments criticise foreign ones. Failing all that, a wire story's agents belong
 * to the country of its dateline. Armed forces and intelligence services act
 * abroad: their country is never the place. */
static const char *fill_country(const ctx *c, const char *code, const char *other)
{
    if (strncmp(code, "---", 3) != 0 || !code[3])
        return code;
    const char *ag = code + 3;
    if (strstr(ag, "MIL") || strstr(ag, "SPY"))
        return code;
    /* the sentence's first place, looked for only now: few events need it, and the coder
     * changes no phrase in between */
    char splace[4] = "";
    const char *cc = c->place[0] ? c->place : NULL;
    if (!cc && !c->place_unknown && place_country(c, c->s->first, c->s->first + c->s->ntok, splace) > 0)
        cc = splace;
    if (!cc && other && strlen(other) >= 6 && other[0] != '-' && strncmp(other, "IGO", 3) != 0 &&
        strncmp(other, "IMG", 3) != 0 && strncmp(other + 3, "GOV", 3) == 0 &&
        (strncmp(ag, "OPP", 3) == 0 || strncmp(ag, "LEG", 3) == 0))
        cc = other;
    /* "Hezbollah rejected a government plan", "protesters demanded the government resign":
     * a government dealing with a country's own rebels, opposition or public is theirs */
    if (!cc && other && strlen(other) >= 6 && other[0] != '-' && strncmp(other, "IGO", 3) != 0 &&
        strncmp(other, "IMG", 3) != 0 && strncmp(other, "NGO", 3) != 0 && strncmp(ag, "GOV", 3) == 0 && !ag[3]) {
        static const char *const domestic[] = {"REB", "OPP", "CVL", "LAB", "PTY", "EDU", "REL", NULL};
        for (int i = 0; domestic[i] && !cc; i++)
            if (strncmp(other + 3, domestic[i], 3) == 0)
                cc = other;
    }
    /* "TOKYO, March 3 - The finance ministry said": the country the story is filed from */
    if (!cc && c->o->subordinate_clauses)
        cc = c->doc->dateline_cc;
    if (!cc)
        return code;
    char buf[64];
    snprintf(buf, sizeof buf, "%.3s%s", cc, ag);
    const char *r = arena_strdup(&c->doc->arena, buf);
    return r ? r : code;
}

/* At most n bytes of src (up to its NUL), cut to fit dst: snprintf "%.*s" without the cost
 * of a format (this runs for every event pair). */
static void copy_cut(char *dst, size_t cap, const char *src, size_t n)
{
    size_t m = strnlen(src, n);
    if (m > cap - 1)
        m = cap - 1;
    memcpy(dst, src, m);
    dst[m] = '\0';
}

/* All pairs of the two units, in the code's direction(s). */
static int emit_pairs(const ctx *c, const unit *su, const unit *tu, const char *code,
                      const form_hit *fh, const pattern *pt)
{
    char fwd[16] = "", rev[16] = "";
    const char *colon = strchr(code, ':');
    if (colon) {
        copy_cut(fwd, sizeof fwd, code, (size_t)(colon - code));
        copy_cut(rev, sizeof rev, colon + 1, SIZE_MAX);
    } else {
        copy_cut(fwd, sizeof fwd, code, SIZE_MAX);
    }
    /* members without a code are dropped when another member has one */
    int s_coded = unit_coded(c, su), t_coded = unit_coded(c, tu);
    static const char *const none = "---";
    uint32_t sn = su->n ? su->n : 1, tn = tu->n ? tu->n : 1;
    for (uint32_t i = 0; i < sn; i++) {
        int32_t sk = su->n ? su->np[i] : -1;
        const nphrase *sp = sk >= 0 ? &c->an->nps[sk] : NULL;
        if (sp && s_coded && !sp->has_actor && su->n > 1)
            continue;
        uint32_t sc = sp && sp->ncodes ? sp->ncodes : 1;
        for (uint32_t a = 0; a < sc; a++) {
            const char *sraw = sp && sp->ncodes ? sp->codes[a] : none;
            for (uint32_t j = 0; j < tn; j++) {
                int32_t tk = tu->n ? tu->np[j] : -1;
                const nphrase *tp = tk >= 0 ? &c->an->nps[tk] : NULL;
                if (tp && t_coded && !tp->has_actor && tu->n > 1)
                    continue;
                uint32_t tc = tp && tp->ncodes ? tp->ncodes : 1;
                for (uint32_t b = 0; b < tc; b++) {
                    const char *traw = tp && tp->ncodes ? tp->codes[b] : none;
                    const char *scode = fill_country(c, sraw, traw);
                    const char *tcode = fill_country(c, traw, sraw);
                    if (fwd[0] && emit(c, scode, sk, tcode, tk, fwd, fh, pt) < 0)
                        return PARLEY_ENOMEM;
                    if (rev[0] && emit(c, tcode, tk, scode, sk, rev, fh, pt) < 0)
                        return PARLEY_ENOMEM;
                }
            }
        }
    }
    return 0;
}

/* A compound slot (%): events between every two members, both ways. The members are the
 * phrases of the unit, or the codes of one phrase that stands for several ("the two
 * leaders"). */
static int emit_compound(const ctx *c, const unit *u, const char *code, const form_hit *fh,
                         const pattern *pt)
{
    if (u->n == 1) {
        const nphrase *np = &c->an->nps[u->np[0]];
        for (uint32_t i = 0; i < np->ncodes; i++)
            for (uint32_t j = 0; j < np->ncodes; j++) {
                if (i == j)
                    continue;
                char fwd[16], rev[16] = "";
                const char *colon = strchr(code, ':');
                snprintf(fwd, sizeof fwd, "%.*s", colon ? (int)(colon - code) : (int)strlen(code), code);
                if (colon)
                    snprintf(rev, sizeof rev, "%s", colon + 1);
                if (emit(c, np->codes[i], u->np[0], np->codes[j], u->np[0], fwd, fh, pt) < 0 ||
                    (rev[0] && emit(c, np->codes[j], u->np[0], np->codes[i], u->np[0], rev, fh, pt) < 0))
                    return PARLEY_ENOMEM;
            }
        return 0;
    }
    for (uint32_t i = 0; i < u->n; i++)
        for (uint32_t j = 0; j < u->n; j++) {
            if (i == j)
                continue;
            unit a = {{u->np[i]}, 1}, b = {{u->np[j]}, 1};
            if (emit_pairs(c, &a, &b, code, fh, pt) < 0)
                return PARLEY_ENOMEM;
        }
    return 0;
}

/* Conjunctions that open adverbial clauses (not complements like "that", "whether"). */
static int adverbial(const token *t)
{
    static const char *const words[] = {"after", "before", "as", "when", "while", "because", "since",
                                        "although", "though", "until", "unless", "once", "whereas",
                                        "whilst", NULL};
    static wordset set = WORDSET(words);
    return tok_in(t, &set);
}

/* Verbs that report speech or belief: their complement clause carries the event. */
static int reporting_verb(const ctx *c, const vgroup *v)
{
    return lex_reporting(&c->doc->toks[v->verb]) != NULL;
}

/* Does v's object position hold a finite clause of its own ("said that X would do Y",
 * "said X had done Y")? The next verb group must be nested one level down, finite, with a
 * subject of its own between the two verbs and no relative pronoun. */
static int has_complement(const ctx *c, uint32_t vi)
{
    const vgroup *v = &c->an->vgs[vi];
    if (vi + 1 >= c->an->nvgs)
        return 0;
    const vgroup *w = &c->an->vgs[vi + 1];
    if (w->first >= v->vp_end || w->depth != v->depth + 1 || !w->finite)
        return 0;
    int subject = 0;
    for (uint32_t t = v->last + 1; t < w->first; t++) {
        if (c->an->deleted[t - c->s->first])
            continue;
        const token *tk = &c->doc->toks[t];
        if ((tk->tag & T_WH) && !tok_is_word(tk, "that"))
            return 0;
        const nphrase *np = np_at(c, t);
        if (np && !np->temporal)
            subject = 1;
    }
    return subject;
}

/* The word ids present in a verb's sequences, as a small open-addressing set: a pattern
 * whose words are not all here is skipped without scanning (Phoenix blocks hold hundreds
 * of patterns). Id 0 (a word no dictionary has) marks a free slot and is kept aside. */
#define PRESENT_SLOTS (4 * MAX_SEQ)   /* a power of two, at least twice 2 * MAX_SEQ */

typedef struct word_set {
    uint32_t mask;
    int zero;                         /* id 0 is present */
    uint32_t slot[PRESENT_SLOTS];
} word_set;

static inline uint32_t word_slot(uint32_t wid, uint32_t mask)
{
    return (wid * 0x9e3779b1u >> 7) & mask;
}

/* Makes the set of the n ids (a table at least twice as large as n, so probes stay short). */
static void word_set_fill(word_set *ws, const uint32_t *wids, uint32_t n)
{
    uint32_t cap = 16;
    while (cap < 2 * n)
        cap *= 2;
    ws->mask = cap - 1;
    memset(ws->slot, 0, sizeof ws->slot[0] * cap);
    ws->zero = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t w = wids[i];
        if (!w) {
            ws->zero = 1;
            continue;
        }
        uint32_t k = word_slot(w, ws->mask);
        while (ws->slot[k] && ws->slot[k] != w)
            k = (k + 1) & ws->mask;
        ws->slot[k] = w;
    }
}

static inline int word_set_has(const word_set *ws, uint32_t w)
{
    if (!w)
        return ws->zero;
    for (uint32_t k = word_slot(w, ws->mask);; k = (k + 1) & ws->mask) {
        if (ws->slot[k] == w)
            return 1;
        if (!ws->slot[k])
            return 0;
    }
}

/* Are all the plain words of pattern pt in the set? */
static int words_present(const parley_dict *d, const pattern *pt, const word_set *present)
{
    const pat_elem *e = d->elems + pt->upper_first;
    uint32_t total = pt->nupper + pt->nlower;
    for (uint32_t i = 0; i < total; i++) {
        /* upper and lower elements are stored one after the other */
        if (e[i].type != PE_WORD)
            continue;
        if (!word_set_has(present, e[i].arg))
            return 0;
    }
    return 1;
}

/* The attribution chain and modality of the events of verb group vi. */
static int provenance(ctx *c, uint32_t vi, uint32_t own_end)
{
    parley_doc *doc = c->doc;
    const sent_analysis *an = c->an;
    const vgroup *v = &an->vgs[vi];
    parley_link chain[16];
    uint32_t n = 0;
    if (doc->source && *doc->source)
        chain[n++] = (parley_link){doc->source, "", "published"};
    for (uint32_t i = 0; i < an->nlinks && n < 16; i++)
        chain[n++] = an->links[i];
    int modality = PARLEY_MOD_ASSERTED;
    /* reporting verbs whose complement holds this verb: "X said (that) ..." */
    for (uint32_t w = 0; w < vi && n < 16; w++) {
        const vgroup *r = &an->vgs[w];
        if (v->first >= r->vp_end || v->depth <= r->depth || !reporting_verb(c, r) || !has_complement(c, w))
            continue;
        unit su;
        if (!first_unit(c, r->upper_start, r->first, &su, 1) || !su.n)
            continue;
        const char *rel = attrib_relation(&doc->toks[r->verb]);
        if (attrib_link_of(doc, c->s, &an->nps[su.np[0]], rel ? rel : "said", &chain[n]) < 0)
            return PARLEY_ENOMEM;
        n++;
        if (rel && strcmp(rel, "denied") == 0)
            modality = PARLEY_MOD_DENIED;
        else if (rel && (strcmp(rel, "claimed") == 0 || strcmp(rel, "alleged") == 0))
            modality = PARLEY_MOD_CLAIMED;
    }
    if (modality == PARLEY_MOD_ASSERTED) {
        uint32_t sf = c->s->first;
        for (uint32_t t = v->upper_start; t < own_end; t++) {
            const token *tk = &doc->toks[t];
            if (tok_is_word(tk, "reportedly") || tok_is_word(tk, "allegedly") || tok_is_word(tk, "purportedly"))
                modality = PARLEY_MOD_CLAIMED;
        }
        /* the clause opens with if/unless: hypothetical */
        int pv = prev_clause_vg(an, vi);
        uint32_t cs = pv >= 0 ? an->vgs[pv].last + 1 : sf;
        for (uint32_t t = cs; t < v->first; t++)
            if (tok_is_word(&doc->toks[t], "if") || tok_is_word(&doc->toks[t], "unless"))
                modality = PARLEY_MOD_HYPOTHETICAL;
        int reported_speech = n > (uint32_t)(doc->source && *doc->source) + an->nlinks;
        if (modality == PARLEY_MOD_ASSERTED) {
            /* "X said Y would attack": the future of reported speech, not a hypothesis */
            const token *md = NULL;
            for (uint32_t t = v->first; t <= v->verb; t++)
                if (doc->toks[t].tag & T_MD)
                    md = &doc->toks[t];
            if (v->future || (md && reported_speech && tok_is_word(md, "would")))
                modality = PARLEY_MOD_FUTURE;
            else if (v->modal)
                modality = PARLEY_MOD_HYPOTHETICAL;
            else if (v->first >= sf + 2 && tok_is_word(&doc->toks[v->first], "to")) {
                const token *p = &doc->toks[v->first - 1];
                if (tok_is_word(p, "plans") || tok_is_word(p, "plan") || tok_is_word(p, "planned") ||
                    tok_is_word(p, "intends") || tok_is_word(p, "expected") || tok_is_word(p, "set") ||
                    tok_is_word(p, "due") || tok_is_word(p, "is") || tok_is_word(p, "are"))
                    modality = PARLEY_MOD_FUTURE;
            }
        }
        uint32_t outlet = doc->source && *doc->source;
        if (modality == PARLEY_MOD_ASSERTED && n > outlet)
            modality = PARLEY_MOD_REPORTED;
    }
    c->modality = modality;
    c->links = NULL;
    c->nlinks = n;
    if (n) {
        parley_link *l = arena_alloc(&doc->arena, sizeof *l * n);
        if (!l)
            return PARLEY_ENOMEM;
        memcpy(l, chain, sizeof *l * n);
        c->links = l;
    }
    return 0;
}

/* What the dictionary makes of verb group vi: its form, the pattern that matched (NULL
 * for the default code) with its bindings, and the code (offset+1, 0 = none). Returns 0
 * when the verb is in no dictionary. */
typedef struct choice {
    form_hit fh;
    const pattern *hit;
    binding bind;
    uint32_t code_off;
} choice;

/* The noun a relative clause is about: the phrase before its pronoun ("Taipei, which"),
 * the whole phrase when the pronoun follows a merged part ("the head of the agency, who"). */
static int32_t antecedent(const ctx *c, const vgroup *v)
{
    uint32_t sf = c->s->first;
    uint32_t t = v->sub_at;
    if (t <= sf)
        return -1;
    t--;
    if (tok_is(&c->doc->toks[t], ",") && t > sf)
        t--;
    int32_t k = c->an->np_of[t - sf];
    while (k >= 0 && c->an->nps[k].merged_into >= 0)
        k = c->an->nps[k].merged_into;
    if (k < 0 || c->an->nps[k].temporal)
        return -1;
    return k;
}

/* Where a verb's own words end: its phrase, up to the first subordinate clause nested in
 * it ("..., as its warplanes pounded Gaza" has actors of its own) or participle clause
 * (", threatening to call off the ceasefire" is an event of its own). A relative clause
 * stays in: "rejecting any deal that would cede territory to Russia" is about Russia. PETRARCH's reading
 * (subordinate_clauses=false) keeps the whole phrase. */
static uint32_t own_scope(const ctx *c, uint32_t vi)
{
    const sent_analysis *an = c->an;
    const vgroup *v = &an->vgs[vi];
    if (!c->o->subordinate_clauses)
        return v->vp_end;
    for (uint32_t w = vi + 1; w < an->nvgs && an->vgs[w].first < v->vp_end; w++)
        if (an->vgs[w].depth > v->depth && an->vgs[w].subclause &&
            (adverbial(&c->doc->toks[an->vgs[w].sub_at]) || tok_is(&c->doc->toks[an->vgs[w].sub_at], ",")))
            return an->vgs[w].sub_at;
    return v->vp_end;
}

static int choose(const ctx *c, uint32_t vi, choice *ch)
{
    const parley_dict *d = c->d;
    const sent_analysis *an = c->an;
    const vgroup *v = &an->vgs[vi];
    form_hit hits[MAX_HITS];
    int nhits = find_forms(c, v, hits);
    ch->fh = (form_hit){NULL, 0, 0}; /* no form: see code_vg's pre */
    if (!nhits)
        return 0;
    ch->fh = hits[0];
    ch->hit = NULL;
    ch->bind = (binding){-1, -1, -1, 0};
    ch->code_off = 0;
    uint32_t sf = c->s->first;
    /* sequences: upper reversed from the verb, lower forward to the end of the phrase */
    uint32_t upper[MAX_SEQ], lower[MAX_SEQ], nu = 0, nl = 0;
    for (uint32_t t = ch->fh.first; t-- > v->upper_start && nu < MAX_SEQ;)
        if (!an->deleted[t - sf])
            upper[nu++] = t;
    uint32_t scope = own_scope(c, vi);
    for (uint32_t t = ch->fh.last + 1; t < scope && nl < MAX_SEQ; t++)
        if (!an->deleted[t - sf])
            lower[nl++] = t;
    /* the words present, for words_present() */
    uint32_t wids[2 * MAX_SEQ];
    uint32_t np = 0;
    for (uint32_t i = 0; i < nu; i++)
        wids[np++] = c->doc->toks[upper[i]].wid;
    for (uint32_t i = 0; i < nl; i++)
        wids[np++] = c->doc->toks[lower[i]].wid;
    word_set present;
    word_set_fill(&present, wids, np);
    for (int h = 0; h < nhits && !ch->hit; h++) {
        const verb_block *blk = &d->blocks[hits[h].f->block];
        for (uint32_t p = 0; p < blk->npat; p++) {
            const pattern *pt = &d->patterns[blk->pat_first + p];
            if (!words_present(d, pt, &present))
                continue;
            binding b = {-1, -1, -1, 0};
            if (match_side(c, d->elems + pt->upper_first, pt->nupper, upper, nu, 1, &b) &&
                match_side(c, d->elems + pt->lower_first, pt->nlower, lower, nl, 0, &b)) {
                ch->hit = pt;
                ch->bind = b;
                ch->fh = hits[h];
                break;
            }
        }
    }
    if (ch->hit) {
        ch->code_off = ch->hit->code;
    } else {
        for (int h = 0; h < nhits && !ch->code_off; h++) {
            const verb_form *f = hits[h].f;
            uint32_t off = f->code ? f->code : d->blocks[f->block].code;
            if (off && strcmp(dict_str(d, off - 1), "---") != 0) {
                ch->code_off = off;
                ch->fh = hits[h];
            }
        }
    }
    return 1;
}

/* TABARI codes clause by clause, a clause ending at a conjunction: the source of verb vi
 * is the first actor after the last and/but/or between the previous verb group and it.
 * Returns 0 when there is no such conjunction or no actor after it. */
static int tabari_clause_source(const ctx *c, uint32_t vi, uint32_t verb_first, unit *su)
{
    const sent_analysis *an = c->an;
    const vgroup *v = &an->vgs[vi];
    if (vi == 0)
        return 0;
    uint32_t from = an->vgs[vi - 1].last + 1, conj = 0;
    if (from < v->upper_start)
        from = v->upper_start;
    for (uint32_t t = from; t < verb_first; t++)
        if (!an->deleted[t - c->s->first] && (c->doc->toks[t].tag & T_CC))
            conj = t + 1;
    return conj && first_unit(c, conj, verb_first, su, 0);
}

/* The subject of verb group vi, whose verb starts at token vt: the relative pronoun's noun
 * ("Taipei, which accused"), a coordinated verb's sibling's subject ("police arrived and
 * arrested them"), a participle adjunct's governing verb's subject (", taking staff
 * hostage"), a nested clause's own subject ("Norway said Latvia would condemn Estonia" is
 * Latvia's act; PETRARCH took the first actor back to the comma), else the first actor
 * back to the comma, else further back ("Kim Yo Jong, the powerful sister of ..., said"). */
static void clause_source(const ctx *c, uint32_t vi, uint32_t vt, int target_bound, unit *su, int hops)
{
    const sent_analysis *an = c->an;
    const vgroup *v = &an->vgs[vi];
    const parley_dict *d = c->d;
    uint32_t sf = c->s->first;
    su->n = 0;
    if (!d->tabari && c->o->subordinate_clauses && hops < 4) {
        if (v->coord) {
            const vgroup *w = &an->vgs[v->coord - 1];
            clause_source(c, v->coord - 1, w->first, 0, su, hops + 1);
            if (su->n)
                return;
        }
        /* an infinitive's subject: the object of the verb it depends on when there is one
         * ("asked Finland to restore ties"), else that verb's subject ("the sides had
         * agreed to restore ties") */
        if (!v->finite && !v->subclause && v->depth > 0 && (c->doc->toks[v->first].tag & T_TO)) {
            for (uint32_t g = vi; g-- > 0;)
                if (an->vgs[g].depth < v->depth && !an->vgs[g].modifier) {
                    if (first_unit(c, an->vgs[g].last + 1, v->first, su, 0) && su->n)
                        return;
                    clause_source(c, g, an->vgs[g].first, 0, su, hops + 1);
                    if (su->n)
                        return;
                    break;
                }
        }
        if (v->subclause && !v->finite && !v->relative) {
            /* after a comma the participle belongs to the main clause ("X said that Y
             * would not ..., rejecting any deal" is X's rejection); after "after" or
             * "before" to the clause it follows */
            int main_clause = tok_is(&c->doc->toks[v->sub_at], ",");
            for (uint32_t g = vi; g-- > 0;)
                if (an->vgs[g].depth < v->depth && !an->vgs[g].modifier && (!main_clause || an->vgs[g].depth == 0)) {
                    clause_source(c, g, an->vgs[g].first, 0, su, hops + 1);
                    if (su->n)
                        return;
                    break;
                }
        }
    }
    int pv = prev_clause_vg(an, vi);
    uint32_t clause_start = pv >= 0 ? an->vgs[pv].last + 1 : v->upper_start;
    /* "Putin told Xi that he welcomed": the clause begins after its "that"; "..., taking
     * staff hostage before police arrived": after its subordinator */
    for (uint32_t t = clause_start; t < vt; t++)
        if (tok_is(&c->doc->toks[t], "that") && (c->doc->toks[t].tag & (T_SUB | T_WH)))
            clause_start = t + 1;
    if (c->o->subordinate_clauses && v->subclause && v->finite && !v->relative && v->sub_at >= clause_start &&
        v->sub_at < vt)
        clause_start = v->sub_at + 1;
    int32_t ante = v->relative ? antecedent(c, v) : -1;
    if (ante >= 0)
        unit_of(c, ante, su);
    else if (!d->tabari && !target_bound && pv >= 0 && v->finite && v->depth > an->vgs[pv].depth &&
             clause_start > v->upper_start && nearest_unit(c, clause_start, vt, su))
        ;
    else if (d->tabari && tabari_clause_source(c, vi, vt, su))
        ; /* TABARI: the clause begins at the conjunction before it ("... but Dagolath promised") */
    else if (!first_unit(c, v->upper_start, vt, su, 1))
        first_unit(c, sf, vt, su, 0);
}

/* Codes verb group vi. pre: what choose() gave for it already (the coder asks it of a
 * reporting verb before deciding to defer it; choose reads only what the syntax stage
 * built, so the answer stands), or NULL. */
static int code_vg(ctx *c, uint32_t vi, const choice *pre, int *coded)
{
    const parley_dict *d = c->d;
    sent_analysis *an = c->an;
    const vgroup *v = &an->vgs[vi];
    *coded = 0;
    vgroup *vw = &an->vgs[vi];
    vw->source_np = vw->target_np = -1;
    choice ch;
    if (pre)
        ch = *pre;
    if (pre ? !ch.fh.f : !choose(c, vi, &ch)) {
        vw->outcome = VG_NOVERB;
        return 0;
    }
    form_hit fh = ch.fh;
    const pattern *hit = ch.hit;
    binding bind = ch.bind;
    uint32_t code_off = ch.code_off;
    uint32_t sf = c->s->first;
    const char *code = code_off ? dict_str(d, code_off - 1) : "---";
    vw->form = (uint32_t)(fh.f - d->forms) + 1;
    vw->pattern = hit ? (uint32_t)(hit - d->patterns) + 1 : 0;
    vw->code = code;
    if (strcmp(code, "---") == 0) {
        vw->outcome = VG_NOCODE;
        return 0; /* no event: the verb does not cover its phrase */
    }
    *coded = 1;
    vw->outcome = VG_CODED;

    /* the event's date: from the verb's own clause, not from clauses nested in it */
    int pv = prev_clause_vg(an, vi);
    uint32_t own_end = v->vp_end, cs = pv >= 0 ? an->vgs[pv].last + 1 : sf;
    for (uint32_t w = vi + 1; w < an->nvgs; w++)
        if (an->vgs[w].first < v->vp_end && an->vgs[w].depth > v->depth && !an->vgs[w].modifier) {
            own_end = an->vgs[w].first;
            break;
        }
    dates_for_clause(c->doc, c->s, v->upper_start, cs, v->verb, own_end, v->future, c->doc->anchor,
                     &c->date, &c->precision);
    if (provenance(c, vi, own_end) < 0)
        return PARLEY_ENOMEM;
    /* "did not meet": dropped unless asked for, and unless a pattern coded the negation */
    c->negated = v->negated && !bind.neg;
    if (c->negated && !c->o->keep_negated) {
        vw->outcome = VG_NEGATED;
        return 0;
    }

    if (bind.compound >= 0) {
        unit u;
        unit_of(c, bind.compound, &u);
        return emit_compound(c, &u, code, &fh, hit);
    }
    unit su = {{0}, 0}, tu = {{0}, 0};
    if (bind.source >= 0)
        unit_of(c, bind.source, &su);
    else
        clause_source(c, vi, fh.first, bind.target >= 0, &su, 0);
    if (bind.target >= 0) {
        unit_of(c, bind.target, &tu);
    } else if (bind.source >= 0 && an->nps[bind.source].first > fh.last && !d->tabari &&
               c->o->subordinate_clauses) {
        /* the pattern found the source after the verb ("..., drawing criticism from
         * Israel"): the one the verb's subject is, is the target */
        clause_source(c, vi, fh.first, 0, &tu, 0);
    } else {
        int kind = pick_target(c, fh.last + 1, own_scope(c, vi), &su, &tu);
        /* a protest "in Helsinki" is not against Helsinki: the place is no target; one
         * "outside the French embassy" is against France */
        if (kind == TGT_LOCATIVE && strncmp(code, "14", 2) == 0 && tu.n &&
            strlen(an->nps[tu.np[0]].ncodes ? an->nps[tu.np[0]].codes[0] : "") <= 3)
            kind = TGT_NONE, tu.n = 0;
        /* a place is no one to say something to: "..., he told a news conference in Tokyo" */
        if (kind == TGT_LOCATIVE && reporting_verb(c, v))
            kind = TGT_NONE, tu.n = 0;
        if (kind != TGT_CODED) {
            /* "Gondor and Osgiliath renewed ties": a compound subject of a two-way code with
             * no other party acts on itself, both ways */
            int several = su.n > 1 || (su.n == 1 && c->an->nps[su.np[0]].ncodes > 1);
            /* cooperation with no one else named is with each other: "Biden and Xi ...
             * agreed to resume communications" */
            int together = strchr(code, ':') ||
                           (!c->d->tabari && (strncmp(code, "03", 2) == 0 || strncmp(code, "04", 2) == 0 ||
                                              strncmp(code, "05", 2) == 0 || strncmp(code, "06", 2) == 0));
            if (several && together && unit_coded(c, &su))
                return emit_compound(c, &su, code, &fh, hit);
            /* PETRARCH looks before the verb for a target; an adjunct's words before it
             * are the main clause's ("... executed civilians near Kyiv before withdrawing") */
            if (kind == TGT_NONE && !(v->subclause && !v->finite && c->o->subordinate_clauses)) {
                /* a reported clause looks back no further than its own start: "A British
                 * source said today Iran had test-fired missiles" is not against Britain */
                uint32_t from = v->upper_start;
                int pvc = prev_clause_vg(an, vi);
                if (c->o->subordinate_clauses && v->depth > 0 && pvc >= 0 && an->vgs[pvc].last + 1 > from)
                    from = an->vgs[pvc].last + 1;
                pick_target_before(c, from, fh.first, &su, &tu);
            }
        }
    }
    vw->source_np = su.n == 1 ? su.np[0] : su.n ? c->an->nps[su.np[0]].compound : -1;
    vw->target_np = tu.n == 1 ? tu.np[0] : tu.n ? c->an->nps[tu.np[0]].compound : -1;
    /* passive: the subject undergoes. The agent is the by-phrase right after the verb
     * ("was detained by police") or the attack it died in ("was killed in an Israeli
     * strike"); with neither, the actor is unknown ("Five Americans were freed"). */
    if ((v->passive || v->modifier) && bind.source < 0 && bind.target < 0 && c->o->subordinate_clauses) {
        int32_t agent = passive_agent(c, fh.last + 1, own_end);
        unit subj = su;
        su.n = 0;
        if (agent >= 0)
            unit_of(c, agent, &su);
        tu = subj;
        vw->target_np = vw->source_np;
        vw->source_np = agent;
    } else if (v->passive && bind.source < 0 && bind.target < 0) {
        /* PETRARCH's reading: only a by-phrase right after the verb turns it around */
        for (uint32_t t = fh.last + 1; t < own_end && t < fh.last + 6; t++) {
            if (an->deleted[t - sf] || !tok_is_word(&c->doc->toks[t], "by"))
                continue;
            const nphrase *agent = t + 1 < own_end ? np_at(c, t + 1) : NULL;
            if (agent && !agent->temporal) {
                unit subj = su;
                unit_of(c, (int32_t)(agent - an->nps), &su);
                tu = subj;
                int32_t x = vw->source_np;
                vw->source_np = (int32_t)(agent - an->nps);
                vw->target_np = x;
            }
            break;
        }
    }
    /* TABARI's DEFAULT: without PRIOR a missing source is looked for after the verb first
     * (the first actor there is the source, the rest the target); without AFTER a missing
     * target is looked for in a compound source (its members after the first) */
    if (c->o->default_source[0] && !c->o->default_prior && !unit_coded(c, &su) && unit_coded(c, &tu)) {
        su.np[0] = tu.np[0];
        su.n = 1;
        memmove(tu.np, tu.np + 1, sizeof tu.np[0] * --tu.n);
    } else if (c->o->default_target[0] && !c->o->default_after && !unit_coded(c, &tu) && su.n > 1 &&
               unit_coded(c, &su)) {
        tu.n = su.n - 1;
        memcpy(tu.np, su.np + 1, sizeof tu.np[0] * tu.n);
        su.n = 1;
    }
    c->place_unknown = place_country(c, v->upper_start, own_end, c->place) < 0;
    /* Protest (CAMEO root 14) happens where it is: "tens of thousands of people rallied in
     * Belgrade" is the public of that country protesting to its government, though neither
     * is named as an actor. */
    if (strncmp(code, "14", 2) == 0 && c->place[0]) {
        int src_coded = unit_coded(c, &su), tgt_coded = unit_coded(c, &tu);
        if (!src_coded || !tgt_coded) {
            char s3[8], t3[8];
            snprintf(s3, sizeof s3, "%sCVL", c->place);
            snprintf(t3, sizeof t3, "%sGOV", c->place);
            const char *scode = src_coded ? NULL : arena_strdup(&c->doc->arena, s3);
            const char *tcode = tgt_coded ? NULL : arena_strdup(&c->doc->arena, t3);
            if (!src_coded && !tgt_coded)
                return emit(c, scode, su.n ? su.np[0] : -1, tcode, tu.n ? tu.np[0] : -1, code, &fh, hit);
            if (!src_coded) {
                for (uint32_t j = 0; j < tu.n; j++) {
                    const nphrase *tp = &an->nps[tu.np[j]];
                    for (uint32_t b = 0; b < tp->ncodes; b++)
                        if (emit(c, scode, su.n ? su.np[0] : -1, fill_country(c, tp->codes[b], NULL), tu.np[j], code, &fh,
                                 hit) < 0)
                            return PARLEY_ENOMEM;
                }
                return 0;
            }
            for (uint32_t i = 0; i < su.n; i++) {
                const nphrase *sp = &an->nps[su.np[i]];
                for (uint32_t a = 0; a < sp->ncodes; a++)
                    if (emit(c, fill_country(c, sp->codes[a], NULL), su.np[i], tcode, -1, code, &fh, hit) < 0)
                        return PARLEY_ENOMEM;
            }
            return 0;
        }
    }
    return emit_pairs(c, &su, &tu, code, &fh, hit);
}

typedef struct deferred {
    uint32_t vi;
    uint32_t events;      /* document events before its complement was coded */
    uint32_t end;         /* its verb phrase's end */
    int elaborates;       /* ", saying ..." after a clause that already gave an event */
    choice ch;            /* choose()'s answer for it */
} deferred;

/* A reporting verb with a complement is coded after it, and only if the complement gave
 * no event: "Pyongyang said it would reject talks" is a rejection, not a statement. */
static int flush_deferred(ctx *c, deferred *q, uint32_t *nq, uint32_t upto)
{
    while (*nq && q[*nq - 1].end <= upto) {
        deferred d = q[--*nq];
        if (c->doc->nevents != d.events || d.elaborates) {
            c->an->vgs[d.vi].outcome = VG_DEFERRED;
            continue;
        }
        int coded;
        if (code_vg(c, d.vi, &d.ch, &coded) < 0)
            return PARLEY_ENOMEM;
    }
    return 0;
}

int coder_sentence(const parley_dict *d, const parley_options *o, parley_doc *doc, uint32_t si)
{
    sentence *s = &doc->sents[si];
    ctx c = {d, o, doc, s, s->an, si, doc->date, PARLEY_DATE_APPROX, NULL, 0, 0, false, "", 0};
    /* a question asserts nothing: "Will Beijing retaliate?" */
    if (s->ntok && tok_is(&doc->toks[s->first + s->ntok - 1], "?"))
        return 0;
    /* Every event takes its parties' codes from the sentence's phrases (a protest's from
     * the country of a coded place): with none coded, and no default code to stand in,
     * no verb can give one. Nearly half of news sentences name no actor; the pattern
     * matching of their verbs was a twentieth of the time. (parley_explain shows every
     * verb's reading: options->trace.) */
    if (!o->trace && !o->default_source[0] && !o->default_target[0]) {
        int coded = 0;
        for (uint32_t k = 0; k < s->an->nnps && !coded; k++)
            coded = s->an->nps[k].ncodes || s->an->nps[k].has_actor;
        if (!coded)
            return 0;
    }
    /* coded verb phrases that cover the verbs nested in them, innermost last */
    struct cover {
        uint32_t first, end;
        int depth;
    } cov[32];
    uint32_t ncov = 0;
    deferred q[16];
    uint32_t nq = 0;
    for (uint32_t vi = 0; vi < s->an->nvgs; vi++) {
        const vgroup *v = &s->an->vgs[vi];
        if (flush_deferred(&c, q, &nq, v->first) < 0)
            return PARLEY_ENOMEM;
        while (ncov && cov[ncov - 1].end <= v->first)
            ncov--;
        /* a participle modifying a noun ("soldiers freed from Estonia") codes its own
         * event but covers nothing after it: the clause's verb comes next */
        if (v->modifier) {
            int coded;
            if (code_vg(&c, vi, NULL, &coded) < 0)
                return PARLEY_ENOMEM;
            continue;
        }
        /* verbs nested in a coded phrase are part of its event ("urged X to release Y"),
         * except subordinate clauses that tell events of their own, and the complement of
         * a reporting verb inside such a clause ("..., hours after Hamas said it had
         * accepted a ceasefire proposal") */
        if (ncov && v->depth > cov[ncov - 1].depth && !(v->subclause && o->subordinate_clauses)) {
            const vgroup *r = nq ? &s->an->vgs[q[nq - 1].vi] : NULL;
            int complement = r && r->first > cov[ncov - 1].first && v->first < q[nq - 1].end &&
                             v->depth == r->depth + 1;
            if (!complement)
                continue;
        }
        /* a reporting verb whose own pattern matched ("said X must ...": a demand) codes
         * like any verb; one with only its default code yields to its complement */
        choice ch;
        const choice *pre = NULL;
        if (nq < 16 && reporting_verb(&c, v) && has_complement(&c, vi)) {
            choose(&c, vi, &ch);
            pre = &ch;
            if (!(ch.fh.f && ch.hit && ch.code_off)) {
                /* "X appealed to Y ..., saying ...": the participle elaborates an event
                 * the sentence already has; it is no statement of its own */
                int elaborates = v->subclause && v->first == v->verb && (doc->toks[v->verb].tag & T_VBG) &&
                                 doc->nevents && doc->events[doc->nevents - 1].sentence == (int)si;
                q[nq++] = (deferred){vi, doc->nevents, v->vp_end, elaborates, ch};
                continue;
            }
        }
        int coded;
        if (code_vg(&c, vi, pre, &coded) < 0)
            return PARLEY_ENOMEM;
        if (coded && ncov < 32)
            cov[ncov++] = (struct cover){v->first, v->vp_end, v->depth};
    }
    return flush_deferred(&c, q, &nq, UINT32_MAX);
}
