/* attrib.c - who said so: the attribution chain of a sentence's events, and their modality.
 *
 * Wire copy puts its sources at the edges of the sentence: "..., Kyodo reported, citing a
 * government spokesman." / "According to state media, ...". The comma-delimited clauses at
 * the end (and an "according to" clause at the start) that report, cite or quote are read
 * as links, outermost first; the document's outlet goes before them. A reporting verb with
 * a complement ("the ministry said that ...") adds its subject for the events inside it
 * (coder.c asks for that link). */
#include <string.h>

#include "../lex/lexicon.h"
#include "doc.h"

const char *parley_modality_name(int m)
{
    switch (m) {
    case PARLEY_MOD_REPORTED: return "reported";
    case PARLEY_MOD_CLAIMED: return "claimed";
    case PARLEY_MOD_DENIED: return "denied";
    case PARLEY_MOD_HYPOTHETICAL: return "hypothetical";
    case PARLEY_MOD_FUTURE: return "future";
    default: return "asserted";
    }
}

const char *attrib_relation(const token *t)
{
    return lex_reporting(t);
}

static const nphrase *np_at(const sentence *s, uint32_t tok)
{
    int32_t k = s->an->np_of[tok - s->first];
    if (k < 0)
        return NULL;
    const nphrase *np = &s->an->nps[k];
    while (np->merged_into >= 0)
        np = &s->an->nps[np->merged_into];
    return np;
}

int attrib_link_of(parley_doc *doc, const sentence *s, const nphrase *np, const char *relation,
                   parley_link *out)
{
    out->text = doc_span_text(doc, doc->toks[np->first].start, doc->toks[np->last].end);
    out->code = np->ncodes ? np->codes[0] : "";
    out->relation = relation;
    (void)s;
    return out->text ? 0 : PARLEY_ENOMEM;
}

/* The speaker of an attribution clause [a, b): the phrase after "citing"/"according to",
 * else the subject before the reporting verb, else the phrase after it ("said the
 * ministry"). */
static int clause_link(parley_doc *doc, const sentence *s, uint32_t a, uint32_t b, parley_link *out)
{
    const token *t0 = &doc->toks[a];
    const char *rel = NULL;
    uint32_t from = a;
    if (tok_is(t0, "citing") || tok_is(t0, "quoting")) {
        rel = tok_is(t0, "citing") ? "citing" : "quoting";
        from = a + 1;
    } else if (tok_is(t0, "according") && a + 1 < b && tok_is(&doc->toks[a + 1], "to")) {
        rel = "according to";
        from = a + 2;
    }
    if (rel) {
        for (uint32_t i = from; i < b; i++) {
            const nphrase *np = np_at(s, i);
            if (np && !np->temporal)
                return attrib_link_of(doc, s, np, rel, out) < 0 ? PARLEY_ENOMEM : 1;
        }
        return 0;
    }
    for (uint32_t v = a; v < b; v++) {
        const char *r = attrib_relation(&doc->toks[v]);
        if (!r || np_at(s, v))
            continue;
        /* "in a statement" after the verb makes it a statement */
        for (uint32_t k = v + 1; k + 2 < b; k++)
            if (tok_is(&doc->toks[k], "statement"))
                r = "statement";
        const nphrase *subj = NULL;
        for (uint32_t i = a; i < v; i++) {
            const nphrase *np = np_at(s, i);
            if (np && !np->temporal && !subj)
                subj = np;
        }
        for (uint32_t i = v + 1; i < b && !subj; i++) {
            const nphrase *np = np_at(s, i);
            if (np && !np->temporal)
                subj = np;
        }
        if (!subj)
            return 0;
        return attrib_link_of(doc, s, subj, r, out) < 0 ? PARLEY_ENOMEM : 1;
    }
    return 0;
}

