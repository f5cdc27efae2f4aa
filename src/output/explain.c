/* explain.c - `parley explain`: how a document was read, and why each event came out.
 *
 * For every sentence: the tokens with their word classes (spans the comma rules set aside
 * in braces), the actor and agent mentions with the dictionary line and date window that
 * coded them, the noun phrases with their composed codes and the antecedents of references,
 * the dates found, the attribution clauses, and each verb group with the dictionary form,
 * the pattern that won (or the default code), the source and target chosen, its date and
 * modality. Human-readable, or one JSON object per document. */
#include <stdio.h>
#include <string.h>

#include "../base/date.h"
#include "../base/document.h"
#include "../dict/dict.h"
#include "../geo/geo.h"
#include "../lex/tags.h"
#include "json.h"

static const char *tag_name(uint32_t t)
{
    static const struct { uint32_t bit; const char *name; } names[] = {
        {T_NN, "NN"}, {T_NNS, "NNS"}, {T_VB, "VB"}, {T_VBZ, "VBZ"}, {T_VBD, "VBD"},
        {T_VBN, "VBN"}, {T_VBG, "VBG"}, {T_VBP, "VBP"}, {T_JJ, "JJ"}, {T_RB, "RB"},
        {T_DT, "DT"}, {T_PRP, "PRP"}, {T_PRPS, "PRP$"}, {T_IN, "IN"}, {T_SUB, "SUB"},
        {T_CC, "CC"}, {T_WH, "WH"}, {T_MD, "MD"}, {T_TO, "TO"}, {T_NEG, "NEG"},
        {T_EX, "EX"}, {T_CD, "CD"}, {T_BE, "BE"}, {T_HAVE, "HAVE"}, {T_DO, "DO"},
        {T_POS, "POS"}, {T_RP, "RP"}, {T_MONTH, "MONTH"}, {T_WEEKDAY, "DAY"}, {T_TIME, "TIME"},
        {T_TITLE, "TITLE"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (t & names[i].bit)
            return names[i].name;
    return "-";
}

static const char *outcome_name(int o)
{
    switch (o) {
    case VG_NOVERB: return "not in the verb dictionaries";
    case VG_NOCODE: return "no event ([---])";
    case VG_CODED: return "coded";
    case VG_DEFERRED: return "reporting verb: its complement was coded instead";
    case VG_NEGATED: return "negated: dropped";
    case VG_MODIFIER: return "a participle modifying the noun before it";
    default: return "nested in a coded verb phrase";
    }
}

/* "[RUSGOV 20120507-...]" for the window (or default) an entry used on a date. */
static void window_text(const parley_dict *d, uint32_t entry, int date, char *buf, size_t cap)
{
    const actor_entry *e = &d->actors[entry];
    int w = dict_actor_window(d, entry, date);
    if (w == -2) {
        snprintf(buf, cap, "no code on this date");
    } else if (w == -1) {
        snprintf(buf, cap, "[%s] (default)", d->pool + e->defcode - 1);
    } else {
        const actor_window *x = &d->windows[e->win_first + (uint32_t)w];
        char a[11] = "", b[11] = "";
        if (x->from)
            date_format(x->from, a);
        if (x->to)
            date_format(x->to, b);
        snprintf(buf, cap, "[%s %s..%s]", d->pool + x->code, a, b);
    }
}

static void span(FILE *out, const parley_doc *doc, uint32_t first, uint32_t last)
{
    json_string_n(out, doc->text + doc->toks[first].start, doc->toks[last].end - doc->toks[first].start);
}

static void text_of(FILE *out, const parley_doc *doc, uint32_t first, uint32_t last)
{
    fprintf(out, "\"%.*s\"", (int)(doc->toks[last].end - doc->toks[first].start),
            doc->text + doc->toks[first].start);
}

static const char *file_of(const parley_dict *d, uint32_t f)
{
    return f < d->nfiles ? d->files[f] : "";
}

/* ---- human-readable ---------------------------------------------------------------- */

/* ---- places (geo/) ------------------------------------------------------------------ */

/* The place mention an event's location came from, -1 when none. */
static int32_t mention_of(const parley_doc *doc, const parley_location *l)
{
    for (uint32_t i = 0; i < doc->nplaces; i++) {
        const geo_mention *m = &doc->places[i];
        if (doc->toks[m->from].start == l->span.start && doc->toks[m->last].end == l->span.end)
            return (int32_t)i;
    }
    return -1;
}

static void place_label(FILE *out, const parley_doc *doc, uint32_t id)
{
    const geo_rec *r = gaz_place(doc->gaz, id);
    fprintf(out, "%s (%s, %s", gaz_str(doc->gaz, r->name), parley_location_type_name(r->type), r->cc[0] ? r->cc : "no country");
    if (r->type == GEO_CITY)
        fprintf(out, ", population %u", r->pop);
    fputc(')', out);
}

/* Every place name: its role, the entry chosen, why, and the best entry not chosen. */
static void human_places(FILE *out, const parley_doc *doc)
{
    if (!doc->nplaces)
        return;
    fprintf(out, "\nplaces (%u):\n", doc->nplaces);
    for (uint32_t i = 0; i < doc->nplaces; i++) {
        const geo_mention *m = &doc->places[i];
        fprintf(out, "  p%u ", i);
        if (m->sentence < 0)
            fputs("[dateline] ", out);
        else
            fprintf(out, "[%d] ", m->sentence);
        fprintf(out, "\"%.*s\" %s", (int)(doc->toks[m->last].end - doc->toks[m->from].start),
                doc->text + doc->toks[m->from].start, geo_role_name(m->role));
        if (m->adjective)
            fputs(", adjective", out);
        if (m->division)
            fputs(", the division around the city", out);
        if (m->place != GEO_NONE) {
            fputs(": ", out);
            place_label(out, doc, m->place);
            fprintf(out, ", %s", geo_reason_name(m->reason));
            if (m->key && m->key->n > 1)
                fprintf(out, " (%u places of that name)", m->key->n);
            if (m->runner_up != GEO_NONE) {
                fputs("; not ", out);
                place_label(out, doc, m->runner_up);
            }
        }
        fputc('\n', out);
    }
}

static void json_places(FILE *out, const parley_doc *doc)
{
    fputs(",\"places\":[", out);
    for (uint32_t i = 0; i < doc->nplaces; i++) {
        const geo_mention *m = &doc->places[i];
        fprintf(out, "%s{\"sentence\":%d,\"text\":", i ? "," : "", m->sentence);
        json_string_n(out, doc->text + doc->toks[m->from].start, doc->toks[m->last].end - doc->toks[m->from].start);
        fprintf(out, ",\"span\":[%u,%u],\"role\":\"%s\",\"adjective\":%s", doc->toks[m->from].start,
                doc->toks[m->last].end, geo_role_name(m->role), m->adjective ? "true" : "false");
        if (m->place != GEO_NONE) {
            const geo_rec *r = gaz_place(doc->gaz, m->place);
            fputs(",\"place\":{\"name\":", out);
            json_string(out, gaz_str(doc->gaz, r->name));
            fprintf(out, ",\"country\":\"%s\",\"type\":\"%s\"}", r->cc, parley_location_type_name(r->type));
            fputs(",\"reason\":", out);
            json_string(out, geo_reason_name(m->reason));
            fprintf(out, ",\"candidates\":%u", m->key ? m->key->n : 1);
            if (m->runner_up != GEO_NONE) {
                const geo_rec *q = gaz_place(doc->gaz, m->runner_up);
                fputs(",\"not\":{\"name\":", out);
                json_string(out, gaz_str(doc->gaz, q->name));
                fprintf(out, ",\"country\":\"%s\",\"type\":\"%s\"}", q->cc, parley_location_type_name(q->type));
            }
        }
        fputc('}', out);
    }
    fputc(']', out);
}

static void human(FILE *out, const parley_dict *d, const parley_doc *doc)
{
    char a[11], b[11];
    date_format(doc->date, a);
    date_format(doc->anchor ? doc->anchor : doc->date, b);
    fprintf(out, "document %s (published %s, dates relative to %s)%s\n", doc->id ? doc->id : "", a, b,
            doc->story_discarded ? ": discarded (a story-level discard phrase)" : "");
    for (uint32_t si = 0; si < doc->nsents; si++) {
        const sentence *s = &doc->sents[si];
        const sent_analysis *an = s->an;
        fprintf(out, "\n[%u] %.*s\n", si, (int)(s->end - s->start), doc->text + s->start);
        if (s->discarded) {
            fputs("    discarded: a discard phrase matched\n", out);
            continue;
        }
        if (!an || !an->deleted)
            continue;
        fputs("  words:", out);
        for (uint32_t i = s->first; i < s->first + s->ntok; i++) {
            const token *t = &doc->toks[i];
            int del = an->deleted[i - s->first];
            fprintf(out, " %s%.*s/%s%s", del ? "{" : "", (int)(t->end - t->start), doc->text + t->start,
                    tag_name(t->tag), del ? "}" : "");
        }
        fputc('\n', out);
        for (uint32_t m = 0; m < an->nmentions; m++) {
            const mention *mn = &an->mentions[m];
            fputs("  mention ", out);
            text_of(out, doc, mn->first, mn->last);
            if ((mn->kind & 0x7f) == MK_ACTOR) {
                char w[128];
                window_text(d, mn->entry, doc->date, w, sizeof w);
                const actor_entry *e = &d->actors[mn->entry];
                const char *dc = dict_actor_code(d, mn->entry, doc->date);
                fprintf(out, " actor %s  %s:%u %s %s%s%s\n", mn->code, file_of(d, e->file), e->line,
                        d->pool + e->primary, w, (mn->kind & MK_WEAK) ? " (prefix of a hyphenated word)" : "",
                        dc && strcmp(dc, mn->code) != 0 ? " (the city of that name in the place named after it)" : "");
            } else {
                const agent_entry *g = &d->agents[mn->entry];
                fprintf(out, " agent %s%s%s  %s:%u\n", mn->agent_prefix ? "" : "~", mn->code,
                        mn->agent_prefix ? "~" : "", file_of(d, g->file), g->line);
            }
        }
        for (uint32_t k = 0; k < an->nnps; k++) {
            const nphrase *np = &an->nps[k];
            if (np->merged_into >= 0 || (!np->ncodes && !np->pronoun))
                continue;
            fprintf(out, "  np%u ", k);
            text_of(out, doc, np->first, np->last);
            fputs(" ->", out);
            for (uint32_t c = 0; c < np->ncodes; c++)
                fprintf(out, " %s", np->codes[c]);
            if (!np->ncodes)
                fputs(" (unresolved)", out);
            if (np->coref)
                fprintf(out, "  (refers to np%d of sentence %d)", np->ante_np, np->ante_sentence);
            if (np->compound >= 0)
                fprintf(out, "  (compound with np%d)", np->compound);
            if (np->deleted)
                fputs("  (set aside)", out);
            fputc('\n', out);
        }
        for (uint32_t i = 0; i < an->ntimex; i++) {
            const timex *x = &an->timex[i];
            fputs("  date ", out);
            text_of(out, doc, x->first, x->last);
            if (x->kind == TX_SHIFT) {
                fprintf(out, " shifts the clause it opens by %d days\n", x->shift);
            } else {
                date_format(x->date, a);
                fprintf(out, " -> %s (%s)\n", a, x->precision == PARLEY_DATE_DAY ? "day" : "approximate");
            }
        }
        if (an->nlinks) {
            fputs("  attribution:", out);
            for (uint32_t i = 0; i < an->nlinks; i++)
                fprintf(out, "%s %s (%s, %s)", i ? " >" : "", an->links[i].text,
                        *an->links[i].code ? an->links[i].code : "no code", an->links[i].relation);
            fputc('\n', out);
        }
        for (uint32_t v = 0; v < an->nvgs; v++) {
            const vgroup *g = &an->vgs[v];
            fprintf(out, "  verb vg%u ", v);
            text_of(out, doc, g->first, g->last);
            fprintf(out, " depth %d%s%s: %s\n", g->depth, g->passive ? ", passive" : "",
                    g->negated ? ", negated" : "", outcome_name(g->outcome));
            if (g->form) {
                const verb_form *f = &d->forms[g->form - 1];
                fprintf(out, "      verb %s:%u \"%s\" in block \"%s\"\n", file_of(d, f->file), f->line,
                        d->pool + f->text, d->pool + d->blocks[f->block].name);
            }
            if (g->pattern) {
                const pattern *p = &d->patterns[g->pattern - 1];
                fprintf(out, "      pattern %s:%u \"%s\"\n", file_of(d, p->file), p->line, d->pool + p->text);
            } else if (g->form && g->code) {
                fputs("      no pattern matched: the verb's default code\n", out);
            }
            if (g->code && g->outcome == VG_CODED) {
                fprintf(out, "      code %s", g->code);
                if (g->source_np >= 0) {
                    fputs(", source ", out);
                    text_of(out, doc, an->nps[g->source_np].first, an->nps[g->source_np].last);
                }
                if (g->target_np >= 0) {
                    fputs(", target ", out);
                    text_of(out, doc, an->nps[g->target_np].first, an->nps[g->target_np].last);
                }
                fputc('\n', out);
            }
        }
    }
    human_places(out, doc);
    fprintf(out, "\nevents (%u):\n", doc->nevents);
    for (uint32_t i = 0; i < doc->nevents; i++) {
        const parley_event *e = &doc->events[i];
        date_format(e->date, a);
        fprintf(out, "  [%d] %s -> %s  %s  %s (%s), %s", e->sentence, e->source, e->target, e->code, a,
                e->date_precision == PARLEY_DATE_DAY ? "day" : "approximate", parley_modality_name(e->modality));
        if (e->negated)
            fputs(", negated", out);
        for (uint32_t k = 0; k < e->nattribution; k++)
            fprintf(out, "%s%s (%s)", k ? " > " : ", according to ", e->attribution[k].text, e->attribution[k].relation);
        fputc('\n', out);
        const parley_location *l = e->location;
        if (l) {
            int32_t m = mention_of(doc, l);
            fprintf(out, "      at %s (%s, %s) %s: \"%s\"", l->name, parley_location_type_name(l->type),
                    l->country[0] ? l->country : "no country", parley_location_precision_name(l->precision),
                    l->text);
            if (m >= 0)
                fprintf(out, " = place p%d", m);
            fputc('\n', out);
        } else if (doc->places || doc->nplaces == 0) {
            fputs("      at no place: the text does not say where\n", out);
        }
    }
}

/* ---- JSON --------------------------------------------------------------------------- */

static void json(FILE *out, const parley_dict *d, const parley_doc *doc)
{
    char a[11];
    fputs("{\"doc_id\":", out);
    json_string(out, doc->id);
    date_format(doc->date, a);
    fprintf(out, ",\"date\":\"%s\"", a);
    date_format(doc->anchor ? doc->anchor : doc->date, a);
    fprintf(out, ",\"anchor\":\"%s\",\"discarded\":%s,\"sentences\":[", a, doc->story_discarded ? "true" : "false");
    for (uint32_t si = 0; si < doc->nsents; si++) {
        const sentence *s = &doc->sents[si];
        const sent_analysis *an = s->an;
        fprintf(out, "%s{\"index\":%u,\"span\":[%u,%u],\"text\":", si ? "," : "", si, s->start, s->end);
        json_string_n(out, doc->text + s->start, s->end - s->start);
        fprintf(out, ",\"discarded\":%s,\"tokens\":[", s->discarded ? "true" : "false");
        for (uint32_t i = s->first; i < s->first + s->ntok; i++) {
            const token *t = &doc->toks[i];
            fprintf(out, "%s{\"text\":", i > s->first ? "," : "");
            json_string_n(out, doc->text + t->start, t->end - t->start);
            fprintf(out, ",\"span\":[%u,%u],\"class\":\"%s\",\"set_aside\":%s}", t->start, t->end, tag_name(t->tag),
                    an && an->deleted && an->deleted[i - s->first] ? "true" : "false");
        }
        fputs("],\"mentions\":[", out);
        for (uint32_t m = 0; an && m < an->nmentions; m++) {
            const mention *mn = &an->mentions[m];
            fputs(m ? ",{\"text\":" : "{\"text\":", out);
            span(out, doc, mn->first, mn->last);
            if ((mn->kind & 0x7f) == MK_ACTOR) {
                const actor_entry *e = &d->actors[mn->entry];
                char w[128];
                window_text(d, mn->entry, doc->date, w, sizeof w);
                fputs(",\"kind\":\"actor\",\"code\":", out);
                json_string(out, mn->code);
                fputs(",\"file\":", out);
                json_string(out, file_of(d, e->file));
                fprintf(out, ",\"line\":%u,\"entry\":", e->line);
                json_string(out, d->pool + e->primary);
                fputs(",\"window\":", out);
                json_string(out, w);
            } else {
                const agent_entry *g = &d->agents[mn->entry];
                fputs(",\"kind\":\"agent\",\"code\":", out);
                json_string(out, mn->code);
                fputs(",\"file\":", out);
                json_string(out, file_of(d, g->file));
                fprintf(out, ",\"line\":%u", g->line);
            }
            fputc('}', out);
        }
        fputs("],\"phrases\":[", out);
        int firstp = 1;
        for (uint32_t k = 0; an && k < an->nnps; k++) {
            const nphrase *np = &an->nps[k];
            if (np->merged_into >= 0)
                continue;
            fprintf(out, "%s{\"index\":%u,\"text\":", firstp ? "" : ",", k);
            firstp = 0;
            span(out, doc, np->first, np->last);
            fputs(",\"codes\":[", out);
            for (uint32_t c = 0; c < np->ncodes; c++) {
                if (c)
                    fputc(',', out);
                json_string(out, np->codes[c]);
            }
            fprintf(out, "],\"compound\":%d,\"temporal\":%s,\"set_aside\":%s", np->compound,
                    np->temporal ? "true" : "false", np->deleted ? "true" : "false");
            if (np->coref)
                fprintf(out, ",\"antecedent\":{\"sentence\":%d,\"phrase\":%d}", np->ante_sentence, np->ante_np);
            fputc('}', out);
        }
        fputs("],\"dates\":[", out);
        for (uint32_t i = 0; an && i < an->ntimex; i++) {
            const timex *x = &an->timex[i];
            fputs(i ? ",{\"text\":" : "{\"text\":", out);
            span(out, doc, x->first, x->last);
            if (x->kind == TX_SHIFT) {
                fprintf(out, ",\"shift_days\":%d}", x->shift);
            } else {
                date_format(x->date, a);
                fprintf(out, ",\"date\":\"%s\",\"precision\":\"%s\"}", a,
                        x->precision == PARLEY_DATE_DAY ? "day" : "approximate");
            }
        }
        fputs("],\"attribution\":[", out);
        for (uint32_t i = 0; an && i < an->nlinks; i++) {
            fputs(i ? ",{\"text\":" : "{\"text\":", out);
            json_string(out, an->links[i].text);
            fputs(",\"code\":", out);
            json_string(out, an->links[i].code);
            fputs(",\"relation\":", out);
            json_string(out, an->links[i].relation);
            fputc('}', out);
        }
        fputs("],\"verbs\":[", out);
        for (uint32_t v = 0; an && v < an->nvgs; v++) {
            const vgroup *g = &an->vgs[v];
            fputs(v ? ",{\"text\":" : "{\"text\":", out);
            span(out, doc, g->first, g->last);
            fprintf(out, ",\"depth\":%d,\"passive\":%s,\"negated\":%s,\"outcome\":", g->depth,
                    g->passive ? "true" : "false", g->negated ? "true" : "false");
            json_string(out, outcome_name(g->outcome));
            if (g->form) {
                const verb_form *f = &d->forms[g->form - 1];
                fputs(",\"verb\":{\"file\":", out);
                json_string(out, file_of(d, f->file));
                fprintf(out, ",\"line\":%u,\"text\":", f->line);
                json_string(out, d->pool + f->text);
                fputc('}', out);
            }
            if (g->pattern) {
                const pattern *p = &d->patterns[g->pattern - 1];
                fputs(",\"pattern\":{\"file\":", out);
                json_string(out, file_of(d, p->file));
                fprintf(out, ",\"line\":%u,\"text\":", p->line);
                json_string(out, d->pool + p->text);
                fputc('}', out);
            }
            if (g->code) {
                fputs(",\"code\":", out);
                json_string(out, g->code);
            }
            fprintf(out, ",\"source_phrase\":%d,\"target_phrase\":%d}", g->source_np, g->target_np);
        }
        fputs("]}", out);
    }
    fputs("],\"events\":[", out);
    for (uint32_t i = 0; i < doc->nevents; i++) {
        const parley_event *e = &doc->events[i];
        date_format(e->date, a);
        fprintf(out, "%s{\"sentence\":%d,\"source\":", i ? "," : "", e->sentence);
        json_string(out, e->source);
        fputs(",\"target\":", out);
        json_string(out, e->target);
        fputs(",\"code\":", out);
        json_string(out, e->code);
        fprintf(out, ",\"date\":\"%s\",\"date_precision\":\"%s\",\"modality\":\"%s\"", a,
                e->date_precision == PARLEY_DATE_DAY ? "day" : "approximate", parley_modality_name(e->modality));
        if (e->location) {
            const parley_location *l = e->location;
            fputs(",\"location\":{\"name\":", out);
            json_string(out, l->name);
            fprintf(out, ",\"country\":\"%s\",\"type\":\"%s\",\"precision\":\"%s\",\"place\":%d}", l->country,
                    parley_location_type_name(l->type), parley_location_precision_name(l->precision),
                    mention_of(doc, l));
        }
        fputc('}', out);
    }
    fputc(']', out);
    json_places(out, doc);
    fputs("}\n", out);
}

int parley_explain(FILE *out, const parley_dict *d, const parley_doc *doc, int as_json)
{
    if (as_json)
        json(out, d, doc);
    else
        human(out, d, doc);
    return ferror(out) ? PARLEY_EIO : 0;
}
