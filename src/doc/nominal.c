/* nominal.c - events a noun tells: "Iran's barrage of missiles against Israel on October
 * 1", "Putin's first visit to North Korea", "warned Putin during a video call", "their
 * first meeting since March 3, 2023".
 *
 * Verb patterns cannot see these: no verb carries them. The nouns and their codes come
 * from the event-noun dictionary (parley.nouns.txt, read by src/dict/nouns_file.c). The
 * source is the noun's own actor (a possessive or adjective), a "by" phrase after it, or
 * "their" (the two sides the document spoke of); the target follows one of the entry's
 * prepositions. A noun with no party of its own inside a prepositional phrase ("during a
 * phone call") takes the parties of the event of the verb it qualifies. Dates come from
 * the noun's own words ("on October 1", "since March 3, 2023"), else from that event. */
#include <stdio.h>
#include <string.h>

#include "../base/date.h"
#include "../base/wordset.h"
#include "../dict/dict.h"
#include "../lex/lexicon.h"
#include "doc.h"

/* The noun entry a phrase's head ends, and the phrase's first word of it. */
static const noun_entry *noun_of(const parley_dict *d, const parley_doc *doc, const nphrase *np,
                                 uint32_t *start)
{
    for (uint32_t p = np->first; p <= np->head; p++) {
        uint32_t node = 0, k = p;
        for (; k <= np->head; k++) {
            uint32_t wid = doc->toks[k].wid;
            node = wid ? trie_step(&d->nouns, node, wid) : 0;
            if (!node)
                break;
        }
        if (k > np->head && node && d->nouns.nodes[node].payload) {
            *start = p;
            return &d->noun_entries[d->nouns.nodes[node].payload - 1];
        }
    }
    return NULL;
}

/* Words that make the event not (yet) real: "a possible strike", "any attack". */
static int unreal(const parley_doc *doc, const nphrase *np)
{
    static const char *const words[] = {"possible", "potential", "planned", "proposed", "any", "future",
                                        "expected", "threatened", "imminent", "no", "new", "next",
                                        "upcoming", "further", "fresh", NULL};
    static wordset set = WORDSET(words);
    for (uint32_t k = np->first; k <= np->last; k++)
        if (tok_in(&doc->toks[k], &set))
            return 1;
    return 0;
}

/* Is the noun phrase the object of a verb of intention ("proposed a meeting", "called
 * for talks", "threatened an offensive")? Then the event has not happened. */
static int intended(const parley_doc *doc, const sentence *s, const nphrase *np)
{
    static const char *const verbs[] = {"propose", "suggest", "seek", "plan", "want", "demand", "urge",
                                        "offer", "invite", "request", "consider", "prepare", "threaten",
                                        "rule", "reject", "postpone", "cancel", "call", "ask", "push",
                                        "press", "discuss", "agree", "hope", "expect", "fear", "warn",
                                        "prevent", "avoid", "arrange", "schedule", "announce", "favour",
                                        "favor", "support", "oppose", "need", "resume", NULL};
    uint32_t i = np->first;
    if (i > s->first && tok_is(&doc->toks[i - 1], "for"))
        i--; /* "called for talks" */
    if (i == s->first)
        return 0;
    const token *v = &doc->toks[i - 1];
    if (!(v->tag & T_VERB) || !v->lex)
        return 0;
    const char *lemma = lex_form(lex_lemma(v->lex));
    for (int k = 0; verbs[k]; k++)
        if (strcmp(lemma, verbs[k]) == 0)
            return 1;
    return 0;
}

static uint32_t prep_bit(const token *t)
{
    static const struct {
        const char *w;
        uint32_t bit;
    } preps[] = {{"on", NOUN_ON},     {"against", NOUN_AGAINST}, {"at", NOUN_AT},
                 {"with", NOUN_WITH}, {"to", NOUN_TO},           {"of", NOUN_OF},
                 {"into", NOUN_INTO}, {"between", NOUN_BETWEEN}, {"for", NOUN_FOR},
                 {"in", NOUN_IN}};
    for (size_t i = 0; i < sizeof preps / sizeof preps[0]; i++)
        if (tok_is(t, preps[i].w))
            return preps[i].bit;
    return 0;
}

/* The coded phrase that starts at token t of the sentence, or NULL. */
static const nphrase *coded_at(const sentence *s, uint32_t t)
{
    if (t >= s->first + s->ntok)
        return NULL;
    int32_t k = s->an->np_of[t - s->first];
    if (k < 0)
        return NULL;
    const nphrase *np = &s->an->nps[k];
    return np->first == t && np->has_actor && np->ncodes && !np->temporal ? np : NULL;
}

