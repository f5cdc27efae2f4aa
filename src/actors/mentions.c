/* mentions.c - actor and agent mentions: longest match over token word ids.
 *
 * An actor coded ### (TABARI's discard code, possibly only in some date window) or +++
 * (TABARI's "complex") stops the sentence from being coded: it keeps no mentions.
 *
 * An actor phrase that is also an ordinary English word ("Turkey", "Chad", "US") only
 * counts when the text capitalises it the way a name is written: "turkey" and "us" are
 * not countries. Agents ("police", "the foreign minister") are common nouns and match in
 * any case. */
#include <string.h>

#include "../lex/lexicon.h"
#include "actors.h"
#include "../geo/geo.h"

/* How many tokens ahead the vocabulary's slot is asked for: every token is looked up, most
 * of them a cache miss (the table is megabytes), and asked for ahead the misses overlap.
 * (Asking for the key the slot points to as well, four tokens ahead, gained nothing.) */
#define PREFETCH_AHEAD 8

void actors_word_ids(const parley_dict *d, parley_doc *doc)
{
    for (uint32_t i = 0; i < doc->ntoks; i++) {
        token *t = &doc->toks[i];
        if (i + PREFETCH_AHEAD < doc->ntoks)
            strmap_prefetch(&d->vocab, doc->toks[i + PREFETCH_AHEAD].hash);
        t->wid = dict_word_hashed(d, t->norm, t->norm_len, t->hash);
        /* a TABARI dictionary also says which words are verbs and nouns */
        if (d->tabari)
            t->tags = dict_token_tags(d, t, i > 0 ? &doc->toks[i - 1] : NULL);
        /* "re-imposed", "co-sponsored": a prefixed verb the dictionaries do not list is
         * coded as its verb ("imposed") */
        if (!t->wid && (t->flags & TF_HYPHEN) && (t->tags & T_VERB)) {
            const char *h = strrchr(t->norm, '-');
            if (h && h[1])
                t->wid = dict_word(d, h + 1, (uint32_t)strlen(h + 1));
        }
    }
}

/* May the actor phrase of tokens t[0..nwords) match, given how it is written? The first
 * word that is not a function word decides ("the West": West). */
static int actor_case_ok(const token *t, uint32_t nwords)
{
    for (uint32_t k = 0; k + 1 < nwords && t->lex && (t->lex->tags & (T_DT | T_IN)) &&
                         !(t->flags & TF_CAP);
         k++)
        t++;
    const lex_rec *r = t->lex;
    if (nwords == 1 && r && (r->tags & T_CLOSED) && !(r->tags & (T_MONTH | T_WEEKDAY)))
        return (t->flags & TF_ALLCAP) != 0; /* "US" but not "us" */
    if (t->flags & (TF_CAP | TF_DIGIT))
        return 1;
    /* lower-case: only words the lexicon does not know (al-Qaeda, hamas) */
    return r == NULL;
}

/* The first acceptable payload on a trie node, actors before agents; 0 when none. */
static uint32_t choose_payload(const parley_dict *d, uint32_t node, const token *t, uint32_t nwords)
{
    uint32_t p = d->phrases.nodes[node].payload;
    for (int pass = 0; pass < 2; pass++) {
        for (uint32_t q = p; q; q = d->payloads[q - 1].next) {
            const phrase_payload *pl = &d->payloads[q - 1];
            if (pl->kind == MK_ACTOR && pass == 0 && actor_case_ok(t, nwords))
                return q;
            if (pl->kind == MK_AGENT && pass == 1)
                return q;
        }
    }
    return 0;
}

/* A phrase being matched from token i: the longest match so far. */
typedef struct phrase_match {
    const parley_dict *d;
    const parley_doc *doc;
    const token *first;
    uint32_t i, end;
    uint32_t best_end, best_payload;
} phrase_match;

#define MAX_GAP 12

/* Extends a match that reached `node` with token `last`. A TABARI phrase written with a
 * space between two words ("PRINCE DOL_AMROTH", "DURTHANG ORC") has a gap edge there:
 * up to MAX_GAP words, but no comma, may come between them ("Prince of Dol Amroth"). */
