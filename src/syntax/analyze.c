/* analyze.c - the sentence structure the coder reads: comma rules, noun-phrase units
 * with composed codes, compounds, verb groups and the extent of each verb phrase.
 *
 * This rebuilds, from word classes alone, what PETRARCH took from a constituency parse:
 *  - noun-phrase units ("NEs"): determiners, adjectives and nouns around a head, with a
 *    possessive joining two ("Gondor's government"), and an uncoded phrase joined to a
 *    coded one by of/from/in ("soldiers from Gondor", "the ambassadors of Arnor");
 *  - compounds: units joined by and/or and commas ("Mordor, Rohan and Bree");
 *  - verb groups with a clause depth: a verb after a subordinator, a to-infinitive or a
 *    participle is nested in the verb before it; one after "and" with no subject of its
 *    own is coordinated with the earlier verb of the same tense; a finite verb after a
 *    comma and a new subject starts a new clause. A verb phrase runs until the next verb
 *    group at the same or a shallower depth. */
#include <string.h>

#include "../base/wordset.h"
#include "../lex/lexicon.h"
#include "syntax.h"

#define NP_TAGS (T_DT | T_PRPS | T_CD | T_JJ | T_NN | T_NNS | T_TITLE | T_MONTH | T_WEEKDAY)

static int is_comma(const token *t)
{
    return (t->flags & TF_PUNCT) && (tok_is(t, ",") || tok_is(t, ";") || tok_is(t, "-") ||
                                     tok_is(t, ":"));
}

static int alpha_word(const token *t)
{
    if (t->flags & (TF_PUNCT | TF_CLITIC))
        return 0;
    unsigned char c = (unsigned char)t->norm[0];
    return (c >= 'a' && c <= 'z') || c >= 0x80;
}

/* ---- comma rules ---------------------------------------------------------------------- */

static int words_in(const parley_doc *doc, uint32_t a, uint32_t b)
{
    int n = 0;
    for (uint32_t i = a; i < b; i++)
        n += alpha_word(&doc->toks[i]);
    return n;
}

static int has_tag(const parley_doc *doc, uint32_t a, uint32_t b, uint32_t tags)
{
    for (uint32_t i = a; i < b; i++)
        if (doc->toks[i].tag & tags)
            return 1;
    return 0;
}

/* A comma span that is a member of a list ("Mordor, the Shire, Fornost and Bree") is not a
 * parenthetical: the list goes on after the closing comma with a noun phrase and a
 * conjunction, or with the conjunction itself. */
static int list_member(const parley_doc *doc, uint32_t close, uint32_t end)
{
    uint32_t j = close + 1;
    if (j < end && (doc->toks[j].tag & T_CC) && !tok_is(&doc->toks[j], "but"))
        return 1;
    for (; j < end && j < close + 8; j++) {
        const token *t = &doc->toks[j];
        if (t->tag & T_CC)
            return !tok_is(t, "but");
        if (is_comma(t))
            return 1;
        if (!(t->tag & NP_TAGS) && !(t->tag & T_POS))
            return 0;
    }
    return 0;
}

/* Would a verb remain if tokens [a, b) were set aside? A span holding the sentence's only
 * verb is part of the main clause, not a parenthetical. */
static int verb_outside(const parley_doc *doc, const sent_analysis *an, uint32_t first, uint32_t last,
                        uint32_t a, uint32_t b)
{
    for (uint32_t i = first; i < last; i++) {
        if ((i >= a && i < b) || an->deleted[i - first])
            continue;
        if (doc->toks[i].tag & (T_VBD | T_VBZ | T_VBP | T_MD))
            return 1;
    }
    return 0;
}

/* A clause that opens with noun phrases joined by commas and a conjunction continues a
 * list begun before the comma ("... ties with Mordor, Rohan, Fornost and Bree after ..."). */
static int np_list(const parley_doc *doc, uint32_t a, uint32_t b)
{
    int nouns = 0;
    for (uint32_t i = a; i < b; i++) {
        const token *t = &doc->toks[i];
        if (t->tag & T_CC)
            return nouns > 0 && i + 1 < b && (doc->toks[i + 1].tag & NP_TAGS);
        if (t->tag & (NP_TAGS | T_POS))
            nouns++;
        else if (!tok_is(t, ","))
            return 0;
    }
    return 0;
}

/* ", Norway would condemn Chile": a clause with a finite verb that does not report is a
 * clause of its own, not an attribution or appositive to set aside. */
static int own_clause(const parley_doc *doc, uint32_t a, uint32_t b)
{
    int finite = 0;
    for (uint32_t i = a; i < b; i++) {
        const token *t = &doc->toks[i];
        if (lex_reporting(t))
            return 0;
        if (t->tag & (T_VBD | T_VBZ | T_VBP | T_MD))
            finite = 1;
    }
    return finite;
}

/* Can the span between two commas be set aside? An appositive (no finite verb), a relative
 * or adverbial clause (", who ...,", ", when ...,") or an attribution (", officials said,")
 * can; ", condemned the attack," continues the main clause and cannot. */
static int parenthetical(const parley_doc *doc, uint32_t a, uint32_t b)
{
    if (a < b && (doc->toks[a].tag & (T_WH | T_SUB)))
        return 1;
    return !own_clause(doc, a, b);
}

/* ", a day after Peru condemned Chile": a subordinate clause with a verb of its own is an
 * event of its own, not an attribution to set aside. */
static int adverbial_clause(const parley_doc *doc, uint32_t a, uint32_t b)
{
    for (uint32_t i = a; i < b; i++) {
        const token *t = &doc->toks[i];
        if ((t->tags & T_SUB) && (t->tag & (T_SUB | T_IN)) && !tok_is(t, "that"))
            return has_tag(doc, i + 1, b, T_VBD | T_VBZ | T_VBP | T_MD);
    }
    return 0;
}