/* A phrase ends where a noun it is merged with ("barrage of about 200 missiles") ends. */
static uint32_t phrase_end(const sentence *s, uint32_t k)
{
    uint32_t end = s->an->nps[k].last;
    for (uint32_t j = k + 1; j < s->an->nnps; j++)
        if (s->an->nps[j].merged_into == (int32_t)k && s->an->nps[j].last > end)
            end = s->an->nps[j].last;
    return end;
}

/* Where an event noun's words end: after what it consisted of ("barrage of about 200
 * missiles") and, when one of the entry's prepositions follows, after its other party. */
typedef struct extent {
    uint32_t after_noun;         /* first token after the noun and its "of" phrases */
    uint32_t prep;               /* the entry's preposition after it, 0 when none */
    uint32_t after;              /* first token after the other party (or after_noun) */
} extent;

static void noun_extent(const sentence *s, const parley_doc *doc, const noun_entry *ne, uint32_t k, extent *x)
{
    const sent_analysis *an = s->an;
    uint32_t end = s->first + s->ntok;
    uint32_t after = phrase_end(s, k) + 1;
    while (!(ne->preps & NOUN_OF) && after + 1 < end && tok_is(&doc->toks[after], "of") &&
           an->np_of[after + 1 - s->first] >= 0)
        after = phrase_end(s, (uint32_t)an->np_of[after + 1 - s->first]) + 1;
    x->after_noun = after;
    x->prep = 0;
    /* "fighting erupted between ...", "clashes broke out with ...": the noun is the
     * subject of a verb of happening; the other party follows that verb */
    if (after + 2 < end && (doc->toks[after].tag & (T_VBD | T_VBZ | T_VBP)) && !(doc->toks[after].tag & T_AUX)) {
        uint32_t p = after + 1;
        if (doc->toks[p].tag & T_RP)
            p++;
        if (p + 1 < end && (prep_bit(&doc->toks[p]) & ne->preps) && tok_is(&doc->toks[p], "between"))
            after = p;
    }
    if (after + 1 < end && (prep_bit(&doc->toks[after]) & ne->preps) && an->np_of[after + 1 - s->first] >= 0) {
        x->prep = after;
        after = phrase_end(s, (uint32_t)an->np_of[after + 1 - s->first]) + 1;
    }
    x->after = after;
}

/* The date an event noun's own words give: a date inside its phrase ("Monday's strike")
 * or right after it ("... against Israel on October 1", "meeting since March 3"). */
static timex *noun_date(const sentence *s, const parley_doc *doc, const nphrase *np, const extent *x)
{
    for (uint32_t i = 0; i < s->an->ntimex; i++) {
        timex *t = &s->an->timex[i];
        if (t->kind != TX_DATE && t->kind != TX_WEEKDAY)
            continue;
        if (t->first >= np->first && t->last <= np->last)
            return t;
        uint32_t a = x->after;
        if (t->first == a + 1 && (tok_is(&doc->toks[a], "on") || tok_is(&doc->toks[a], "since")))
            return t;
        a = x->after_noun;
        if (t->first == a + 1 && (tok_is(&doc->toks[a], "on") || tok_is(&doc->toks[a], "since")))
            return t;
    }
    return NULL;
}

/* Each event noun of the sentence that will be coded (see nominal_events). */
static const noun_entry *event_noun(const parley_dict *d, const parley_doc *doc, const sentence *s, uint32_t k,
                                    uint32_t *nstart)
{
    const nphrase *np = &s->an->nps[k];
    if (np->deleted || np->temporal || np->pronoun || np->merged_into >= 0)
        return NULL;
    const noun_entry *ne = noun_of(d, doc, np, nstart);
    if (!ne || unreal(doc, np) || intended(doc, s, np))
        return NULL;
    return ne;
}

int nominal_claim_dates(const parley_dict *d, parley_doc *doc, uint32_t si)
{
    sentence *s = &doc->sents[si];
    if (!d->nnouns || !s->an)
        return 0;
    for (uint32_t k = 0; k < s->an->nnps; k++) {
        uint32_t nstart;
        const noun_entry *ne = event_noun(d, doc, s, k, &nstart);
        if (!ne)
            continue;
        /* only a noun with a party of its own that is not a verb's object ("held talks on
         * Monday": the date is the holding's too) */
        const nphrase *np = &s->an->nps[k];
        int own = tok_is(&doc->toks[np->first], "their") || (np->has_actor && np->ncodes && nstart > np->first);
        if (!own || (np->first > s->first && (doc->toks[np->first - 1].tag & T_VERB)))
            continue;
        extent x;
        noun_extent(s, doc, ne, k, &x);
        timex *t = noun_date(s, doc, np, &x);
        if (t)
            t->nominal = 1;
    }
    return 0;
}