static void extend_match(phrase_match *pm, uint32_t node, uint32_t last, int depth)
{
    const parley_dict *d = pm->d;
    uint32_t chosen = choose_payload(d, node, pm->first, last - pm->i + 1);
    if (chosen && (!pm->best_payload || last > pm->best_end)) {
        pm->best_end = last;
        pm->best_payload = chosen;
    }
    if (depth > 16 || last + 1 >= pm->end)
        return;
    uint32_t next = trie_step(&d->phrases, node, pm->doc->toks[last + 1].wid);
    if (next)
        extend_match(pm, next, last + 1, depth + 1);
    uint32_t gap = trie_step(&d->phrases, node, d->gap_wid);
    for (uint32_t k = last + 1; gap && k < pm->end && k <= last + 1 + MAX_GAP; k++) {
        const token *tk = &pm->doc->toks[k];
        if (tok_is(tk, ",") || tok_is(tk, ";"))
            break;
        next = trie_step(&d->phrases, gap, tk->wid);
        if (next)
            extend_match(pm, next, k, depth + 1);
    }
}

static int push_mention(parley_doc *doc, sent_analysis *an, uint32_t *cap, const mention *m)
{
    if (an->nmentions == *cap) {
        uint32_t nc = *cap ? *cap * 2 : 16;
        mention *p = arena_grow(&doc->arena, an->mentions, an->nmentions, nc, sizeof *p);
        if (!p)
            return PARLEY_ENOMEM;
        an->mentions = p;
        *cap = nc;
    }
    an->mentions[an->nmentions++] = *m;
    return 0;
}

/* "Paris, Texas", "Tripoli, Lebanon": a city the dictionaries code by its best-known
 * namesake (PARIS_ [FRA], TRIPOLI_ [LBY]) is the city in the division or country named
 * right after it, and that qualifier is part of the place's name, not an actor of its own
 * ("protesters in Tripoli, Lebanon clashed with police" has no Lebanon acting). The
 * gazetteer says which cities a division or country holds. */
static void qualified_cities(parley_doc *doc, sent_analysis *an, uint32_t end)
{
    uint32_t out = 0, skip_to = 0;
    for (uint32_t i = 0; i < an->nmentions; i++) {
        mention *m = &an->mentions[i];
        if (out && m->first <= skip_to && m->first > an->mentions[out - 1].first)
            continue;
        an->mentions[out++] = *m;
        m = &an->mentions[out - 1];
        uint32_t ql;
        if (m->kind != MK_ACTOR || m->person || strlen(m->code) != 3 || m->code[0] == '-')
            continue;
        const char *cc = geo_qualified_city(doc, m->first, m->last, end, &ql);
        if (cc) {
            m->code = cc;
            m->last = skip_to = ql; /* one place name, one phrase */
        }
    }
    an->nmentions = out;
}

/* "Iran-backed militias", "U.S.-trained forces": the country backs the actor, it is not the
 * actor ("U.S.-led forces" and "U.S.-based companies" are). */
static int backer_word(const token *t)
{
    static const char *const sfx[] = {"-backed", "-supported", "-funded", "-armed", "-trained",
                                      "-sponsored", "-allied", "-aligned", "-friendly", "-leaning",
                                      "-brokered", "-mediated", NULL};
    const char *h = strrchr(t->norm, '-');
    if (!h)
        return 0;
    for (int i = 0; sfx[i]; i++)
        if (strcmp(h, sfx[i]) == 0)
            return 1;
    return 0;
}

