/* lint.c - dictionary checks and reports: `parley dict lint`, `stats`, `lookup`.
 *
 * Lint finds what loads but cannot be what the author meant: a phrase defined twice (only
 * the first counts), date windows of one entry that overlap with different codes (the
 * later one is partly shadowed), event codes CAMEO does not define, patterns of a block
 * that has no verb. Syntax errors are reported by the readers themselves. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/date.h"
#include "../base/document.h"
#include "../text/text.h"
#include "build.h"

static int known_code(const char *code)
{
    /* a code, a paired code a:b, or either side empty/"---" */
    char buf[32];
    snprintf(buf, sizeof buf, "%s", code);
    char *save = NULL;
    int any = 0;
    for (char *p = strtok_r(buf, ":", &save); p; p = strtok_r(NULL, ":", &save)) {
        any = 1;
        if (strcmp(p, "---") != 0 && !parley_cameo_lookup(p))
            return 0;
    }
    return any || strcmp(code, ":") == 0;
}

void dict_lint(dict_builder *b)
{
    parley_dict *d = b->d;
    /* overlapping windows with different codes */
    for (uint32_t e = 0; e < d->nactors; e++) {
        const actor_entry *a = &d->actors[e];
        for (uint32_t i = 0; i < a->nwin; i++)
            for (uint32_t j = i + 1; j < a->nwin; j++) {
                const actor_window *x = &d->windows[a->win_first + i], *y = &d->windows[a->win_first + j];
                int xf = x->from ? x->from : 0, xt = x->to ? x->to : 99999999;
                int yf = y->from ? y->from : 0, yt = y->to ? y->to : 99999999;
                /* windows that share only a hand-over day are the documented convention */
                int touch = (x->to && x->to == y->from) || (y->to && y->to == x->from);
                if (xf <= yt && yf <= xt && !touch && strcmp(d->pool + x->code, d->pool + y->code) != 0) {
                    b->file = d->files[a->file];
                    build_warn(b, a->line, 1, "%s: date windows %u and %u overlap with different codes (%s, %s)",
                               d->pool + a->primary, i + 1, j + 1, d->pool + x->code, d->pool + y->code);
                }
            }
    }
    /* event codes */
    for (uint32_t p = 0; p < d->npatterns; p++) {
        const pattern *pt = &d->patterns[p];
        const char *code = d->pool + pt->code - 1;
        if (!known_code(code)) {
            b->file = d->files[pt->file];
            build_warn(b, pt->line, 1, "event code [%s] is not a CAMEO code", code);
        }
    }
    for (uint32_t n = 0; n < d->nnouns; n++) {
        const noun_entry *ne = &d->noun_entries[n];
        if (!known_code(d->pool + ne->code)) {
            b->file = d->files[ne->file];
            build_warn(b, ne->line, 1, "event code [%s] is not a CAMEO code", d->pool + ne->code);
        }
    }
    uint32_t *verbs_of = calloc(d->nblocks ? d->nblocks : 1, sizeof *verbs_of);
    for (uint32_t f = 0; f < d->nforms; f++) {
        const verb_form *vf = &d->forms[f];
        if (verbs_of)
            verbs_of[vf->block]++;
        if (vf->code && !vf->generated && !known_code(d->pool + vf->code - 1)) {
            b->file = d->files[vf->file];
            build_warn(b, vf->line, 1, "event code [%s] is not a CAMEO code", d->pool + vf->code - 1);
        }
    }
    for (uint32_t k = 0; k < d->nblocks && verbs_of; k++) {
        const verb_block *blk = &d->blocks[k];
        if (blk->code && !known_code(d->pool + blk->code - 1) && blk->npat) {
            const pattern *pt = &d->patterns[blk->pat_first];
            b->file = d->files[pt->file];
            build_warn(b, pt->line, 1, "block %s: default code [%s] is not a CAMEO code", d->pool + blk->name,
                       d->pool + blk->code - 1);
        }
        if (!verbs_of[k] && blk->npat) {
            const pattern *pt = &d->patterns[blk->pat_first];
            b->file = d->files[pt->file];
            build_warn(b, pt->line, 1, "block %s has %u patterns but no verb: they can never match",
                       d->pool + blk->name, blk->npat);
        }
    }
    free(verbs_of);
}

/* ---- reports -------------------------------------------------------------------------- */

static int cmp_count(const void *a, const void *b)
{
    const uint32_t *x = a, *y = b;
    return x[1] != y[1] ? (x[1] < y[1] ? 1 : -1) : (x[0] < y[0] ? -1 : x[0] > y[0]);
}