typedef struct party {
    const char *const *codes;
    uint32_t n;
    const nphrase *np;           /* for the text and span, NULL when none */
} party;

static int already(const parley_doc *doc, uint32_t si, const char *src, const char *tgt, const char *code)
{
    for (uint32_t i = 0; i < doc->nevents; i++) {
        const parley_event *e = &doc->events[i];
        if (e->sentence == (int)si && strcmp(e->source, src) == 0 && strcmp(e->target, tgt) == 0 &&
            strncmp(e->code, code, 2) == 0)
            return 1;
    }
    return 0;
}

static int emit(parley_doc *doc, uint32_t si, const noun_entry *ne, const parley_dict *d, const char *src,
                const nphrase *snp, const char *tgt, const nphrase *tnp, const char *code, uint32_t first,
                uint32_t head, int date, int precision, const parley_event *like)
{
    if (!src || !tgt || !*src || !*tgt || strcmp(src, tgt) == 0 || strcmp(src, "---") == 0 ||
        strcmp(tgt, "---") == 0 || already(doc, si, src, tgt, code))
        return 0;
    const sentence *s = &doc->sents[si];
    parley_event ev;
    memset(&ev, 0, sizeof ev);
    ev.sentence = (int)si;
    ev.date = date;
    ev.date_precision = precision;
    ev.source = src;
    ev.target = tgt;
    if (snp) {
        ev.source_span = (parley_span){doc->toks[snp->first].start, doc->toks[snp->last].end};
        ev.source_text = doc_span_text(doc, ev.source_span.start, ev.source_span.end);
    } else {
        ev.source_text = "";
    }
    if (tnp) {
        ev.target_span = (parley_span){doc->toks[tnp->first].start, doc->toks[tnp->last].end};
        ev.target_text = doc_span_text(doc, ev.target_span.start, ev.target_span.end);
    } else {
        ev.target_text = "";
    }
    doc_event_code(&ev, code);
    ev.sentence_span = (parley_span){s->start, s->end};
    ev.verb_span = (parley_span){doc->toks[first].start, doc->toks[head].end};
    ev.verb = doc_span_text(doc, ev.verb_span.start, ev.verb_span.end);
    ev.pattern = dict_str(d, ne->text);
    ev.pattern_file = d->files[ne->file];
    ev.pattern_line = (int)ne->line;
    ev.quotes = s->an->quotes;
    ev.nquotes = s->an->nquotes;
    if (like) {
        /* the sentence's other events say who reported it and how */
        ev.attribution = like->attribution;
        ev.nattribution = like->nattribution;
        ev.modality = like->modality;
    } else if (doc->source && *doc->source) {
        parley_link *l = arena_alloc(&doc->arena, sizeof *l);
        if (!l)
            return PARLEY_ENOMEM;
        *l = (parley_link){doc->source, "", "published"};
        ev.attribution = l;
        ev.nattribution = 1;
    }
    return doc_add_event(doc, &ev) ? 0 : PARLEY_ENOMEM;
}

/* Both directions of a code ("041:041") or the one ("190"). */
static void split_code(const char *code, char *fwd, char *rev)
{
    const char *colon = strchr(code, ':');
    if (colon) {
        snprintf(fwd, 8, "%.*s", (int)(colon - code), code);
        snprintf(rev, 8, "%s", colon + 1);
    } else {
        snprintf(fwd, 8, "%s", code);
        rev[0] = '\0';
    }
}