int actors_find(const parley_dict *d, parley_doc *doc, sentence *s, int date)
{
    sent_analysis *an = s->an;
    uint32_t cap = 0;
    uint32_t end = s->first + s->ntok;
    for (uint32_t i = s->first; i < end;) {
        const token *t = &doc->toks[i];
        if (t->flags & TF_PUNCT || !t->wid) {
            /* U.S.-led, Iran-backed: the part before the hyphen may name an actor */
            if ((t->flags & TF_HYPHEN) && (t->flags & TF_CAP) && !backer_word(t)) {
                const char *h = strchr(t->norm, '-');
                uint32_t w = h ? dict_word(d, t->norm, (uint32_t)(h - t->norm)) : 0;
                uint32_t node = w ? trie_step(&d->phrases, 0, w) : 0;
                uint32_t p = node ? d->phrases.nodes[node].payload : 0;
                for (; p; p = d->payloads[p - 1].next) {
                    const phrase_payload *pl = &d->payloads[p - 1];
                    if (pl->kind != MK_ACTOR)
                        continue;
                    mention m = {i, i, dict_actor_code(d, pl->entry, date), pl->entry,
                                 MK_ACTOR | MK_WEAK, 0, 0};
                    if (push_mention(doc, an, &cap, &m) < 0)
                        return PARLEY_ENOMEM;
                    break;
                }
            }
            i++;
            continue;
        }
        uint32_t best_end = 0, best_payload = 0;
        if (d->gap_wid) {
            /* TABARI phrases may leave gaps between their words */
            phrase_match pm = {d, doc, t, i, end, 0, 0};
            uint32_t node = trie_step(&d->phrases, 0, t->wid);
            if (node)
                extend_match(&pm, node, i, 0);
            best_end = pm.best_end;
            best_payload = pm.best_payload;
        } else {
            uint32_t node = 0;
            for (uint32_t j = i; j < end; j++) {
                node = trie_step(&d->phrases, node, doc->toks[j].wid);
                if (!node)
                    break;
                uint32_t chosen = choose_payload(d, node, t, j - i + 1);
                if (chosen) {
                    best_end = j;
                    best_payload = chosen;
                }
            }
        }
        if (!best_payload) {
            i++;
            continue;
        }
        const phrase_payload *pl = &d->payloads[best_payload - 1];
        mention m;
        memset(&m, 0, sizeof m);
        m.first = i;
        m.last = best_end;
        m.entry = pl->entry;
        m.kind = pl->kind;
        if (pl->kind == MK_ACTOR) {
            m.code = dict_actor_code(d, pl->entry, date);
            m.person = d->actors[pl->entry].nwin > 0;
        } else {
            m.code = dict_str(d, d->agents[pl->entry].code);
            m.agent_prefix = d->agents[pl->entry].prefix;
        }
        if (push_mention(doc, an, &cap, &m) < 0)
            return PARLEY_ENOMEM;
        /* TABARI's discard code on an actor ([###], or a date window coded ###) and its
         * "complex" code [+++]: the sentence is not coded */
        if (m.kind == MK_ACTOR && (strcmp(m.code, "###") == 0 || strcmp(m.code, "+++") == 0)) {
            s->discarded = 1;
            an->nmentions = 0;
            return 0;
        }
        i = best_end + 1;
    }
    qualified_cities(doc, an, end);
    return 0;
}

int actors_discards(const parley_dict *d, parley_doc *doc)
{
    if (!d->discards.nnodes)
        return 0;
    int story = 0;
    for (uint32_t si = 0; si < doc->nsents; si++) {
        sentence *s = &doc->sents[si];
        uint32_t end = s->first + s->ntok;
        for (uint32_t i = s->first; i < end && !s->discarded; i++) {
            uint32_t node = 0;
            for (uint32_t j = i; j < end; j++) {
                const token *t = &doc->toks[j];
                uint32_t next = trie_step(&d->discards, node, t->wid);
                uint32_t flags = next ? d->discards.nodes[next].payload : 0;
                /* the last word may carry an ending: TYPHOON matches "typhoons" */
                if (!flags && node && t->norm_len > 2) {
                    uint32_t n = t->norm_len;
                    uint32_t stem = 0;
                    if (t->norm[n - 1] == 's')
                        stem = dict_word(d, t->norm, n - 1);
                    if (!stem && n > 3 && t->norm[n - 1] == 's' && t->norm[n - 2] == 'e')
                        stem = dict_word(d, t->norm, n - 2);
                    uint32_t alt = stem ? trie_step(&d->discards, node, stem) : 0;
                    uint32_t af = alt ? d->discards.nodes[alt].payload : 0;
                    if (af && !(af & 4))
                        flags = af;
                }
                if (!flags && node == 0 && t->norm_len > 2 && t->norm[t->norm_len - 1] == 's' &&
                    dict_plural_root_may(d, t->hash)) {
                    uint32_t stem = dict_word(d, t->norm, t->norm_len - 1);
                    uint32_t alt = stem ? trie_step(&d->discards, 0, stem) : 0;
                    uint32_t af = alt ? d->discards.nodes[alt].payload : 0;
                    if (af && !(af & 4))
                        flags = af;
                }
                if (flags & 3) {
                    s->discarded = 1;
                    if (flags & 2)
                        story = 1;
                    break;
                }
                if (!next)
                    break;
                node = next;
            }
        }
    }
    return story;
}