/* ", accusing Paris of ...", ", praising Pyongyang's support": a participle clause tells
 * an event of the main clause's subject. It is not set aside when parley codes such
 * clauses (PETRARCH did not); reporting participles (", citing officials") and the
 * prepositions among -ing words (", including ...", ", following ...") still are. */
static int participle_clause(const parley_options *o, const parley_doc *doc, uint32_t a, uint32_t b)
{
    if (!o->subordinate_clauses)
        return 0;
    while (a < b && (doc->toks[a].tag & T_RB))
        a++;
    if (a >= b || !(doc->toks[a].tag & T_VBG))
        return 0;
    const token *t = &doc->toks[a];
    return !lex_reporting(t) && !tok_is_word(t, "including") && !tok_is_word(t, "following") &&
           !tok_is_word(t, "according") && !tok_is_word(t, "excluding") && !tok_is_word(t, "regarding") &&
           !tok_is_word(t, "concerning");
}

/* i is a document token of the sentence being analysed */
static inline int in_mention(const sent_analysis *an, uint32_t i)
{
    return an->mentioned[i - an->first] & 1;
}

static void comma_rules(const parley_options *o, parley_doc *doc, sentence *s)
{
    sent_analysis *an = s->an;
    uint32_t first = s->first, end = s->first + s->ntok;
    /* the sentence's closing punctuation is not part of the terminal clause */
    uint32_t last = end;
    while (last > first && (doc->toks[last - 1].flags & TF_PUNCT) &&
           !tok_is(&doc->toks[last - 1], ")"))
        last--;
    /* short parentheticals: "(EU)", "(Reuters)" */
    for (uint32_t i = first; i < last; i++) {
        if (!tok_is(&doc->toks[i], "("))
            continue;
        uint32_t j = i + 1;
        while (j < last && j < i + 8 && !tok_is(&doc->toks[j], ")"))
            j++;
        if (j < last && tok_is(&doc->toks[j], ")") && !has_tag(doc, i + 1, j, T_VERB))
            for (uint32_t k = i; k <= j; k++)
                an->deleted[k - first] = 1;
    }
    uint32_t commas[256];
    int nc = 0;
    for (uint32_t i = first; i < last && nc < 256; i++)
        if (tok_is(&doc->toks[i], ",") && !an->deleted[i - first] && !in_mention(an, i)) /* "Paris, Texas" */
            commas[nc++] = i;
    if (!nc)
        return;
    /* initial clause */
    int w = words_in(doc, first, commas[0]);
    if (o->comma_bmax > 0 && w >= o->comma_bmin && w <= o->comma_bmax)
        for (uint32_t k = first; k <= commas[0]; k++)
            an->deleted[k - first] = 1;
    /* internal spans */
    for (int c = 0; c + 1 < nc; c++) {
        uint32_t a = commas[c], b = commas[c + 1];
        w = words_in(doc, a + 1, b);
        if (o->comma_max > 0 && w >= o->comma_min && w <= o->comma_max &&
            !list_member(doc, b, last) && !(c > 0 && list_member(doc, a, last) &&
                                             !has_tag(doc, a + 1, b, T_VERB)) &&
            parenthetical(doc, a + 1, b) && !participle_clause(o, doc, a + 1, b) &&
            verb_outside(doc, an, first, last, a, b))
            for (uint32_t k = a; k < b; k++)
                an->deleted[k - first] = 1;
    }
    /* terminal clause: an attribution or appositive after a complete clause, not the
     * continuation of a list ("..., Estonia and Peru") */
    uint32_t lc = commas[nc - 1];
    w = words_in(doc, lc + 1, last);
    if (o->comma_emax > 0 && w >= o->comma_emin && w <= o->comma_emax &&
        !(doc->toks[lc + 1 < last ? lc + 1 : lc].tag & T_CC) && !np_list(doc, lc + 1, last) &&
        !adverbial_clause(doc, lc + 1, last) && !own_clause(doc, lc + 1, last) &&
        !participle_clause(o, doc, lc + 1, last) &&
        verb_outside(doc, an, first, last, lc, last))
        for (uint32_t k = lc; k < last; k++)
            an->deleted[k - first] = 1;
}

/* ---- noun-phrase units ------------------------------------------------------------------ */

static const char *const TEMPORAL_HEADS[] = {
    "week", "weeks", "month", "months", "year", "years", "day", "days", "night", "nights",
    "morning", "afternoon", "evening", "weekend", "decade", "decades", "hour", "hours",
    "minute", "minutes", "time", "times", "spring", "summer", "autumn", "winter", "fall",
    "century", "period", "moment", "date", "overnight", "daylight", "dawn", "midnight", NULL,
};

static int temporal_head(const token *t)
{
    if (t->tag & (T_WEEKDAY | T_MONTH | T_TIME))
        return 1;
    static wordset heads = WORDSET(TEMPORAL_HEADS);
    return tok_in(t, &heads);
}

/* Head nouns that name people, for resolving "he", "the two leaders". */
static int person_head(const token *t)
{
    static const char *const heads[] = {
        "president", "presidents", "minister", "ministers", "leader", "leaders", "premier",
        "premiers", "chancellor", "king", "queen", "prince", "emir", "sheikh", "spokesman",
        "spokeswoman", "spokesperson", "official", "officials", "envoy", "envoys", "ambassador",
        "ambassadors", "diplomat", "diplomats", "secretary", "general", "commander", "chief",
        "head", "mayor", "governor", "senator", "lawmaker", "counterpart", "counterparts",
        "monarch", "pope", "ayatollah", "dictator", "ruler", NULL,
    };
    static wordset set = WORDSET(heads);
    return tok_in(t, &set);
}

