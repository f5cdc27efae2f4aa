/* load.c - parley_dict_load: which files, in which order, in which dialect, and the
 * built-in defaults.
 *
 * Kinds are recognised by file name (*verb*, *actor*, *agent*, *discard*, *issue*,
 * *option*, and parley's *noun*, case-insensitive) in a --dict directory, or named by a
 * PETRARCH config (.ini) or a TABARI project file (.project). Kinds the user does not
 * supply come from the default dictionaries compiled into the library from dict/, except
 * with a TABARI project, which names all the files its coder uses.
 *
 * The dialect is decided per file: every file a TABARI project names is TABARI's; any
 * other file is TABARI's when its text looks like it (dict_text_is_tabari: ';' comments,
 * <SYNSETS>/<NOUN>/<TIME> sections, no "--- LABEL ---" verb blocks), else PETRARCH's.
 * Event-noun files are parley's own format in either case. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "../base/document.h"
#include "build.h"

enum { K_VERBS, K_ACTORS, K_AGENTS, K_DISCARDS, K_ISSUES, K_OPTIONS, K_NOUNS, K_NONE };

typedef struct embedded_dict {
    const char *name;
    const char *data;
    unsigned long size;
} embedded_dict;

/* from build/gen/dicts.S */
extern const embedded_dict parley_default_dicts[];

static int kind_of(const char *name)
{
    char low[512];
    size_t n = strlen(name);
    if (n >= sizeof low)
        n = sizeof low - 1;
    for (size_t i = 0; i < n; i++)
        low[i] = (char)tolower((unsigned char)name[i]);
    low[n] = '\0';
    if (strstr(low, "verb"))
        return K_VERBS;
    if (strstr(low, "actor"))
        return K_ACTORS;
    if (strstr(low, "agent"))
        return K_AGENTS;
    if (strstr(low, "discard"))
        return K_DISCARDS;
    if (strstr(low, "issue"))
        return K_ISSUES;
    if (strstr(low, "option"))
        return K_OPTIONS;
    if (strstr(low, "noun"))
        return K_NOUNS;
    return K_NONE;
}

typedef struct file_list {
    char *paths[K_NONE][64];
    signed char dialect[K_NONE][64];   /* 1 TABARI (named by a project), -1 from the text */
    int n[K_NONE];
    int tabari;             /* a TABARI project was read */
} file_list;

static void list_add(file_list *fl, int kind, const char *path)
{
    if (kind >= K_NONE || fl->n[kind] >= 64)
        return;
    fl->dialect[kind][fl->n[kind]] = -1;
    fl->paths[kind][fl->n[kind]++] = strdup(path);
}

static void list_free(file_list *fl)
{
    for (int k = 0; k < K_NONE; k++)
        for (int i = 0; i < fl->n[k]; i++)
            free(fl->paths[k][i]);
}

