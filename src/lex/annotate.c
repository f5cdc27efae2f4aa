/* annotate.c - word classes a token can have, from the lexicon or, for words WordNet
 * does not know, from their shape (capitalisation, suffix, digits). */
#include <pthread.h>
#include <string.h>

#include "../base/strmap.h"
#include "../base/wordset.h"
#include "../text/text.h"
#include "lexicon.h"

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

/* Reporting verbs: lemma -> the relation an attribution chain records. */
static const char *const REPORTING[][2] = {
    {"say", "said"}, {"report", "reported"}, {"tell", "told"}, {"announce", "announced"},
    {"state", "stated"}, {"add", "added"}, {"claim", "claimed"}, {"confirm", "confirmed"},
    {"write", "wrote"}, {"quote", "quoting"}, {"cite", "citing"}, {"note", "noted"},
    {"allege", "alleged"}, {"deny", "denied"}, {"insist", "insisted"}, {"declare", "declared"},
    {"believe", "believed"}, {"think", "thought"}, {"argue", "argued"}, {"stress", "stressed"},
    {"reiterate", "reiterated"}, {"indicate", "indicated"}, {"suggest", "suggested"},
    {"explain", "explained"}, {"assert", "asserted"}, {"maintain", "maintained"},
    {"acknowledge", "acknowledged"}, {"admit", "admitted"}, {"repeat", "repeated"},
    {"emphasize", "emphasized"}, {"emphasise", "emphasised"}, {"underline", "underlined"},
    {"estimate", "estimated"}, {"predict", "predicted"}, {"recall", "recalled"},
    {"disclose", "disclosed"}, {"reveal", "revealed"}, {"signal", "signalled"},
    {"hint", "hinted"},
};
#define NREPORTING (sizeof REPORTING / sizeof REPORTING[0])

/* The lemmas of REPORTING, in its order, as a word set (filled on first use). */
static const char *reporting_lemmas[NREPORTING + 1];
static wordset reporting_set = WORDSET(reporting_lemmas);
static pthread_once_t reporting_once = PTHREAD_ONCE_INIT;

static void reporting_init(void)
{
    for (size_t i = 0; i < NREPORTING; i++)
        reporting_lemmas[i] = REPORTING[i][0];
    wordset_build(&reporting_set);
}

/* The reporting verb a lexicon record's lemma is, as an index + 1 into REPORTING (0 none).
 * Computed once per token in lex_annotate: the syntax and coding stages ask often. Each
 * thread remembers the answer for its recent verb records (a few thousand verbs make most
 * news): finding the lemma's form is two cache misses in the 7 MB lexicon, then a strlen
 * and a hash of it. */
#define REPORT_MEMO 512u

static _Thread_local struct {
    const lex_rec *r;
    uint8_t report;
} report_memo[REPORT_MEMO];

static uint8_t reporting_of(const lex_rec *r)
{
    size_t k = ((uintptr_t)r / sizeof *r) & (REPORT_MEMO - 1);
    if (report_memo[k].r == r)
        return report_memo[k].report;
    const char *lemma = lex_form(lex_lemma(r));
    pthread_once(&reporting_once, reporting_init);
    uint8_t rep = (uint8_t)wordset_index(&reporting_set, lemma, strmap_hash(lemma, strlen(lemma)));
    report_memo[k].r = r;
    report_memo[k].report = rep;
    return rep;
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
                t->report = reporting_of(t->lex);
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
    return t->report && (t->tags & T_VERB) ? REPORTING[t->report - 1][1] : NULL;
}