typedef struct builder {
    parley_doc *doc;
    sentence *s;
    sent_analysis *an;
    uint32_t cap_nps;
    const parley_options *o;
} builder;

static nphrase *push_np(builder *b, uint32_t first, uint32_t last)
{
    sent_analysis *an = b->an;
    if (an->nnps == b->cap_nps) {
        uint32_t nc = b->cap_nps ? b->cap_nps * 2 : 16;
        nphrase *p = arena_grow(&b->doc->arena, an->nps, an->nnps, nc, sizeof *p);
        if (!p)
            return NULL;
        an->nps = p;
        b->cap_nps = nc;
    }
    nphrase *np = &an->nps[an->nnps++];
    memset(np, 0, sizeof *np);
    np->first = first;
    np->last = last;
    np->head = last;
    np->compound = -1;
    np->merged_into = -1;
    np->ante_sentence = -1;
    np->ante_np = -1;
    return np;
}

/* Does an actor (not agent) mention end at token i? */
static int ends_actor_mention(const sent_analysis *an, uint32_t i)
{
    return (an->mentioned[i - an->first] & 2) != 0;
}

static int np_token(const parley_doc *doc, const sent_analysis *an, uint32_t i)
{
    const token *t = &doc->toks[i];
    if (in_mention(an, i))
        return 1;
    return (t->tag & NP_TAGS) != 0;
}

/* The noun head of t..: nouns, names, mentions. */
static int nounish(const parley_doc *doc, const sent_analysis *an, uint32_t i)
{
    return in_mention(an, i) || (doc->toks[i].tag & (T_NN | T_NNS | T_CD | T_WEEKDAY | T_MONTH | T_TIME));
}

static int find_nps(builder *b)
{
    parley_doc *doc = b->doc;
    sent_analysis *an = b->an;
    uint32_t first = b->s->first, end = b->s->first + b->s->ntok;
    uint32_t i = first;
    while (i < end) {
        uint8_t del = an->deleted[i - first];
        if (!np_token(doc, an, i)) {
            if (doc->toks[i].tag & T_PRP) {
                nphrase *np = push_np(b, i, i);
                if (!np)
                    return PARLEY_ENOMEM;
                np->pronoun = 1;
                np->deleted = del;
            }
            i++;
            continue;
        }
        uint32_t j = i;
        int have_noun = nounish(doc, an, i);
        /* phrases in spans the comma rules set aside are kept (for attribution), marked */
        while (j + 1 < end && an->deleted[j + 1 - first] == del) {
            uint32_t k = j + 1;
            const token *t = &doc->toks[k];
            if (t->tag & T_POS) {
                /* Gondor 's government: the possessive joins two phrases */
                const token *o = k + 1 < end ? &doc->toks[k + 1] : NULL;
                if (o && an->deleted[k + 1 - first] == del && np_token(doc, an, k + 1) &&
                    !((o->tag & T_CD) && !(o->tags & T_CD))) {
                    j = k + 1;
                    have_noun = nounish(doc, an, j);
                    continue;
                }
                j = k; /* trailing possessive belongs to the phrase */
                break;
            }
            if ((t->tag & T_CC) && !have_noun && k + 1 < end && (doc->toks[k + 1].tag & (T_JJ | T_NN | T_NNS))) {
                /* awful and evil minister */
                j = k;
                continue;
            }
            if (!np_token(doc, an, k))
                break;
            /* a determiner or adjective after a noun starts a new phrase: "gave Gondor the
             * money", "called on Gondor late Sunday" */
            if (have_noun && (t->tag & (T_DT | T_PRPS | T_JJ)) && !in_mention(an, k) &&
                !((t->tag & T_JJ) && (doc->toks[j].tag & T_CD))) /* "200 ballistic missiles" */
                break;
            /* "Gondor almost five years after": a word the tagger joined to a number
             * ("almost", "more than") begins the number's own phrase */
            if (have_noun && (t->tag & T_CD) && !(t->tags & T_CD) && !in_mention(an, k) &&
                !((doc->toks[j].tag & T_CD) && !(doc->toks[j].tags & T_CD)))
                break;
            /* "shelled Kherson 40 times", "sent Ukraine 40 tanks": a number right after a
             * named actor begins a phrase of its own */
            if (have_noun && (t->tag & T_CD) && (t->flags & TF_DIGIT) && !in_mention(an, k) &&
                ends_actor_mention(an, j))
                break;
            /* "met Gondor Monday": a day or month after a name is a time, not its head */
            if (have_noun && (t->tag & (T_WEEKDAY | T_MONTH)) && !(doc->toks[j].tag & (T_WEEKDAY | T_MONTH)) &&
                !in_mention(an, k))
                break;
            j = k;
            if (nounish(doc, an, k))
                have_noun = 1;
        }
        nphrase *np = push_np(b, i, j);
        if (!np)
            return PARLEY_ENOMEM;
        np->deleted = del;
        /* head: the last noun-like token */
        for (uint32_t k = j + 1; k-- > i;)
            if (nounish(doc, an, k) || k == i) {
                np->head = k;
                break;
            }
        if (temporal_head(&doc->toks[np->head]) && !in_mention(an, np->head))
            np->temporal = 1;
        np->plural = (doc->toks[np->head].tag & T_NNS) != 0;
        np->person = person_head(&doc->toks[np->head]);
        for (uint32_t m = 0; m < an->nmentions; m++)
            if (an->mentions[m].person && an->mentions[m].first >= i && an->mentions[m].last <= j)
                np->person = 1;
        i = j + 1;
    }
    return 0;
}