static void list_reset(file_list *fl, int kind)
{
    for (int i = 0; i < fl->n[kind]; i++)
        free(fl->paths[kind][i]);
    fl->n[kind] = 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int scan_dir(file_list *fl, const char *dir, parley_error *err)
{
    DIR *dp = opendir(dir);
    if (!dp) {
        error_set(err, PARLEY_EIO, dir, 0, 0, NULL, "cannot open dictionary directory: %s", strerror(errno));
        return PARLEY_EIO;
    }
    char *names[1024];
    int n = 0;
    struct dirent *de;
    while ((de = readdir(dp)) != NULL && n < 1024) {
        if (de->d_name[0] == '.')
            continue;
        names[n++] = strdup(de->d_name);
    }
    closedir(dp);
    qsort(names, (size_t)n, sizeof *names, cmp_str);
    for (int i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        struct stat st;
        if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
            list_add(fl, kind_of(names[i]), path);
        free(names[i]);
    }
    return 0;
}

/* The directory part of a path ("." when none). */
static void dir_of(const char *path, char *out, size_t cap)
{
    const char *s = strrchr(path, '/');
    if (!s)
        snprintf(out, cap, ".");
    else
        snprintf(out, cap, "%.*s", (int)(s - path), path);
}

/* PETRARCH config: "verbfile_name = X", "actorfile_list = A, B", "agentfile_name",
 * "discardfile_name", with "dictionary_dir". TABARI project: "<verbsfile> X" etc. */
static int read_config(file_list *fl, const char *path, parley_error *err)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        error_set(err, PARLEY_EIO, path, 0, 0, NULL, "cannot open: %s", strerror(errno));
        return PARLEY_EIO;
    }
    char base[4096], dictdir[4096] = "";
    dir_of(path, base, sizeof base);
    char line[4096];
    char *entries[64][2];
    int ne = 0;
    while (fgets(line, sizeof line, f) && ne < 64) {
        char *s = trim(line);
        size_t n = strlen(s);
        while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
            s[--n] = '\0';
        if (!*s || *s == '#' || *s == ';' || *s == '[')
            continue;
        char *key, *val;
        if (*s == '<') {
            char *gt = strchr(s, '>');
            if (!gt)
                continue;
            *gt = '\0';
            key = s + 1;
            val = trim(gt + 1);
            /* TABARI project: "<verbsfile> TABARI.Demo.verbs" */
            size_t kl = strlen(key);
            if (kl > 4 && strcasecmp(key + kl - 4, "file") == 0)
                fl->tabari = 1;
        } else {
            char *eq = strchr(s, '=');
            if (!eq)
                eq = strchr(s, ':');
            if (!eq)
                continue;
            *eq = '\0';
            key = trim(s);
            val = trim(eq + 1);
        }
        if (strcasecmp(key, "dictionary_dir") == 0) {
            snprintf(dictdir, sizeof dictdir, "%s", val);
            continue;
        }
        entries[ne][0] = strdup(key);
        entries[ne][1] = strdup(val);
        ne++;
    }
    fclose(f);
    for (int i = 0; i < ne; i++) {
        const char *key = entries[i][0];
        int kind = K_NONE;
        if (strncasecmp(key, "verb", 4) == 0)
            kind = K_VERBS;
        else if (strncasecmp(key, "actor", 5) == 0)
            kind = K_ACTORS;
        else if (strncasecmp(key, "agent", 5) == 0)
            kind = K_AGENTS;
        else if (strncasecmp(key, "discard", 7) == 0)
            kind = K_DISCARDS;
        else if (strncasecmp(key, "issue", 5) == 0)
            kind = K_ISSUES;
        else if (strncasecmp(key, "option", 6) == 0)
            kind = K_OPTIONS;
        else if (strncasecmp(key, "noun", 4) == 0)
            kind = K_NOUNS;
        if (kind != K_NONE) {
            char *save = NULL;
            for (char *v = strtok_r(entries[i][1], ",", &save); v; v = strtok_r(NULL, ",", &save)) {
                v = trim(v);
                if (!*v)
                    continue;
                char p[8192];
                if (v[0] == '/')
                    snprintf(p, sizeof p, "%s", v);
                else if (dictdir[0] == '/')
                    snprintf(p, sizeof p, "%s/%s", dictdir, v);
                else if (dictdir[0])
                    snprintf(p, sizeof p, "%s/%s/%s", base, dictdir, v);
                else
                    snprintf(p, sizeof p, "%s/%s", base, v);
                list_add(fl, kind, p);
                if (fl->tabari)
                    fl->dialect[kind][fl->n[kind] - 1] = 1;
            }
        }
        free(entries[i][0]);
        free(entries[i][1]);
    }
    return 0;
}

static int add_file_name(parley_dict *d, const char *name)
{
    char **f = realloc(d->files, (d->nfiles + 1) * sizeof *f);
    if (!f)
        return PARLEY_ENOMEM;
    d->files = f;
    d->files[d->nfiles] = strdup(name);
    if (!d->files[d->nfiles])
        return PARLEY_ENOMEM;
    d->nfiles++;
    d->stats.files++;
    return 0;
}

typedef int (*reader_fn)(dict_builder *, const char *, const char *, size_t, parley_error *);

/* Reads one file of a kind. `tabari`: 1 the file is TABARI's (named by a project), 0 it
 * is PETRARCH's (parley's own defaults), -1 decide from its text. */
static int run_reader(dict_builder *b, int kind, const char *path, const char *mem, size_t len,
                      int tabari, parley_error *err)
{
    static const reader_fn petrarch[] = {read_verbs, read_actors, read_agents, read_discards, NULL,
                                         NULL, read_nouns};
    static const reader_fn tabari_readers[] = {read_tabari_verbs, read_actors, read_agents,
                                               read_discards, NULL, read_tabari_options, read_nouns};
    if (kind == K_ISSUES)
        return 0; /* issue coding: not used by the coder yet */
    line_iter whole;
    memset(&whole, 0, sizeof whole);
    if (tabari < 0) {
        int rc = lines_open(&whole, path, mem, len, err);
        if (rc < 0)
            return rc;
        tabari = kind != K_NOUNS &&
                 (dict_text_is_tabari(whole.buf, whole.len, kind == K_VERBS) || kind == K_OPTIONS);
        mem = whole.buf;
        len = whole.len;
    }
    reader_fn fn = tabari ? tabari_readers[kind] : petrarch[kind];
    int rc = fn ? add_file_name(b->d, path) : 0;
    if (fn && rc >= 0) {
        b->file = path;
        b->file_index = b->d->nfiles - 1;
        b->tabari = tabari;
        if (tabari)
            b->d->tabari = 1;
        rc = fn(b, path, mem, len, err);
        b->tabari = 0;
    }
    lines_close(&whole);
    return rc;
}

int parley_dict_options(const parley_dict *d, parley_options *o)
{
    int n = 0;
    for (uint32_t i = 0; d && i < d->noptions; i++)
        if (parley_options_set(o, d->pool + d->options[i].name, d->pool + d->options[i].value) == 0)
            n++;
    return n;
}

