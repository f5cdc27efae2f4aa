/* analysis.c - a human-readable dump of how a document was analysed: sentences, tokens
 * with their word classes, actor mentions, noun-phrase units with codes, verb groups.
 * The seed of `parley explain`; `parley code --trace` prints it to stderr. */
#include <stdio.h>
#include <string.h>

#include "../base/document.h"
#include "../lex/tags.h"

static const char *tag_name(uint32_t t)
{
    static const struct { uint32_t bit; const char *name; } names[] = {
        {T_NN, "NN"}, {T_NNS, "NNS"}, {T_VB, "VB"}, {T_VBZ, "VBZ"}, {T_VBD, "VBD"},
        {T_VBN, "VBN"}, {T_VBG, "VBG"}, {T_VBP, "VBP"}, {T_JJ, "JJ"}, {T_RB, "RB"},
        {T_DT, "DT"}, {T_PRP, "PRP"}, {T_PRPS, "PRP$"}, {T_IN, "IN"}, {T_SUB, "SUB"},
        {T_CC, "CC"}, {T_WH, "WH"}, {T_MD, "MD"}, {T_TO, "TO"}, {T_NEG, "NEG"},
        {T_EX, "EX"}, {T_CD, "CD"}, {T_BE, "BE"}, {T_HAVE, "HAVE"}, {T_DO, "DO"},
        {T_POS, "POS"}, {T_RP, "RP"}, {T_MONTH, "MON"}, {T_WEEKDAY, "DAY"}, {T_TIME, "TIME"},
        {T_TITLE, "TITLE"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (t & names[i].bit)
            return names[i].name;
    return "-";
}

void parley_write_analysis(FILE *out, const parley_doc *doc)
{
    fprintf(out, "document %s (%d)\n", doc->id ? doc->id : "", doc->date);
    for (uint32_t si = 0; si < doc->nsents; si++) {
        const sentence *s = &doc->sents[si];
        const sent_analysis *an = s->an;
        fprintf(out, "[%u] %.*s\n", si, (int)(s->end - s->start), doc->text + s->start);
        if (!an)
            continue;
        fputs("   ", out);
        for (uint32_t i = s->first; i < s->first + s->ntok; i++) {
            const token *t = &doc->toks[i];
            int del = an->deleted && an->deleted[i - s->first];
            fprintf(out, " %s%.*s/%s%s", del ? "{" : "", (int)(t->end - t->start), doc->text + t->start,
                    tag_name(t->tag), del ? "}" : "");
        }
        fputc('\n', out);
        for (uint32_t m = 0; m < an->nmentions; m++) {
            const mention *mn = &an->mentions[m];
            fprintf(out, "    mention %s \"%.*s\" -> %s\n", (mn->kind & 0x7f) == MK_ACTOR ? "actor" : "agent",
                    (int)(doc->toks[mn->last].end - doc->toks[mn->first].start),
                    doc->text + doc->toks[mn->first].start, mn->code ? mn->code : "(none)");
        }
        for (uint32_t k = 0; k < an->nnps; k++) {
            const nphrase *np = &an->nps[k];
            fprintf(out, "    np%u \"%.*s\"%s%s%s", k,
                    (int)(doc->toks[np->last].end - doc->toks[np->first].start),
                    doc->text + doc->toks[np->first].start, np->temporal ? " temporal" : "",
                    np->pronoun ? " pronoun" : "", np->has_actor ? " actor" : "");
            if (np->compound >= 0)
                fprintf(out, " compound=%d", np->compound);
            if (np->merged_into >= 0)
                fprintf(out, " merged->%d", np->merged_into);
            for (uint32_t c = 0; c < np->ncodes; c++)
                fprintf(out, " %s", np->codes[c]);
            fputc('\n', out);
        }
        for (uint32_t v = 0; v < an->nvgs; v++) {
            const vgroup *g = &an->vgs[v];
            fprintf(out, "    vg%u \"%.*s\" verb=\"%.*s\" depth=%d upper@%u vp_end@%u%s%s\n", v,
                    (int)(doc->toks[g->last].end - doc->toks[g->first].start),
                    doc->text + doc->toks[g->first].start,
                    (int)(doc->toks[g->verb].end - doc->toks[g->verb].start), doc->text + doc->toks[g->verb].start,
                    g->depth, g->upper_start - s->first, g->vp_end - s->first, g->passive ? " passive" : "",
                    g->finite ? " finite" : "");
        }
    }
}