/* ---- codes -------------------------------------------------------------------------------- */

/* Does `code` hold the agent code `ag` at a 3-letter boundary? (USAGOV holds GOV.) */
static int holds(const char *code, const char *ag)
{
    size_t n = strlen(code), k = strlen(ag);
    if (!k)
        return 1;
    for (size_t off = 0; off + k <= n; off += 3)
        if (memcmp(code + off, ag, k) == 0)
            return 1;
    return 0;
}

/* Composes an actor code with the agents of a span (PETRARCH's rule: agents in order, and
 * the first agent already present stops the composition). */
static const char *compose(parley_doc *doc, const char *base, const mention *const *agents, int nag)
{
    char buf[128];
    size_t n = strlen(base);
    if (n >= sizeof buf)
        n = sizeof buf - 1;
    memcpy(buf, base, n);
    buf[n] = '\0';
    for (int a = 0; a < nag; a++) {
        const char *ag = agents[a]->code;
        size_t k = strlen(ag);
        if (holds(buf, ag) || n + k >= sizeof buf)
            break;
        if (agents[a]->agent_prefix) {
            memmove(buf + k, buf, n + 1);
            memcpy(buf, ag, k);
        } else {
            memcpy(buf + n, ag, k + 1);
        }
        n += k;
    }
    return arena_strndup(&doc->arena, buf, n);
}

/* Is agent mention g next to actor mention a: right before it, or before "of"/"in" and
 * it ("the ambassadors of Arnor"); right after it, or after its "'s" ("Gondor's police")? */
static int agent_adjacent(const parley_doc *doc, const mention *a, const mention *g)
{
    if (g->last + 1 == a->first || a->last + 1 == g->first)
        return 1;
    if (g->last + 2 == a->first) {
        const token *t = &doc->toks[g->last + 1];
        return tok_is(t, "of") || tok_is(t, "in");
    }
    if (a->last + 2 == g->first)
        return tok_is(&doc->toks[a->last + 1], "'s");
    return 0;
}

/* Does actor mention `m` say more than `than` about the same actor: its code extends the
 * other's ("RUSSPY" after "RUS")? */
static int refines(const mention *m, const mention *than)
{
    size_t n = strlen(than->code);
    return n >= 3 && strcmp(than->code, "---") != 0 && strlen(m->code) > n &&
           strncmp(m->code, than->code, n) == 0;
}

/* Codes of a token range: the first actor (a hyphen-prefix actor only when there is no
 * other) with every agent outside it. `actor_override` replaces the actor (compounds). */
static int code_span(builder *b, nphrase *np, uint32_t a, uint32_t z, const mention *actor_override,
                     uint32_t skip_a, uint32_t skip_z)
{
    sent_analysis *an = b->an;
    const mention *actor = actor_override, *weak = NULL;
    const mention *agents[16];
    int nag = 0;
    for (uint32_t m = 0; m < an->nmentions; m++) {
        const mention *mn = &an->mentions[m];
        if (mn->first < a || mn->last > z)
            continue;
        if (mn->first >= skip_a && mn->last <= skip_z)
            continue;
        if (an->deleted[mn->first - b->s->first] != np->deleted)
            continue;
        if ((mn->kind & 0x7f) == MK_ACTOR) {
            if (mn->kind & MK_WEAK) {
                if (!weak)
                    weak = mn;
            } else if (!actor || (actor != actor_override &&
                                  ((mn->person && !actor->person) || refines(mn, actor)))) {
                /* a named person (a dated entry) is more specific than the country
                 * adjective before it: "Chinese Foreign Minister Wang Yi"; so is a named
                 * body of that country: "Russia's FSB" (RUS, RUSSPY) */
                actor = mn;
            }
        } else if (nag < 16) {
            agents[nag++] = mn;
        }
    }
    if (!actor)
        actor = weak;
    /* TABARI: an agent joins only the actor next to it ("Gondor's Prime Minister", "the
     * ambassadors of Arnor"), not one further off ("Dagolath's first Deputy Prime Minister
     * Telemar" is DAG) */
    if (actor && b->o && b->o->adjacent_agents) {
        int keep = 0;
        for (int k = 0; k < nag; k++)
            if (agent_adjacent(b->doc, actor, agents[k]))
                agents[keep++] = agents[k];
        nag = keep;
    }
    /* TABARI's SET: CONVERT AGENT: an agent with no actor is an actor of its own, ~AGENT */
    int lone = !actor && nag && b->o && b->o->lone_agents;
    np->has_actor = (actor && strcmp(actor->code, "---") != 0) || lone;
    np->has_agent = nag > 0;
    if (!actor && !nag) {
        np->codes = NULL;
        np->ncodes = 0;
        return 0;
    }
    const char *base = actor ? actor->code : lone ? "~" : "---";
    /* A/B/C codes (THE_SHIRE [FRO/BIL/SAM]) stand for several actors */
    const char *parts[8];
    size_t plen[8];
    int np_ = 0;
    const char *p = base;
    while (np_ < 8) {
        const char *sl = strchr(p, '/');
        parts[np_] = p;
        plen[np_] = sl ? (size_t)(sl - p) : strlen(p);
        np_++;
        if (!sl)
            break;
        p = sl + 1;
    }
    np->codes = arena_alloc(&b->doc->arena, sizeof(char *) * (size_t)np_);
    if (!np->codes)
        return PARLEY_ENOMEM;
    np->ncodes = 0;
    for (int k = 0; k < np_; k++) {
        /* the part, cut to the buffer (what snprintf "%.*s" did, without its cost: this
         * runs for every noun phrase) */
        char one[64];
        size_t m = strnlen(parts[k], plen[k]);
        if (m > sizeof one - 1)
            m = sizeof one - 1;
        memcpy(one, parts[k], m);
        one[m] = '\0';
        np->codes[np->ncodes++] = compose(b->doc, one, agents, nag);
    }
    return 0;
}

