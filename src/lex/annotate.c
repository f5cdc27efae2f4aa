/* annotate.c - word classes a token can have, from the lexicon or, for words WordNet
 * does not know, from their shape (capitalisation, suffix, digits). */
#include <string.h>

#include "../text/text.h"
#include "lexicon.h"
#include "reporting.h"

static int ends_with(const char *s, uint32_t n, const char *suf)
{
    size_t k = strlen(suf);
    return n >= k && memcmp(s + n - k, suf, k) == 0;
}

static uint32_t guess(const char *w, uint32_t n)
{
    if (n > 4 && ends_with(w, n, "ly"))
        return T_RB | T_JJ;
    if (n > 5 && ends_with(w, n, "ing"))
        return T_VBG | T_NN;
    if (n > 4 && ends_with(w, n, "ed"))
        return T_VBD | T_VBN | T_JJ;
    if (ends_with(w, n, "ic") || ends_with(w, n, "al") || ends_with(w, n, "ous") ||
        ends_with(w, n, "ive") || ends_with(w, n, "ful") || ends_with(w, n, "less") ||
        ends_with(w, n, "ian") || ends_with(w, n, "ese") || ends_with(w, n, "ish") ||
        ends_with(w, n, "ary") || ends_with(w, n, "able"))
        return T_JJ | T_NN;
    if (n > 3 && ends_with(w, n, "s") && !ends_with(w, n, "ss"))
        return T_NNS | T_VBZ;
    return T_NN;
}

static uint32_t tags_of(const char *w, uint32_t n)
{
    const lex_rec *r = lex_find(w, n);
    return r ? r->tags : 0;
}

/* Prefixes that make a verb of a verb ("test-fire", "co-host", "re-impose"). */
static int verb_prefix(const char *s, size_t n)
{
    static const char *const pre[] = {"test", "co", "re", "pre", "air", NULL};
    for (int i = 0; pre[i]; i++)
        if (strlen(pre[i]) == n && memcmp(s, pre[i], n) == 0)
            return 1;
    return 0;
}

void lex_annotate(parley_doc *doc)
{
    /* the look-ups first, each record asked for as soon as it is known: its cache miss
     * then overlaps the next look-ups instead of stalling the token that reads it */
    for (uint32_t i = 0; i < doc->ntoks; i++) {
        token *t = &doc->toks[i];
        if (i + 8 < doc->ntoks)
            lex_prefetch(doc->toks[i + 8].hash);
        if (!(t->flags & TF_PUNCT)) {
            t->lex = lex_find_hashed(t->norm, t->norm_len, t->hash);
            if (t->lex)
                __builtin_prefetch(t->lex);
        }
    }
    for (uint32_t i = 0; i < doc->ntoks; i++) {
        token *t = &doc->toks[i];
        if (t->flags & TF_PUNCT) {
            t->tags = 0;
            continue;
        }
        t->report = 0;
        if (t->lex) {
            t->tags = t->lex->tags;
            if (t->tags & T_VERB)
                t->report = lex_report(t->lex);
            continue;
        }
        if (t->flags & TF_DIGIT) {
            t->tags = T_CD;
            continue;
        }
        if (t->flags & TF_HYPHEN) {
            /* Iran-backed, U.N.-led, long-range: the last part decides */
            const char *h = strrchr(t->norm, '-');
            if (h && h[1]) {
                uint32_t n = (uint32_t)strlen(h + 1);
                uint32_t last = tags_of(h + 1, n);
                if (!last)
                    last = guess(h + 1, n);
                if (last & (T_VBN | T_VBG | T_JJ))
                    t->tags = T_JJ | (last & T_NOUN);
                else
                    t->tags = 0;
                /* "test-fired", "co-hosted", "re-imposed": a verb with a prefix may be the
                 * sentence's verb (the tagger decides from the context) */
                uint32_t inflected = last & (T_VBD | T_VBN | T_VBZ | T_VBG);
                if (inflected && verb_prefix(t->norm, (size_t)(h - t->norm)))
                    t->tags |= inflected; /* not "co-chairman" (to chairman) */
                if (t->tags)
                    continue;
                t->tags = last & (T_NOUN | T_JJ) ? last & (T_NOUN | T_JJ) : T_NN;
                continue;
            }
        }
        if (t->flags & TF_ABBR) {
            t->tags = T_NN;
            continue;
        }
        t->tags = guess(t->norm, t->norm_len);
    }
}

const char *lex_reporting(const token *t)
{
    return t->report && (t->tags & T_VERB) ? LEX_REPORTING[t->report - 1][1] : NULL;
}
