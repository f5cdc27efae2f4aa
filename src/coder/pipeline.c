/* pipeline.c - parley_code(): runs the stages over one document, in order. */
#include <stdlib.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "../actors/actors.h"
#include "../doc/doc.h"
#include "../geo/geo.h"
#include "../lex/lexicon.h"
#include "../syntax/syntax.h"
#include "../text/text.h"
#include "coder.h"

void parley_options_init(parley_options *o)
{
    memset(o, 0, sizeof *o);
    o->require_dyad = true;
    o->max_sentence_tokens = 400;
    o->comma_min = 2;
    o->comma_max = 8;
    o->comma_bmin = 0;
    o->comma_bmax = 0;
    o->comma_emin = 2;
    o->comma_emax = 8;
    o->subordinate_clauses = true;
    o->geo = true;
    o->default_prior = true;
    o->default_after = true;
}

int parley_options_set(parley_options *o, const char *name, const char *value)
{
    bool *flag = strcmp(name, "require_dyad") == 0          ? &o->require_dyad
                 : strcmp(name, "subordinate_clauses") == 0 ? &o->subordinate_clauses
                 : strcmp(name, "keep_negated") == 0        ? &o->keep_negated
                 : strcmp(name, "geo") == 0                 ? &o->geo
                 : strcmp(name, "lone_agents") == 0         ? &o->lone_agents
                 : strcmp(name, "default_prior") == 0       ? &o->default_prior
                 : strcmp(name, "default_after") == 0       ? &o->default_after
                 : strcmp(name, "adjacent_agents") == 0     ? &o->adjacent_agents
                                                            : NULL;
    if (flag) {
        if (strcasecmp(value, "true") == 0 || strcmp(value, "1") == 0)
            *flag = true;
        else if (strcasecmp(value, "false") == 0 || strcmp(value, "0") == 0)
            *flag = false;
        else
            return PARLEY_EARG;
        return 0;
    }
    /* TABARI's DEFAULT: codes (an empty value turns them off) */
    char *text = strcmp(name, "default_source") == 0   ? o->default_source
                 : strcmp(name, "default_target") == 0 ? o->default_target
                                                       : NULL;
    if (text) {
        size_t n = strlen(value);
        if (n >= sizeof o->default_source)
            return PARLEY_EARG;
        memcpy(text, value, n + 1);
        return 0;
    }
    static const struct {
        const char *name;
        size_t off;
    } ints[] = {
        {"comma_min", offsetof(parley_options, comma_min)},
        {"comma_max", offsetof(parley_options, comma_max)},
        {"comma_bmin", offsetof(parley_options, comma_bmin)},
        {"comma_bmax", offsetof(parley_options, comma_bmax)},
        {"comma_emin", offsetof(parley_options, comma_emin)},
        {"comma_emax", offsetof(parley_options, comma_emax)},
        {"max_sentence_tokens", offsetof(parley_options, max_sentence_tokens)},
        {"min_sentence_words", offsetof(parley_options, min_sentence_words)},
    };
    for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
        if (strcmp(name, ints[i].name) != 0)
            continue;
        char *end;
        long v = strtol(value, &end, 10);
        if (*end || end == value || v < 0 || v > 100000)
            return PARLEY_EARG;
        *(int *)(void *)((char *)o + ints[i].off) = (int)v;
        return 0;
    }
    return PARLEY_EARG;
}

/* Words of a sentence for min_sentence_words: tokens that are not punctuation, clitics
 * ("'s") included in their word. */
static uint32_t sentence_words(const parley_doc *doc, const sentence *s)
{
    uint32_t n = 0;
    for (uint32_t i = s->first; i < s->first + s->ntok; i++) {
        const token *t = &doc->toks[i];
        if (!(t->flags & TF_PUNCT) && t->norm_len && t->norm[0] != '\'')
            n++;
    }
    return n;
}

int parley_code(const parley_dict *d, const parley_options *opts, parley_doc *doc, parley_error *err)
{
    parley_options defaults;
    if (!opts) {
        parley_options_init(&defaults);
        opts = &defaults;
    }
    doc->ntoks = doc->nsents = doc->nevents = doc->nents = 0;
    doc->story_discarded = false;
    doc->nplaces = 0;
    doc->places = NULL;
    doc->dateline_place = -1;
    doc->dateline_cc = NULL;
    int rc = text_tokenize(doc);
    if (rc == 0)
        rc = text_split_sentences(doc);
    if (rc < 0)
        goto oom;
    lex_annotate(doc);
    actors_word_ids(d, doc);
    doc->anchor = dates_anchor(doc);
    doc->dateline_cc = geo_dateline_country(doc);
    if (actors_discards(d, doc)) {
        doc->story_discarded = true;
        return 0;
    }
    /* The actors and agents of every sentence first: a sentence's mentions depend on its
     * own words only. A document that names none can give no event (every event's parties
     * come from coded phrases, a reference's from an earlier one), unless a default code
     * stands in: the stages after this are not run for it (but for explain: trace). A
     * fifth of Reuters' documents name no actor or agent. */
    uint8_t *coded = arena_calloc(&doc->arena, doc->nsents ? doc->nsents : 1, 1);
    if (!coded)
        goto oom;
    uint32_t nmentions = 0;
    for (uint32_t si = 0; si < doc->nsents; si++) {
        sentence *s = &doc->sents[si];
        s->an = arena_calloc(&doc->arena, 1, sizeof *s->an);
        if (!s->an)
            goto oom;
        if (s->discarded || s->ntok > (uint32_t)opts->max_sentence_tokens)
            continue;
        if (opts->min_sentence_words && sentence_words(doc, s) < (uint32_t)opts->min_sentence_words)
            continue;
        coded[si] = 1; /* decided before actors_find, which may discard it (###) */
        if (actors_find(d, doc, s, doc->date) < 0)
            goto oom;
        nmentions += s->an->nmentions;
    }
    if (!nmentions && !opts->trace && !opts->default_source[0] && !opts->default_target[0])
        goto done;
    for (uint32_t si = 0; si < doc->nsents; si++) {
        sentence *s = &doc->sents[si];
        if (!coded[si])
            continue;
        if (syntax_analyze(opts, doc, s) < 0 || dates_find(doc, s, doc->anchor) < 0 ||
            nominal_claim_dates(d, doc, si) < 0 || coref_resolve(doc, si) < 0 ||
            attrib_sentence(doc, si) < 0 || quotes_sentence(doc, si) < 0 ||
            coder_sentence(d, opts, doc, si) < 0 || nominal_events(d, doc, si) < 0 ||
            coref_remember(doc, si) < 0)
            goto oom;
    }
    /* where each event happened: needs the whole document (its dateline, the places and
     * actors of other sentences), so it runs once coding is done. A document without
     * events has nothing to place (explain shows its places all the same: trace). */
    if (opts->geo && (doc->nevents || opts->trace)) {
        doc->gaz = gaz_shared();
        if (geo_document(doc) < 0)
            goto oom;
    }
done:
    if (arena_failed(&doc->arena))
        goto oom;
    return (int)doc->nevents;
oom:
    error_set(err, PARLEY_ENOMEM, NULL, 0, 0, doc->id, "out of memory");
    return PARLEY_ENOMEM;
}