static int merge_prep(const token *t)
{
    return tok_is(t, "of") || tok_is(t, "from") || tok_is(t, "in");
}

/* Compound groups: phrases joined only by commas and and/or/nor. */
static void find_compounds(builder *b)
{
    parley_doc *doc = b->doc;
    sent_analysis *an = b->an;
    uint32_t sf = b->s->first;
    for (uint32_t i = 0; i + 1 < an->nnps; i++) {
        nphrase *x = &an->nps[i];
        if (x->temporal || x->pronoun || x->merged_into >= 0 || x->deleted)
            continue;
        uint32_t j = i + 1;
        while (j < an->nnps && an->nps[j].merged_into >= 0)
            j++;
        if (j >= an->nnps)
            break;
        nphrase *y = &an->nps[j];
        if (y->temporal || y->pronoun || y->deleted)
            continue;
        /* only commas and one conjunction between them */
        int ok = 1, ncc = 0, ncomma = 0;
        for (uint32_t k = x->last + 1; k < y->first; k++) {
            const token *t = &doc->toks[k];
            if (an->deleted[k - sf])
                continue;
            if (tok_is(t, ","))
                ncomma++;
            else if ((t->tag & T_CC) && !tok_is(t, "but") && !tok_is(t, "yet") && !tok_is(t, "so"))
                ncc++;
            else
                ok = 0;
        }
        if (!ok || ncc > 1 || (ncc == 0 && ncomma == 0) || (ncc == 0 && ncomma > 1))
            continue;
        if (ncc == 1 && ncomma == 1 && (x->compound < 0 || (b->o && b->o->subordinate_clauses))) {
            /* "..., and Chile condemned Peru": the subject of a new clause, not a list */
            uint32_t after = y->last + 1;
            if (after < b->s->first + b->s->ntok && (doc->toks[after].tag & (T_VERB | T_MD)))
                continue;
        }
        if (ncc == 0) {
            /* a comma alone continues a list only if a conjunction closes it later */
            int closes = 0;
            for (uint32_t k = y->last + 1; k < b->s->first + b->s->ntok && k < y->last + 12; k++) {
                const token *t = &doc->toks[k];
                if (an->deleted[k - sf])
                    continue;
                if ((t->tag & T_CC) && !tok_is(t, "but")) {
                    closes = 1;
                    break;
                }
                if (!(tok_is(t, ",") || np_token(doc, an, k)))
                    break;
            }
            if (!closes)
                continue;
        }
        int32_t g = x->compound >= 0 ? x->compound : (int32_t)i;
        x->compound = g;
        y->compound = g;
    }
    /* a compound needs two members that are not just adjectives */
}

static int build_codes(builder *b)
{
    parley_doc *doc = b->doc;
    sent_analysis *an = b->an;
    for (uint32_t i = 0; i < an->nnps; i++) {
        nphrase *np = &an->nps[i];
        if (code_span(b, np, np->first, np->last, NULL, 1, 0) < 0)
            return PARLEY_ENOMEM;
    }
    find_compounds(b);
    /* "soldiers from Gondor", "the ambassadors of Arnor, Osgiliath and Gondor",
     * "lawmakers and officials in Fornost and Gondor": an uncoded phrase (or compound)
     * joined by of/from/in to a coded one takes the latter's actor. */
    for (uint32_t i = 0; i < an->nnps; i++) {
        nphrase *x = &an->nps[i];
        if (x->has_actor || x->temporal || x->pronoun || x->merged_into >= 0 || x->deleted)
            continue;
        /* the last member of x's compound is the one followed by the preposition */
        uint32_t lastm = i;
        for (uint32_t k = i + 1; k < an->nnps && x->compound >= 0 && an->nps[k].compound == x->compound; k++)
            lastm = k;
        nphrase *xl = &an->nps[lastm];
        if (lastm + 1 >= an->nnps)
            continue;
        uint32_t p = xl->last + 1;
        nphrase *y = &an->nps[lastm + 1];
        if (p + 1 != y->first || !merge_prep(&doc->toks[p]) || !y->has_actor || y->temporal ||
            y->deleted)
            continue;
        /* members on the left: i..lastm (all uncoded); on the right: y's compound */
        uint32_t rfirst = lastm + 1, rlast = rfirst;
        for (uint32_t k = rfirst + 1; k < an->nnps && y->compound >= 0 && an->nps[k].compound == y->compound; k++)
            rlast = k;
        int left_ok = 1;
        for (uint32_t l = i; l <= lastm; l++)
            if (an->nps[l].has_actor)
                left_ok = 0;
        if (!left_ok)
            continue;
        /* each left member x right member: a code from the right actor with the agents of
         * the left member and of the right member */
        for (uint32_t l = i; l <= lastm; l++) {
            nphrase *lm = &an->nps[l];
            const char **codes = NULL;
            uint32_t n = 0;
            for (uint32_t r = rfirst; r <= rlast; r++) {
                nphrase *rm = &an->nps[r];
                if (!rm->has_actor)
                    continue;
                /* the right member's actor mention */
                const mention *act = NULL;
                for (uint32_t m = 0; m < an->nmentions && !act; m++) {
                    const mention *mn = &an->mentions[m];
                    if ((mn->kind & 0x7f) == MK_ACTOR && !(mn->kind & MK_WEAK) && mn->first >= rm->first &&
                        mn->last <= rm->last)
                        act = mn;
                }
                if (!act)
                    continue;
                nphrase tmp;
                memset(&tmp, 0, sizeof tmp);
                /* agents of the left member, then of the right member outside its actor */
                if (code_span(b, &tmp, lm->first, rm->last, act, lm->last + 1, rm->first - 1) < 0)
                    return PARLEY_ENOMEM;
                const char **nc = arena_grow(&doc->arena, codes, n, n + tmp.ncodes, sizeof *nc);
                if (!nc)
                    return PARLEY_ENOMEM;
                for (uint32_t c = 0; c < tmp.ncodes; c++)
                    nc[n++] = tmp.codes[c];
                codes = nc;
            }
            if (!n)
                continue;
            lm->codes = codes;
            lm->ncodes = n;
            lm->has_actor = 1;
            lm->placed = tok_is(&doc->toks[p], "in");
            lm->last = l == lastm ? an->nps[rlast].last : lm->last;
        }
        for (uint32_t r = rfirst; r <= rlast; r++) {
            an->nps[r].merged_into = (int32_t)i;
            an->nps[r].compound = -1;
        }
    }
    /* "Danish media and government": an actor adjective before the first member's head is
     * shared with members that have none */
    for (uint32_t i = 0; i < an->nnps; i++) {
        nphrase *x = &an->nps[i];
        if (x->compound != (int32_t)i || !x->has_actor)
            continue;
        const mention *adj = NULL;
        for (uint32_t m = 0; m < an->nmentions && !adj; m++) {
            const mention *mn = &an->mentions[m];
            if ((mn->kind & 0x7f) == MK_ACTOR && mn->first >= x->first && mn->last < x->head)
                adj = mn;
        }
        if (!adj)
            continue;
        for (uint32_t k = i + 1; k < an->nnps && an->nps[k].compound == (int32_t)i; k++) {
            nphrase *y = &an->nps[k];
            if (y->has_actor || !y->has_agent)
                continue;
            if (code_span(b, y, y->first, y->last, adj, 1, 0) < 0)
                return PARLEY_ENOMEM;
        }
    }
    /* token -> phrase map */
    uint32_t sf = b->s->first;
    for (uint32_t k = 0; k < b->s->ntok; k++)
        an->np_of[k] = -1;
    for (uint32_t i = 0; i < an->nnps; i++) {
        const nphrase *np = &an->nps[i];
        if (np->merged_into >= 0)
            continue;
        for (uint32_t k = np->first; k <= np->last; k++)
            if (an->np_of[k - sf] < 0)
                an->np_of[k - sf] = (int32_t)i;
    }
    return 0;
}

