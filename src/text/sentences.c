/* sentences.c - sentence boundaries over tokens, and wire-story datelines.
 *
 * A sentence ends at . ! ? (plus any closing quotes or brackets) when the next token
 * can start a sentence. Abbreviations are already single tokens (U.S., Gen., Jan.), so
 * their periods never end a sentence by themselves -- except an initialism such as U.S.
 * at the end of a sentence, recognised when the next word is one that typically starts
 * a sentence ("... sanctions on the U.S. The move ..."). A blank line always ends one. */
#include <string.h>

#include "../lex/lexicon.h"
#include "text.h"

/* A quote or bracket that closes what the terminal punctuation ended: it follows with no
 * space in between ('... he said."'), while an opening quote of the next sentence is
 * separated by a space. */
static int is_closer(const token *t, const token *prev)
{
    if (!((t->flags & TF_QUOTE) || tok_is(t, ")") || tok_is(t, "]") || tok_is(t, "'")))
        return 0;
    return t->start == prev->end;
}

static int is_terminal(const token *t)
{
    if (!(t->flags & TF_PUNCT))
        return 0;
    return tok_is(t, ".") || tok_is(t, "!") || tok_is(t, "?") || tok_is(t, "...") ||
           tok_is(t, "\xe2\x80\xa6") || tok_is(t, "..");
}

/* Words that start sentences far more often than they follow an abbreviation inside one. */
static int sentence_starter(const token *t)
{
    if (!(t->flags & TF_CAP))
        return 0;
    const lex_rec *r = lex_find_hashed(t->norm, t->norm_len, t->hash);
    if (!r)
        return 0;
    uint32_t closed = T_DT | T_PRP | T_PRPS | T_WH | T_CC | T_SUB | T_EX | T_IN | T_TO | T_MD;
    return (r->tags & closed) && !(r->tags & (T_MONTH | T_TITLE));
}

static int company_suffix(const token *t)
{
    return tok_is(t, "corp.") || tok_is(t, "inc.") || tok_is(t, "ltd.") || tok_is(t, "co.") ||
           tok_is(t, "plc.") || tok_is(t, "llc.") || tok_is(t, "bros.");
}

static int can_start(const token *t)
{
    return (t->flags & (TF_CAP | TF_DIGIT | TF_QUOTE)) || tok_is(t, "(") || tok_is(t, "-");
}

/* Datelines: "MOSCOW (Reuters) -", "KYIV, Ukraine, March 3 (AP) --", "CEBU CITY: --".
 * Returns the number of dateline tokens at the start of the document (0 when none). */
static uint32_t find_dateline(const parley_doc *doc)
{
    const token *t = doc->toks;
    uint32_t n = doc->ntoks, i = 0;
    if (n < 3 || !(t[0].flags & TF_ALLCAP) || (t[0].flags & TF_PUNCT))
        return 0;
    /* upper-case place words, then after a comma a country, region or date */
    int seen_comma = 0;
    while (i < n && i < 12) {
        const token *x = &t[i];
        if (tok_is(x, ","))
            seen_comma = 1;
        else if (!(x->flags & TF_ALLCAP) &&
                 !(seen_comma && (x->flags & (TF_CAP | TF_DIGIT | TF_ABBR))))
            break;
        i++;
    }
    if (i < n && tok_is(&t[i], "(")) {
        uint32_t j = i + 1;
        while (j < n && j < i + 6 && !tok_is(&t[j], ")"))
            j++;
        if (j >= n || !tok_is(&t[j], ")"))
            return 0;
        i = j + 1;
    }
    if (i < n && tok_is(&t[i], ":"))
        i++;
    /* the dash stands apart: "MOSCOW -" is a dateline, "U.S.-backed" is not */
    if (i > 0 && i < n && (t[i].flags & TF_PUNCT) && t[i].norm[0] == '-' && t[i].start > t[i - 1].end)
        return i + 1;
    return 0;
}

static int push_sentence(parley_doc *doc, uint32_t *cap, uint32_t first, uint32_t end)
{
    if (end <= first)
        return 0;
    if (doc->nsents == *cap) {
        uint32_t nc = *cap ? *cap * 2 : 32;
        sentence *s = arena_grow(&doc->arena, doc->sents, doc->nsents, nc, sizeof *s);
        if (!s)
            return PARLEY_ENOMEM;
        doc->sents = s;
        *cap = nc;
    }
    sentence *s = &doc->sents[doc->nsents++];
    memset(s, 0, sizeof *s);
    s->first = first;
    s->ntok = end - first;
    s->start = doc->toks[first].start;
    s->end = doc->toks[end - 1].end;
    doc->toks[first].flags |= TF_SENT_START;
    return 0;
}

int text_split_sentences(parley_doc *doc)
{
    uint32_t cap = 0;
    doc->nsents = 0;
    uint32_t n = doc->ntoks;
    uint32_t first = find_dateline(doc);
    if (first) {
        doc->dateline.start = doc->toks[0].start;
        doc->dateline.end = doc->toks[first - 1].end;
        doc->body_start = first < n ? doc->toks[first].start : doc->text_len;
    }
    for (uint32_t i = first; i < n; i++) {
        const token *t = &doc->toks[i];
        if ((t->flags & TF_PARA) && i > first) {
            if (push_sentence(doc, &cap, first, i) < 0)
                return PARLEY_ENOMEM;
            first = i;
        }
        uint32_t end = 0;
        if (is_terminal(t)) {
            uint32_t j = i + 1;
            while (j < n && is_closer(&doc->toks[j], &doc->toks[j - 1]) && !(doc->toks[j].flags & TF_PARA))
                j++;
            if (j >= n || can_start(&doc->toks[j]) || (doc->toks[j].flags & TF_PARA))
                end = j;
        } else if ((t->flags & TF_ABBR) && i + 1 < n) {
            const token *nx = &doc->toks[i + 1];
            const lex_rec *r = lex_find_hashed(t->norm, t->norm_len, t->hash);
            int title = r && (r->tags & (T_TITLE | T_MONTH));
            int initial = t->norm_len == 2; /* "W." */
            if (!title && !initial && sentence_starter(nx))
                end = i + 1;
            /* "... said an analyst at Swiss Bank Corp. Russia will ...": after a company
             * suffix, a capitalised word followed by a lower-case one opens a sentence
             * ("Exxon Corp. President Lee Raymond" and "Exxon Corp. said" do not) */
            if (!end && company_suffix(t) && (nx->flags & TF_CAP) && !(nx->flags & TF_PUNCT) && i + 2 < n &&
                !(doc->toks[i + 2].flags & (TF_CAP | TF_PUNCT | TF_DIGIT)) && !(nx->flags & TF_ABBR))
                end = i + 1;
        }
        if (end) {
            if (push_sentence(doc, &cap, first, end) < 0)
                return PARLEY_ENOMEM;
            first = end;
            i = end - 1;
        }
    }
    if (first < n && push_sentence(doc, &cap, first, n) < 0)
        return PARLEY_ENOMEM;
    return 0;
}
