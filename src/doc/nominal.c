/* nominal.c - events a noun tells, with a date of their own.
 *
 * "It was their first meeting since March 3, 2023" says the two met on March 3, 2023.
 * A noun of meeting, talks, visit or call with a possessive "their" and a "since"/"on"
 * date yields that earlier event between the actors "their" refers to, dated that day.
 * Verb patterns cannot see these: no verb carries them. */
#include <stdio.h>
#include <string.h>

#include "../base/date.h"
#include "doc.h"

/* event nouns and their CAMEO codes (facts of the CAMEO codebook: 04 consult) */
static const char *noun_code(const token *t)
{
    static const char *const table[][2] = {
        {"meeting", "040"}, {"meetings", "040"}, {"summit", "040"}, {"talks", "046"},
        {"negotiations", "046"}, {"visit", "042"}, {"call", "041"}, {"conversation", "041"},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (tok_is(t, table[i][0]))
            return table[i][1];
    return NULL;
}

int nominal_events(parley_doc *doc, uint32_t si)
{
    sentence *s = &doc->sents[si];
    sent_analysis *an = s->an;
    for (uint32_t k = 0; k < an->nnps; k++) {
        const nphrase *np = &an->nps[k];
        if (np->deleted || !tok_is(&doc->toks[np->first], "their"))
            continue;
        const char *code = noun_code(&doc->toks[np->head]);
        if (!code)
            continue;
        /* "since" or "on" and an exact date right after the noun phrase */
        uint32_t p = np->last + 1;
        if (p >= s->first + s->ntok || !(tok_is(&doc->toks[p], "since") || tok_is(&doc->toks[p], "on")))
            continue;
        const timex *when = NULL;
        for (uint32_t i = 0; i < an->ntimex; i++)
            if (an->timex[i].first == p + 1 && an->timex[i].kind == TX_DATE)
                when = &an->timex[i];
        if (!when)
            continue;
        const char *const *codes;
        uint32_t n;
        int r = coref_plural_codes(doc, si, np->first, &codes, &n);
        if (r < 0)
            return r;
        if (!r || n != 2)
            continue;
        for (int dir = 0; dir < 2; dir++) {
            parley_event ev;
            memset(&ev, 0, sizeof ev);
            ev.sentence = (int)si;
            ev.date = when->date;
            ev.date_precision = PARLEY_DATE_DAY;
            ev.source = codes[dir];
            ev.target = codes[1 - dir];
            ev.source_text = ev.target_text = doc_span_text(doc, doc->toks[np->first].start, doc->toks[np->first].end);
            doc_event_code(&ev, code);
            ev.sentence_span.start = s->start;
            ev.sentence_span.end = s->end;
            ev.verb_span.start = doc->toks[np->head].start;
            ev.verb_span.end = doc->toks[np->head].end;
            ev.verb = doc_span_text(doc, ev.verb_span.start, ev.verb_span.end);
            ev.pattern = "their <meeting|talks|visit|call> since|on <date>";
            ev.pattern_file = "src/doc/nominal.c";
            ev.pattern_line = 0;
            if (doc->source && *doc->source) {
                parley_link *l = arena_alloc(&doc->arena, sizeof *l);
                if (!l)
                    return PARLEY_ENOMEM;
                *l = (parley_link){doc->source, "", "published"};
                ev.attribution = l;
                ev.nattribution = 1;
            }
            if (!doc_add_event(doc, &ev))
                return PARLEY_ENOMEM;
        }
    }
    return 0;
}