/* ---- verb groups ----------------------------------------------------------------------- */

typedef struct vg_build {
    uint32_t cap;
} vg_build;

static vgroup *push_vg(builder *b, uint32_t *cap)
{
    sent_analysis *an = b->an;
    if (an->nvgs == *cap) {
        uint32_t nc = *cap ? *cap * 2 : 8;
        vgroup *p = arena_grow(&b->doc->arena, an->vgs, an->nvgs, nc, sizeof *p);
        if (!p)
            return NULL;
        an->vgs = p;
        *cap = nc;
    }
    vgroup *v = &an->vgs[an->nvgs++];
    memset(v, 0, sizeof *v);
    return v;
}

/* "had" with its object after it ("had a phone call", "had talks") is the main verb */
static int have_object(const builder *b, uint32_t i)
{
    const parley_doc *doc = b->doc;
    if (!(doc->toks[i].tag & T_HAVE) || i + 1 >= b->s->first + b->s->ntok)
        return 0;
    const token *n = &doc->toks[i + 1];
    return (n->tag & (T_DT | T_PRPS | T_CD | T_NOUN | T_JJ)) && !(n->flags & TF_PUNCT);
}

static int find_vgs(builder *b)
{
    parley_doc *doc = b->doc;
    sent_analysis *an = b->an;
    uint32_t sf = b->s->first, end = sf + b->s->ntok;
    uint32_t cap = 0;
    for (uint32_t i = sf; i < end; i++) {
        if (an->deleted[i - sf])
            continue;
        const token *t = &doc->toks[i];
        int starts = (t->tag & (T_MD | T_VERB | T_AUX)) && an->np_of[i - sf] < 0;
        if (!starts)
            continue;
        vgroup *v = push_vg(b, &cap);
        if (!v)
            return PARLEY_ENOMEM;
        v->first = i;
        v->verb = i;
        /* an infinitive marker right before belongs to the group */
        if (i > sf && !an->deleted[i - 1 - sf] && (doc->toks[i - 1].tag & T_TO))
            v->first = i - 1;
        uint32_t j = i;
        int saw_be = 0;
        for (;;) {
            const token *c = &doc->toks[j];
            if (c->tag & T_MD)
                v->modal = 1;
            if (c->tag & T_BE)
                saw_be = 1;
            if (tok_is(c, "will") || tok_is(c, "shall") || tok_is(c, "'ll"))
                v->future = 1;
            if (c->tag & (T_VERB | T_AUX | T_MD))
                v->verb = j;
            /* continue through auxiliaries, negation, adverbs, "about to", "going to" */
            uint32_t k = j + 1;
            if (k >= end || an->deleted[k - sf])
                break;
            const token *n = &doc->toks[k];
            int cont = 0;
            if ((c->tag & (T_MD | T_AUX | T_NEG | T_RB)) || tok_is(c, "about") || tok_is(c, "to")) {
                if (n->tag & (T_NEG | T_RB | T_VERB | T_AUX | T_TO | T_MD))
                    cont = 1;
                if (tok_is(n, "about") && k + 1 < end && tok_is(&doc->toks[k + 1], "to"))
                    cont = 1;
                if ((c->tag & T_AUX) && (n->tag & T_NN) && !(n->tags & T_VERB))
                    cont = 0;
            }
            if (n->tag & T_NEG)
                v->negated = 1;
            if (!cont || an->np_of[k - sf] >= 0)
                break;
            j = k;
        }
        const token *vt = &doc->toks[v->verb];
        v->last = j;
        /* particles: "called on", "broke down" */
        if (j + 1 < end && (doc->toks[j + 1].tag & T_RP))
            v->last = j + 1;
        v->passive = saw_be && (vt->tag & T_VBN) && !(vt->tag & T_BE);
        /* a bare participle right after a noun phrase modifies it: "drones smuggled into
         * Russia", "Americans detained in Iran" (the tagger decided it is no past tense);
         * never "had" before its object: "Aoun had a phone call with Macron" */
        v->modifier = v->first == v->verb && v->last == v->verb && (vt->tag & T_VBN) && !have_object(b, i) && i > sf &&
                      an->np_of[i - 1 - sf] >= 0 && !an->deleted[i - 1 - sf] &&
                      !an->nps[an->np_of[i - 1 - sf]].temporal && !an->nps[an->np_of[i - 1 - sf]].pronoun;
        v->finite = v->modal || (doc->toks[v->first].tag & (T_VBD | T_VBZ | T_VBP | T_AUX)) ||
                    (vt->tag & (T_VBD | T_VBZ | T_VBP));
        if (doc->toks[v->first].tag & T_TO)
            v->finite = 0;
        i = v->last;
    }
    return 0;
}