int nominal_events(const parley_dict *d, parley_doc *doc, uint32_t si)
{
    sentence *s = &doc->sents[si];
    sent_analysis *an = s->an;
    if (!d->nnouns || !an)
        return 0;
    uint32_t end = s->first + s->ntok;
    /* the coder's events of this sentence come first */
    uint32_t nbefore = doc->nevents;
    while (nbefore > 0 && doc->events[nbefore - 1].sentence == (int)si)
        nbefore--;
    for (uint32_t k = 0; k < an->nnps; k++) {
        const nphrase *np = &an->nps[k];
        uint32_t nstart;
        const noun_entry *ne = event_noun(d, doc, s, k, &nstart);
        if (!ne)
            continue;
        const char *code = dict_str(d, ne->code);
        char fwd[8], rev[8];
        split_code(code, fwd, rev);
        extent x;
        noun_extent(s, doc, ne, k, &x);

        /* the source: "their", the noun's own actor, or "by X" */
        party src = {NULL, 0, NULL}, tgt = {NULL, 0, NULL};
        int mutual = 0;
        uint32_t after = x.after_noun;
        if (tok_is(&doc->toks[np->first], "their")) {
            int r = coref_plural_codes(doc, si, np->first, &src.codes, &src.n);
            if (r < 0)
                return r;
            if (r && src.n == 2 && rev[0])
                mutual = 1;
            else
                src.n = 0;
        } else if (np->has_actor && np->ncodes && nstart > np->first) {
            src = (party){np->codes, np->ncodes, np};
        } else if (after + 1 < end && tok_is(&doc->toks[after], "by") && coded_at(s, after + 1)) {
            const nphrase *by = coded_at(s, after + 1);
            src = (party){by->codes, by->ncodes, by};
            /* "an air strike by Chile on Estonia": the other party comes after the agent */
            uint32_t a2 = phrase_end(s, (uint32_t)an->np_of[after + 1 - s->first]) + 1;
            if (!x.prep && a2 + 1 < end && (prep_bit(&doc->toks[a2]) & ne->preps) &&
                an->np_of[a2 + 1 - s->first] >= 0) {
                x.prep = a2;
                x.after = phrase_end(s, (uint32_t)an->np_of[a2 + 1 - s->first]) + 1;
            }
        }

        /* the other party after one of the entry's prepositions; a place is where, not
         * whom ("a strike on his residence in Tehran") */
        const nphrase *t = x.prep && !mutual ? coded_at(s, x.prep + 1) : NULL;
        if (t && !t->placed) {
            tgt = (party){t->codes, t->ncodes, t};
            /* "clashes between the army and the RSF": both sides */
            const nphrase *other = x.after + 1 < end && tok_is(&doc->toks[x.after], "and") ? coded_at(s, x.after + 1)
                                                                                           : NULL;
            if (tok_is(&doc->toks[x.prep], "between") && !src.n && other) {
                src = tgt;
                tgt = (party){other->codes, other->ncodes, other};
            }
        }

        /* the date: the noun's own, else that of the sentence's first event, else the
         * publication's */
        const parley_event *like = nbefore < doc->nevents ? &doc->events[nbefore] : NULL;
        int date = like ? like->date : doc->date;
        int precision = like ? like->date_precision : PARLEY_DATE_APPROX;
        const timex *own = noun_date(s, doc, np, &x);
        if (own) {
            date = own->date;
            precision = own->precision;
            like = NULL;
        }

        /* "warned Putin during a video call": no party of its own, the verb's. Only for
         * exchanges (calls, talks, meetings), and not when the noun has a complement of
         * its own ("during a visit to Odesa" is no visit between the verb's parties) */
        if (!src.n && !tgt.n && !mutual && rev[0] && strcmp(fwd, rev) == 0 && np->first > s->first && !x.prep) {
            const token *p = &doc->toks[np->first - 1];
            if (!(tok_is(p, "in") || tok_is(p, "during") || tok_is(p, "at") || tok_is(p, "by") ||
                  tok_is(p, "over")))
                continue;
            const parley_event *gov = NULL;
            for (uint32_t i = nbefore; i < doc->nevents; i++) {
                const parley_event *e = &doc->events[i];
                if (e->verb_span.end <= doc->toks[np->first].start && e->source[0] && e->target[0] &&
                    e->source_span.end && e->target_span.end)
                    gov = e;
            }
            if (!gov)
                continue;
            if (emit(doc, si, ne, d, gov->source, NULL, gov->target, NULL, fwd, nstart, np->head, gov->date,
                     gov->date_precision, gov) < 0 ||
                emit(doc, si, ne, d, gov->target, NULL, gov->source, NULL, rev, nstart, np->head, gov->date,
                     gov->date_precision, gov) < 0)
                return PARLEY_ENOMEM;
            continue;
        }
        if (mutual) {
            if (emit(doc, si, ne, d, src.codes[0], NULL, src.codes[1], NULL, fwd, nstart, np->head, date,
                     precision, like) < 0 ||
                emit(doc, si, ne, d, src.codes[1], NULL, src.codes[0], NULL, rev, nstart, np->head, date,
                     precision, like) < 0)
                return PARLEY_ENOMEM;
            continue;
        }
        for (uint32_t a = 0; a < src.n; a++)
            for (uint32_t b = 0; b < tgt.n; b++) {
                if (emit(doc, si, ne, d, src.codes[a], src.np, tgt.codes[b], tgt.np, fwd, nstart, np->head, date,
                         precision, like) < 0)
                    return PARLEY_ENOMEM;
                if (rev[0] && emit(doc, si, ne, d, tgt.codes[b], tgt.np, src.codes[a], src.np, rev, nstart, np->head,
                                   date, precision, like) < 0)
                    return PARLEY_ENOMEM;
            }
    }
    return 0;
}
