/* find.c - searching the actor dictionaries by name or code (parley_dict_find_actors), for
 * search boxes such as the server's /v1/actors.
 *
 * Three passes over the compiled tables, best answers first: the entries the query names
 * exactly as the coder would match it (through the phrase trie, so synonyms count), then
 * primary phrases that contain every word of the query, then current codes that begin
 * with it. A linear scan: the largest dictionaries hold tens of thousands of entries,
 * a millisecond's work. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../text/text.h"
#include "dict.h"

enum { MAX_WORDS = 8, MAX_WINDOWS = 64 };

typedef struct finder {
    const parley_dict *d;
    int date;
    parley_actor_fn fn;
    void *ud;
    uint8_t *seen;           /* one flag per actor entry */
    int found;
    int stop;
} finder;

static int report(finder *f, uint32_t entry, bool exact)
{
    if (f->seen[entry] || f->stop)
        return 0;
    f->seen[entry] = 1;
    const parley_dict *d = f->d;
    const actor_entry *a = &d->actors[entry];
    parley_actor_window w[MAX_WINDOWS];
    size_t nw = a->nwin < MAX_WINDOWS ? a->nwin : MAX_WINDOWS;
    for (size_t i = 0; i < nw; i++) {
        const actor_window *x = &d->windows[a->win_first + i];
        w[i].code = dict_str(d, x->code);
        w[i].from = x->from;
        w[i].to = x->to;
    }
    parley_actor_info info = {
        .name = dict_str(d, a->primary),
        .code = dict_actor_code(d, entry, f->date),
        .default_code = a->defcode ? dict_str(d, a->defcode - 1) : "",
        .windows = w,
        .nwindows = nw,
        .file = a->file < d->nfiles ? d->files[a->file] : "",
        .line = (int)a->line,
        .exact = exact,
    };
    f->found++;
    if (f->fn(f->ud, &info))
        f->stop = 1;
    return 0;
}

/* The entries whose phrases the query spells from its first token to its last. */
static int by_phrase(finder *f, const char *query)
{
    parley_doc *doc = parley_doc_new();
    if (!doc)
        return PARLEY_ENOMEM;
    parley_error err;
    int rc = 0;
    if (parley_doc_set(doc, "find", "2000-01-01", query, strlen(query), NULL, NULL, NULL, &err) == 0 &&
        text_tokenize(doc) == 0 && doc->ntoks > 0) {
        const parley_dict *d = f->d;
        uint32_t node = 0;
        for (uint32_t j = 0; j < doc->ntoks && (j == 0 || node); j++) {
            const token *t = &doc->toks[j];
            node = trie_step(&d->phrases, node, dict_word_hashed(d, t->norm, t->norm_len, t->hash));
        }
        if (node)
            for (uint32_t q = d->phrases.nodes[node].payload; q && !f->stop; q = d->payloads[q - 1].next)
                if (d->payloads[q - 1].kind == MK_ACTOR)
                    report(f, d->payloads[q - 1].entry, true);
    } else if (err.code == PARLEY_ENOMEM) {
        rc = PARLEY_ENOMEM;
    }
    parley_doc_free(doc);
    return rc;
}

/* Does `name` contain `word` (already upper case, '_' for spaces)? */
static int contains(const char *name, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = name; *p; p++) {
        size_t i = 0;
        while (i < n && p[i] && (char)toupper((unsigned char)p[i]) == word[i])
            i++;
        if (i == n)
            return 1;
    }
    return 0;
}

static int starts_with(const char *code, const char *prefix)
{
    for (; *prefix; prefix++, code++)
        if (toupper((unsigned char)*code) != (unsigned char)*prefix)
            return 0;
    return 1;
}

int parley_dict_find_actors(const parley_dict *d, const char *query, int date, parley_actor_fn fn,
                            void *ud)
{
    if (!d || !query || !fn)
        return PARLEY_EARG;
    /* the query's words, upper case, spaces as the dictionaries' underscores */
    char buf[256];
    size_t n = 0;
    for (const char *p = query; *p && n + 1 < sizeof buf; p++)
        buf[n++] = (char)toupper((unsigned char)*p);
    buf[n] = '\0';
    char *words[MAX_WORDS];
    int nwords = 0;
    char *save = NULL;
    for (char *w = strtok_r(buf, " \t_", &save); w && nwords < MAX_WORDS; w = strtok_r(NULL, " \t_", &save))
        words[nwords++] = w;
    if (nwords == 0)
        return 0;
    finder f = {d, date, fn, ud, calloc(d->nactors ? d->nactors : 1, 1), 0, 0};
    if (!f.seen)
        return PARLEY_ENOMEM;
    int rc = by_phrase(&f, query);
    for (uint32_t e = 0; rc == 0 && e < d->nactors && !f.stop; e++) {
        const char *name = dict_str(d, d->actors[e].primary);
        int all = 1;
        for (int i = 0; i < nwords && all; i++)
            all = contains(name, words[i]);
        if (all)
            report(&f, e, false);
    }
    if (nwords == 1)
        for (uint32_t e = 0; rc == 0 && e < d->nactors && !f.stop; e++)
            if (starts_with(dict_actor_code(d, e, date), words[0]))
                report(&f, e, false);
    free(f.seen);
    return rc < 0 ? rc : f.found;
}