/* Verbs that report or demand: "... and demanded", "... and urged". */
static int speech_act(const token *t)
{
    static const char *const lemmas[] = {"demand", "urge", "call", "accuse", "warn", "condemn", "threaten",
                                         "ask", "vow", "pledge", "promise", "reject", "deny", "insist",
                                         "criticise", "criticize", "appeal", "say", "add", "tell", NULL};
    if (!t->lex || !(t->tags & T_VERB))
        return 0;
    const char *lemma = lex_form(lex_lemma(t->lex));
    for (int k = 0; lemmas[k]; k++)
        if (strcmp(lemma, lemmas[k]) == 0)
            return 1;
    return 0;
}

/* Tense class for matching coordinated verbs: past, present, modal, non-finite. */
static int tense_class(const parley_doc *doc, const vgroup *v)
{
    if (!v->finite)
        return 0;
    if (v->modal)
        return 3;
    const token *f = &doc->toks[v->first];
    if (f->tag & T_VBD)
        return 1;
    return 2;
}

static void clause_structure(builder *b)
{
    parley_doc *doc = b->doc;
    sent_analysis *an = b->an;
    uint32_t sf = b->s->first, end = sf + b->s->ntok;
    uint32_t last = end;
    while (last > sf && (doc->toks[last - 1].flags & TF_PUNCT))
        last--;
    /* boundary[k]: where the verb phrases closed by vg k end (its connecting comma or
     * conjunction); 0 when vg k is nested */
    uint32_t boundary[256];
    int prev = -1; /* the previous verb group that is not a noun's modifier */
    for (uint32_t k = 0; k < an->nvgs && k < 256; k++) {
        vgroup *v = &an->vgs[k];
        boundary[k] = 0;
        if (v->modifier) {
            /* inside the noun phrase: nested under whatever clause holds the noun */
            v->depth = prev >= 0 ? an->vgs[prev].depth + 1 : 1;
            continue;
        }
        if (prev < 0) {
            v->depth = 0;
            prev = (int)k;
            continue;
        }
        vgroup *p = &an->vgs[prev];
        prev = (int)k;
        /* what lies between the previous verb group and this one */
        uint32_t cc = 0, comma = 0, sub = 0;
        int np_after = 0; /* a noun phrase after the last connector: a subject of our own */
        for (uint32_t i = p->last + 1; i < v->first; i++) {
            if (an->deleted[i - sf])
                continue;
            const token *t = &doc->toks[i];
            if ((t->tag & T_CC) && !tok_is(t, "both") && !tok_is(t, "either")) {
                cc = i + 1;
                np_after = 0;
            } else if (tok_is(t, ",") || tok_is(t, ";")) {
                comma = i + 1;
                np_after = 0;
            } else if ((t->tag & (T_SUB | T_WH)) || ((t->tag & T_IN) && (t->tags & T_SUB))) {
                sub = i + 1; /* that, who, after (crowds trashed) */
                np_after = 0;
            } else if (an->np_of[i - sf] >= 0 && !an->nps[an->np_of[i - sf]].temporal) {
                np_after = 1;
            }
        }
        uint32_t conn = cc > comma ? cc : comma;
        if (cc && cc >= comma && cc > sub && !np_after) {
            /* coordinated: sibling of the nearest earlier verb of the same tense class;
             * after ", and" not one inside a relative or adverbial clause ("launched what
             * it called operations, pounding ..., and demanded") */
            int want = tense_class(doc, v);
            int comma_and = cc >= sf + 2 && tok_is(&doc->toks[cc - 2], ",");
            int target = (int)k - 1;
            for (int u = (int)k - 1; u >= 0; u--) {
                const vgroup *w = &an->vgs[u];
                if (w->modifier || (comma_and && b->o && b->o->subordinate_clauses && (w->subclause || w->relative)))
                    continue;
                if (tense_class(doc, w) == want) {
                    target = u;
                    break;
                }
            }
            /* "Lavrov said that Moscow was not to blame and demanded that London share
             * samples": a speech act joins the reporting verb, not its complement */
            if (b->o && b->o->subordinate_clauses && speech_act(&doc->toks[v->verb]) && an->vgs[target].depth > 0) {
                for (int u = target - 1; u >= 0; u--)
                    if (an->vgs[u].depth < an->vgs[target].depth) {
                        if (lex_reporting(&doc->toks[an->vgs[u].verb]))
                            target = u;
                        break;
                    }
            }
            v->depth = an->vgs[target].depth;
            v->coord = (uint32_t)target + 1;
            v->subclause = an->vgs[target].subclause;
            v->relative = an->vgs[target].relative;
            v->sub_at = an->vgs[target].sub_at;
            /* "were freed on Monday and flown to Qatar": the auxiliary is shared */
            if (an->vgs[target].passive && v->first == v->verb && (doc->toks[v->verb].tags & T_VBN)) {
                v->passive = 1;
                doc->toks[v->verb].tag = T_VBN;
            }
            uint32_t bnd = cc - 1;
            /* take a comma right before the conjunction too */
            if (bnd > sf && tok_is(&doc->toks[bnd - 1], ","))
                bnd--;
            boundary[k] = bnd;
            continue;
        }
        if ((sub && sub > conn) || !v->finite) {
            v->depth = p->depth + 1;
            v->subclause = sub && sub > conn && np_after && v->finite &&
                           !tok_is(&doc->toks[sub - 1], "that");
            v->sub_at = sub ? sub - 1 : v->first;
            /* "Taipei, which accused Beijing", "Gershkovich, who was detained by": a
             * relative pronoun right before the verb is its subject, the noun before it */
            if (b->o && b->o->subordinate_clauses && sub && sub > conn && !np_after && v->finite &&
                (doc->toks[sub - 1].tag & T_WH) && sub - 1 > sf &&
                (an->np_of[sub - 2 - sf] >= 0 || tok_is(&doc->toks[sub - 2], ","))) {
                v->subclause = 1;
                v->relative = 1;
            }
            /* "after severing ties with Taiwan", "before accusing Azerbaijan": a gerund
             * after a temporal preposition is an event of the main clause's subject */
            if (!v->finite && (doc->toks[v->verb].tag & T_VBG) && v->first == v->verb && v->first > sf &&
                b->o && b->o->subordinate_clauses) {
                const token *pp = &doc->toks[v->first - 1];
                if (tok_is(pp, "after") || tok_is(pp, "before") || tok_is(pp, "since") || tok_is(pp, "while") ||
                    tok_is(pp, "when") || tok_is(pp, "upon")) {
                    v->subclause = 1;
                    v->sub_at = v->first - 1;
                }
            }
            /* ", accusing Israel of ...", ", killing five people": a participle after a
             * comma tells an event of its own, done by the main clause's subject */
            if (!v->finite && comma && comma > cc && comma > sub && !np_after &&
                (doc->toks[v->verb].tag & T_VBG) && v->first == v->verb) {
                v->subclause = 1;
                v->sub_at = comma - 1;
            }
            continue;
        }
        if (conn && np_after) {
            /* ", and Chile condemned", ", a senior official said": a clause of its own */
            v->depth = 0;
            uint32_t bnd = conn - 1;
            if (cc && comma && comma == cc - 1)
                bnd = comma - 1;
            boundary[k] = bnd;
            continue;
        }
        v->depth = p->depth + 1; /* complement clause: "believes Dagolath ... can cope" */
    }
    /* upper: back to the nearest comma that survived the comma rules, found in one sweep
     * of the sentence while the groups come in its order (a walk back from each group
     * made long sentences quadratic) */
    uint32_t swept = sf, cut = sf;
    for (uint32_t k = 0; k < an->nvgs; k++) {
        vgroup *v = &an->vgs[k];
        v->vp_end = last;
        for (uint32_t w = k + 1; w < an->nvgs && w < 256; w++) {
            if (an->vgs[w].depth <= v->depth) {
                v->vp_end = boundary[w] ? boundary[w] : an->vgs[w].first;
                break;
            }
        }
        if (v->first < swept)
            swept = cut = sf; /* out of order: sweep again from the start */
        for (; swept < v->first; swept++) {
            const token *t = &doc->toks[swept];
            if (!an->deleted[swept - sf] && (tok_is(t, ",") || tok_is(t, ";")))
                cut = swept + 1;
        }
        v->upper_start = cut;
    }
}