void parley_dict_report(FILE *out, const parley_dict *d, int date)
{
    /* patterns per root and per code */
    uint32_t roots[21] = {0};
    uint32_t codes[10000] = {0};
    uint32_t other = 0;
    for (uint32_t p = 0; p < d->npatterns; p++) {
        const char *c = d->pool + d->patterns[p].code - 1;
        if (c[0] >= '0' && c[0] <= '2' && c[1] >= '0' && c[1] <= '9') {
            int r = (c[0] - '0') * 10 + (c[1] - '0');
            if (r >= 1 && r <= 20) {
                roots[r]++;
                int v = 0, n = 0;
                for (const char *q = c; *q >= '0' && *q <= '9' && n < 4; q++, n++)
                    v = v * 10 + (*q - '0');
                codes[v]++;
                continue;
            }
        }
        other++;
    }
    fputs("patterns per CAMEO root:\n", out);
    for (int r = 1; r <= 20; r++) {
        char key[3];
        snprintf(key, sizeof key, "%02d", r);
        const parley_cameo *cm = parley_cameo_lookup(key);
        fprintf(out, "  %02d %-45s %5u\n", r, cm ? cm->name : "", roots[r]);
    }
    if (other)
        fprintf(out, "  (codes outside CAMEO's roots, or no event) %u\n", other);
    uint32_t distinct = 0;
    for (int v = 0; v < 10000; v++)
        distinct += codes[v] > 0;
    fprintf(out, "distinct event codes with patterns: %u\n", distinct);

    /* actors per country: the country part of each entry's default (or last) code */
    uint32_t (*per)[2] = calloc(d->nactors + 1, sizeof *per);
    strmap idx;
    strmap_init(&idx);
    uint32_t n = 0;
    for (uint32_t e = 0; e < d->nactors && per; e++) {
        const actor_entry *a = &d->actors[e];
        const char *c = a->defcode ? d->pool + a->defcode - 1
                        : a->nwin ? d->pool + d->windows[a->win_first + a->nwin - 1].code : "---";
        if (strlen(c) < 3 || c[0] == '-')
            continue;
        uint32_t v = strmap_get(&idx, c, 3);
        if (!v) {
            per[n][0] = n;
            per[n][1] = 0;
            strmap_put(&idx, c, 3, ++n);
            v = n;
        }
        per[v - 1][1]++;
    }
    /* names back from the map */
    const char **names = calloc(n + 1, sizeof *names);
    for (size_t i = 0; names && i < idx.cap; i++)
        if (idx.slots[i].value)
            names[idx.slots[i].value - 1] = strmap_key(&idx, &idx.slots[i]);
    if (per && names) {
        qsort(per, n, sizeof *per, cmp_count);
        fprintf(out, "actor entries per country or group code (%u codes; top 40):\n", n);
        for (uint32_t i = 0; i < n && i < 40; i++)
            fprintf(out, "  %.3s %5u\n", names[per[i][0]], per[i][1]);
    }
    free(names);
    free(per);
    strmap_free(&idx);

    if (date) {
        char ds[11];
        date_format(date, ds);
        uint32_t holders = 0, dated = 0;
        for (uint32_t e = 0; e < d->nactors; e++) {
            const actor_entry *a = &d->actors[e];
            if (!a->nwin)
                continue;
            dated++;
            int w = dict_actor_window(d, e, date);
            if (w >= 0) {
                const char *c = d->pool + d->windows[a->win_first + (uint32_t)w].code;
                if (strstr(c, "GOV"))
                    holders++;
            }
        }
        fprintf(out, "dated actor entries (office holders and others): %u\n", dated);
        fprintf(out, "in a government office on %s: %u\n", ds, holders);
    }
}

int parley_dict_lookup(FILE *out, const parley_dict *d, const char *phrase, int date)
{
    parley_doc *doc = parley_doc_new();
    if (!doc)
        return 0;
    parley_error err;
    int found = 0;
    if (parley_doc_set(doc, "lookup", "2000-01-01", phrase, strlen(phrase), NULL, NULL, NULL, &err) == 0 &&
        text_tokenize(doc) == 0) {
        for (uint32_t i = 0; i < doc->ntoks;) {
            uint32_t node = 0, best = 0, best_end = i;
            for (uint32_t j = i; j < doc->ntoks; j++) {
                const token *t = &doc->toks[j];
                node = trie_step(&d->phrases, node, dict_word_hashed(d, t->norm, t->norm_len, t->hash));
                if (!node)
                    break;
                if (d->phrases.nodes[node].payload) {
                    best = d->phrases.nodes[node].payload;
                    best_end = j;
                }
            }
            if (!best) {
                i++;
                continue;
            }
            found = 1;
            fprintf(out, "\"%.*s\"\n", (int)(doc->toks[best_end].end - doc->toks[i].start),
                    doc->text + doc->toks[i].start);
            for (uint32_t q = best; q; q = d->payloads[q - 1].next) {
                const phrase_payload *p = &d->payloads[q - 1];
                if (p->kind == MK_ACTOR) {
                    const actor_entry *a = &d->actors[p->entry];
                    int w = dict_actor_window(d, p->entry, date);
                    fprintf(out, "  actor %s  %s:%u  %s", dict_actor_code(d, p->entry, date),
                            d->files[a->file], a->line, d->pool + a->primary);
                    if (w >= 0) {
                        const actor_window *x = &d->windows[a->win_first + (uint32_t)w];
                        char f[11] = "", t[11] = "";
                        if (x->from)
                            date_format(x->from, f);
                        if (x->to)
                            date_format(x->to, t);
                        fprintf(out, "  window %s..%s", f, t);
                    } else {
                        fputs(w == -1 ? "  default code" : "  no code on this date", out);
                    }
                    fputc('\n', out);
                } else {
                    const agent_entry *g = &d->agents[p->entry];
                    fprintf(out, "  agent %s%s%s  %s:%u\n", g->prefix ? "" : "~", d->pool + g->code,
                            g->prefix ? "~" : "", d->files[g->file], g->line);
                }
            }
            i = best_end + 1;
        }
    }
    parley_doc_free(doc);
    return found;
}
