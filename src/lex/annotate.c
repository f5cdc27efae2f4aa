/* annotate.c - word classes a token can have, from the lexicon or, for words WordNet
 * does not know, from their shape (capitalisation, suffix, digits). */
#include <string.h>

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

void lex_annotate(parley_doc *doc)
{
    for (uint32_t i = 0; i < doc->ntoks; i++) {
        token *t = &doc->toks[i];
        if (t->flags & TF_PUNCT) {
            t->tags = 0;
            continue;
        }
        t->lex = lex_find(t->norm, t->norm_len);
        if (t->lex) {
            t->tags = t->lex->tags;
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
    /* lemma -> the relation an attribution chain records */
    static const char *const verbs[][2] = {
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
    if (!t->lex || !(t->tags & T_VERB))
        return NULL;
    const char *lemma = lex_form(lex_lemma(t->lex));
    for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++)
        if (strcmp(lemma, verbs[i][0]) == 0)
            return verbs[i][1];
    return NULL;
}