int syntax_analyze(const parley_options *o, parley_doc *doc, sentence *s)
{
    sent_analysis *an = s->an;
    an->deleted = arena_calloc(&doc->arena, s->ntok ? s->ntok : 1, 1);
    an->np_of = arena_alloc(&doc->arena, sizeof(int32_t) * (s->ntok ? s->ntok : 1));
    an->mentioned = arena_calloc(&doc->arena, s->ntok ? s->ntok : 1, 1);
    if (!an->deleted || !an->np_of || !an->mentioned)
        return PARLEY_ENOMEM;
    /* asked of nearly every token by the phrase rules: a scan of the mentions each time
     * was a tenth of this stage */
    an->first = s->first;
    for (uint32_t m = 0; m < an->nmentions; m++) {
        const mention *mn = &an->mentions[m];
        if (mn->first < s->first || mn->last - s->first >= s->ntok)
            continue;
        for (uint32_t k = mn->first; k <= mn->last; k++)
            an->mentioned[k - s->first] |= 1;
        if ((mn->kind & 0x7f) == MK_ACTOR)
            an->mentioned[mn->last - s->first] |= 2; /* an actor mention ends here */
    }
    syntax_tag(doc, s);
    comma_rules(o, doc, s);
    builder b = {doc, s, an, 0, o};
    if (find_nps(&b) < 0 || build_codes(&b) < 0 || find_vgs(&b) < 0)
        return PARLEY_ENOMEM;
    clause_structure(&b);
    return 0;
}