int attrib_sentence(parley_doc *doc, uint32_t si)
{
    sentence *s = &doc->sents[si];
    sent_analysis *an = s->an;
    uint32_t first = s->first, end = s->first + s->ntok;
    while (end > first && (doc->toks[end - 1].flags & TF_PUNCT) && !tok_is(&doc->toks[end - 1], ")"))
        end--;
    /* comma-delimited segments */
    uint32_t cut[65];
    int n = 0;
    cut[n++] = first;
    for (uint32_t i = first; i < end && n < 64; i++)
        if (tok_is(&doc->toks[i], ","))
            cut[n++] = i + 1;
    cut[n] = end + 1;
    parley_link links[8];
    int nl = 0;
    /* trailing segments that report, cite or quote; text order = outermost first */
    int seg = n - 1;
    while (seg > 0) {
        parley_link l;
        int r = clause_link(doc, s, cut[seg], cut[seg + 1] - 1, &l);
        if (r < 0)
            return PARLEY_ENOMEM;
        if (!r)
            break;
        seg--;
    }
    for (int k = seg + 1; k < n && nl < 8; k++) {
        parley_link l;
        int r = clause_link(doc, s, cut[k], cut[k + 1] - 1, &l);
        if (r < 0)
            return PARLEY_ENOMEM;
        if (r)
            links[nl++] = l;
    }
    /* a leading "According to X," */
    if (n > 1 && tok_is(&doc->toks[first], "according") && nl < 8) {
        parley_link l;
        int r = clause_link(doc, s, first, cut[1] - 1, &l);
        if (r < 0)
            return PARLEY_ENOMEM;
        if (r) {
            memmove(links + 1, links, sizeof links[0] * (size_t)nl);
            links[0] = l;
            nl++;
        }
    }
    if (!nl)
        return 0;
    an->links = arena_alloc(&doc->arena, sizeof(parley_link) * (size_t)nl);
    if (!an->links)
        return PARLEY_ENOMEM;
    memcpy(an->links, links, sizeof(parley_link) * (size_t)nl);
    an->nlinks = (uint32_t)nl;
    return 0;
}

/* The subject of the reporting verb nearest the quotation [qa, qb] (token range of the
 * quotation marks): '"...," the minister said', 'X said: "..."', ', saying "..."'. */
static const nphrase *speaker_of(const parley_doc *doc, const sentence *s, uint32_t qa, uint32_t qb)
{
    uint32_t first = s->first, end = s->first + s->ntok;
    /* after the closing mark: [,] NP said / said NP */
    for (uint32_t v = qb + 1; v < end && v < qb + 8; v++) {
        if (doc->toks[v].flags & TF_QUOTE)
            break;
        if (!lex_reporting(&doc->toks[v]))
            continue;
        for (uint32_t i = qb + 1; i < end && i < v + 6; i++) {
            const nphrase *np = i == v ? NULL : np_at(s, i);
            if (np && !np->temporal)
                return np;
        }
    }
    /* before the opening mark: the subject of a reporting verb of the clause */
    for (uint32_t v = qa; v-- > first;) {
        if (!lex_reporting(&doc->toks[v]))
            continue;
        for (uint32_t i = first; i < v; i++) {
            const nphrase *np = np_at(s, i);
            if (np && !np->temporal && np->ncodes)
                return np;
        }
        break;
    }
    return NULL;
}

int quotes_sentence(parley_doc *doc, uint32_t si)
{
    sentence *s = &doc->sents[si];
    sent_analysis *an = s->an;
    uint32_t end = s->first + s->ntok;
    parley_quote found[8];
    uint32_t n = 0;
    for (uint32_t i = s->first; i < end && n < 8; i++) {
        const token *t = &doc->toks[i];
        /* double quotation marks only: single ones double as apostrophes */
        if (!(t->flags & TF_QUOTE) || strcmp(t->norm, "\"") != 0)
            continue;
        uint32_t j = i + 1;
        while (j < end && !((doc->toks[j].flags & TF_QUOTE) && strcmp(doc->toks[j].norm, "\"") == 0))
            j++;
        if (j >= end)
            break;
        if (j - i >= 3) {
            parley_quote q;
            q.span.start = doc->toks[i + 1].start;
            q.span.end = doc->toks[j - 1].end;
            q.text = doc_span_text(doc, q.span.start, q.span.end);
            const nphrase *sp = speaker_of(doc, s, i, j);
            if (!sp && an->nlinks) {
                q.speaker = an->links[an->nlinks - 1].code;
                q.speaker_text = an->links[an->nlinks - 1].text;
            } else if (sp) {
                q.speaker = sp->ncodes ? sp->codes[0] : "";
                q.speaker_text = doc_span_text(doc, doc->toks[sp->first].start, doc->toks[sp->last].end);
            } else {
                q.speaker = q.speaker_text = "";
            }
            if (!q.text || !q.speaker_text)
                return PARLEY_ENOMEM;
            found[n++] = q;
        }
        i = j;
    }
    if (!n)
        return 0;
    an->quotes = arena_alloc(&doc->arena, sizeof(parley_quote) * n);
    if (!an->quotes)
        return PARLEY_ENOMEM;
    memcpy(an->quotes, found, sizeof(parley_quote) * n);
    an->nquotes = n;
    return 0;
}