void parley_dict_free(parley_dict *d)
{
    if (!d)
        return;
    gaz_close(&d->gaz);
    strmap_free(&d->vocab);
    strmap_free(&d->pool_index);
    free(d->pool);
    for (uint32_t i = 0; i < d->nfiles; i++)
        free(d->files[i]);
    free(d->files);
    trie_free(&d->phrases);
    trie_free(&d->discards);
    trie_free(&d->nouns);
    free(d->noun_entries);
    free(d->payloads);
    free(d->actors);
    free(d->windows);
    free(d->agents);
    free(d->forms);
    free(d->form_head);
    free(d->form_words);
    free(d->blocks);
    free(d->patterns);
    free(d->elems);
    free(d->synsets);
    free(d->syn_members);
    free(d->syn_first);
    free(d->syn_last);
    free(d->wmode);
    free(d->options);
    free(d);
}

void parley_dict_get_stats(const parley_dict *d, parley_dict_stats *st)
{
    *st = d->stats;
    st->actor_entries = d->nactors;
}

int parley_dict_load(const parley_dict_spec *spec, parley_diag_fn diag, void *ud, parley_dict **out,
                     parley_error *err)
{
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    *out = NULL;
    parley_error_clear(err);
    parley_dict_spec none;
    memset(&none, 0, sizeof none);
    if (!spec)
        spec = &none;

    file_list fl;
    memset(&fl, 0, sizeof fl);
    int rc = 0;
    if (spec->dir) {
        struct stat st;
        if (stat(spec->dir, &st) != 0) {
            error_set(err, PARLEY_EIO, spec->dir, 0, 0, NULL, "cannot open: %s", strerror(errno));
            return PARLEY_EIO;
        }
        rc = S_ISDIR(st.st_mode) ? scan_dir(&fl, spec->dir, err) : read_config(&fl, spec->dir, err);
        if (rc < 0) {
            list_free(&fl);
            return rc;
        }
    }
    if (spec->verbs) {
        list_reset(&fl, K_VERBS);
        list_add(&fl, K_VERBS, spec->verbs);
    }
    if (spec->n_actors) {
        list_reset(&fl, K_ACTORS);
        for (size_t i = 0; i < spec->n_actors; i++)
            list_add(&fl, K_ACTORS, spec->actors[i]);
    }
    if (spec->agents) {
        list_reset(&fl, K_AGENTS);
        list_add(&fl, K_AGENTS, spec->agents);
    }
    if (spec->discards) {
        list_reset(&fl, K_DISCARDS);
        list_add(&fl, K_DISCARDS, spec->discards);
    }

    parley_dict *d = calloc(1, sizeof *d);
    dict_builder b;
    memset(&b, 0, sizeof b);
    b.d = d;
    b.diag = diag;
    b.ud = ud;
    b.scratch = parley_doc_new();
    b.lint = spec->lint;
    if (!d || !b.scratch) {
        free(d);
        parley_doc_free(b.scratch);
        list_free(&fl);
        error_set(err, PARLEY_ENOMEM, NULL, 0, 0, NULL, "out of memory");
        return PARLEY_ENOMEM;
    }
    strmap_init(&d->vocab);
    strmap_init(&d->pool_index);
    strmap_init(&b.synset_names);
    {
        struct timespec g0, g1;
        clock_gettime(CLOCK_MONOTONIC, &g0);
        gaz_open(&d->gaz);
        clock_gettime(CLOCK_MONOTONIC, &g1);
        d->stats.geo_ms = (double)(g1.tv_sec - g0.tv_sec) * 1e3 + (double)(g1.tv_nsec - g0.tv_nsec) / 1e6;
        d->stats.geo_places = gaz_places(&d->gaz);
        d->stats.geo_names = gaz_keys(&d->gaz);
    }
    pool_add(d, "", 0); /* offset 0 is the empty string */

    /* a TABARI project codes with TABARI's defaults unless its options file says otherwise */
    if (fl.tabari)
        rc = tabari_default_options(&b);
    /* Order: verbs, actors, agents, discards, options, nouns. A TABARI project is complete. */
    int defaults = !spec->no_defaults && !fl.tabari;
    for (int kind = 0; kind < K_NONE && rc >= 0; kind++) {
        if (fl.n[kind]) {
            for (int i = 0; i < fl.n[kind] && rc >= 0; i++)
                rc = run_reader(&b, kind, fl.paths[kind][i], NULL, 0, fl.dialect[kind][i], err);
        } else if (defaults && kind != K_OPTIONS) {
            for (const embedded_dict *e = parley_default_dicts; e->name && rc >= 0; e++) {
                if (kind_of(e->name) != kind)
                    continue;
                char name[512];
                snprintf(name, sizeof name, "dict/%s", e->name);
                rc = run_reader(&b, kind, name, e->data, e->size, 0, err);
            }
        }
    }
    if (rc >= 0)
        rc = tabari_finish(&b);
    if (rc >= 0)
        rc = verbs_finish(&b);
    if (rc >= 0 && b.lint)
        dict_lint(&b);
    list_free(&fl);
    strmap_free(&b.synset_names);
    free(b.synset_refs);
    free(b.pend);
    parley_doc_free(b.scratch);
    if (rc < 0) {
        if (err && !err->code)
            error_set(err, rc, NULL, 0, 0, NULL, "%s", parley_strerror(rc));
        parley_dict_free(d);
        return rc;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    d->stats.load_ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
    *out = d;
    return 0;
}
