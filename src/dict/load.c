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
 * Event-noun files are parley's own format in either case.
 *
 * With a cache directory (spec->cache_dir) the files are read once, hashed into a key
 * (source_key: the build of parley, the choices above, every file's name, dialect and
 * bytes) and, when DIR/dict-<key>.pdc is a valid compiled copy, the dictionary is that
 * file mapped read-only (compiled.c). Otherwise the text is parsed -- from the very bytes
 * that were hashed, so a file changing meanwhile cannot give a copy the wrong key -- and a
 * compiled copy is written for the next load. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../base/document.h"
#include "build.h"
#include "compiled.h"

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
    char *data[K_NONE][64];            /* the file's bytes when source_key() read them */
    size_t len[K_NONE][64];
    int n[K_NONE];
    int tabari;             /* a TABARI project was read */
} file_list;

static void list_add(file_list *fl, int kind, const char *path)
{
    if (kind >= K_NONE || fl->n[kind] >= 64)
        return;
    fl->dialect[kind][fl->n[kind]] = -1;
    fl->data[kind][fl->n[kind]] = NULL;
    fl->len[kind][fl->n[kind]] = 0;
    fl->paths[kind][fl->n[kind]++] = strdup(path);
}

static void list_reset(file_list *fl, int kind)
{
    for (int i = 0; i < fl->n[kind]; i++) {
        free(fl->paths[kind][i]);
        free(fl->data[kind][i]);
    }
    fl->n[kind] = 0;
}

static void list_free(file_list *fl)
{
    for (int k = 0; k < K_NONE; k++)
        list_reset(fl, k);
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
    free(d->compiled_path);
    free(d->cache_problem);
    if (d->map) {
        /* every table points into the mapping: only the names array is our own */
        free(d->files);
        munmap((void *)d->map, d->map_len);
        free(d);
        return;
    }
    strmap_free(&d->vocab);
    strmap_free(&d->pool_index);
    free(d->pool);
    for (uint32_t i = 0; i < d->nfiles; i++)
        free(d->files[i]);
    free(d->files);
    trie_free(&d->phrases);
    trie_free(&d->discards);
    free(d->plural_roots);
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
    free(d->syn_first_at);
    free(d->syn_last_at);
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
    st->compiled_file = d->compiled_path;
    st->cache_problem = d->cache_problem;
}

static double ms_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

/* Which files of which kinds, in which dialect: the --dict directory or config, then the
 * files named one by one, which replace that kind's files. */
static int list_files(const parley_dict_spec *spec, file_list *fl, parley_error *err)
{
    memset(fl, 0, sizeof *fl);
    if (spec->dir) {
        struct stat st;
        if (stat(spec->dir, &st) != 0) {
            error_set(err, PARLEY_EIO, spec->dir, 0, 0, NULL, "cannot open: %s", strerror(errno));
            return PARLEY_EIO;
        }
        int rc = S_ISDIR(st.st_mode) ? scan_dir(fl, spec->dir, err) : read_config(fl, spec->dir, err);
        if (rc < 0) {
            list_free(fl);
            return rc;
        }
    }
    if (spec->verbs) {
        list_reset(fl, K_VERBS);
        list_add(fl, K_VERBS, spec->verbs);
    }
    if (spec->n_actors) {
        list_reset(fl, K_ACTORS);
        for (size_t i = 0; i < spec->n_actors; i++)
            list_add(fl, K_ACTORS, spec->actors[i]);
    }
    if (spec->agents) {
        list_reset(fl, K_AGENTS);
        list_add(fl, K_AGENTS, spec->agents);
    }
    if (spec->discards) {
        list_reset(fl, K_DISCARDS);
        list_add(fl, K_DISCARDS, spec->discards);
    }
    return 0;
}

/* The whole of a file (any kind: a pipe too), NUL-terminated; NULL with errno set. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && (uint64_t)st.st_size + 4096 > cap)
        cap = (size_t)st.st_size + 4096;   /* room to see the end of the file in one read */
    char *buf = malloc(cap);
    while (buf) {
        n += fread(buf + n, 1, cap - n - 1, f);
        if (n + 1 < cap || feof(f) || ferror(f))
            break;
        char *nb = realloc(buf, cap * 2);
        if (!nb) {
            free(buf);
            buf = NULL;
        } else {
            buf = nb;
            cap *= 2;
        }
    }
    int bad = !buf || ferror(f);
    int saved = errno;
    fclose(f);
    if (bad) {
        free(buf);
        errno = saved ? saved : EIO;
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* Files are hashed in chunks of this size, whether streamed through one small buffer (a
 * cache lookup: no page faults for a copy of every file) or already in memory. */
#define KEY_CHUNK ((size_t)1 << 18)

static uint64_t hash_chunks(const char *p, size_t n, uint64_t h)
{
    for (size_t off = 0; off < n; off += KEY_CHUNK)
        h = dict_hash64(p + off, n - off < KEY_CHUNK ? n - off : KEY_CHUNK, h);
    return h;
}

/* Streams a file through buf (KEY_CHUNK bytes): its hash chained on h and its length.
 * Returns 0, or -1 with errno set. */
static int hash_file(const char *path, char *buf, uint64_t *h, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    size_t total = 0;
    for (;;) {
        size_t n = 0;
        while (n < KEY_CHUNK) {     /* full chunks, so the hash does not depend on read sizes */
            ssize_t k = read(fd, buf + n, KEY_CHUNK - n);
            if (k < 0 && errno == EINTR)
                continue;
            if (k < 0) {
                int saved = errno;
                close(fd);
                errno = saved;
                return -1;
            }
            if (k == 0)
                break;
            n += (size_t)k;
        }
        if (n)
            *h = dict_hash64(buf, n, *h);
        total += n;
        if (n < KEY_CHUNK)
            break;
    }
    close(fd);
    *len = total;
    return 0;
}

/* What a text load's tables depend on, hashed: the build of parley (its loader, and its
 * built-in dictionaries: scripts/build-id.sh digests their bytes), whether defaults fill
 * missing kinds, a TABARI project, and for every file in load order its kind, dialect,
 * name and bytes. With keep, the files are read into fl, for the text load to parse
 * exactly the bytes that were hashed; else they are only streamed through a buffer.
 * Returns 0, or PARLEY_EIO/PARLEY_ENOMEM when a file cannot be read (err says which). */
static int source_key(file_list *fl, int defaults, int keep, uint64_t *key, parley_error *err)
{
    static const char tag[] = "parley dictionary sources";
    uint64_t h = dict_hash64(tag, sizeof tag, DICT_COMPILED_FORMAT);
    h = dict_hash64(parley_build_id, strlen(parley_build_id) + 1, h);
    uint32_t flags[2] = {(uint32_t)defaults, (uint32_t)fl->tabari};
    h = dict_hash64(flags, sizeof flags, h);
    char *buf = NULL;
    int rc = 0;
    for (int kind = 0; kind < K_NONE && rc == 0; kind++) {
        if (fl->n[kind]) {
            for (int i = 0; i < fl->n[kind] && rc == 0; i++) {
                const char *path = fl->paths[kind][i];
                size_t len = 0;
                int bad = 0;
                h = dict_hash64(path, strlen(path) + 1, h);
                if (keep && !fl->data[kind][i]) {
                    fl->data[kind][i] = slurp(path, &fl->len[kind][i]);
                    bad = !fl->data[kind][i];
                }
                if (bad) {
                } else if (fl->data[kind][i]) {
                    len = fl->len[kind][i];
                    h = hash_chunks(fl->data[kind][i], len, h);
                } else {
                    if (!buf && !(buf = malloc(KEY_CHUNK))) {
                        errno = ENOMEM;
                        bad = 1;
                    }
                    bad = bad || hash_file(path, buf, &h, &len) < 0;
                }
                if (bad) {
                    rc = errno == ENOMEM ? PARLEY_ENOMEM : PARLEY_EIO;
                    error_set(err, rc, path, 0, 0, NULL, "cannot open dictionary: %s", strerror(errno));
                    break;
                }
                uint64_t meta[3] = {(uint64_t)kind, (uint64_t)(int64_t)fl->dialect[kind][i], len};
                h = dict_hash64(meta, sizeof meta, h);
            }
        } else if (defaults && kind != K_OPTIONS) {
            /* the built-in files' bytes are in parley_build_id */
            for (const embedded_dict *e = parley_default_dicts; e->name; e++) {
                if (kind_of(e->name) != kind)
                    continue;
                uint64_t meta[2] = {(uint64_t)kind, e->size};
                h = dict_hash64(e->name, strlen(e->name) + 1, h);
                h = dict_hash64(meta, sizeof meta, h);
            }
        }
    }
    free(buf);
    *key = h ? h : 1;   /* 0 means "any key" to dict_compiled_read */
    return rc;
}

/* Parses the files of fl (from the bytes source_key read, when it did) into a new dict. */
static int load_text(const parley_dict_spec *spec, const file_list *fl, int defaults,
                     parley_diag_fn diag, void *ud, parley_dict **out, parley_error *err)
{
    int rc = 0;
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
        error_set(err, PARLEY_ENOMEM, NULL, 0, 0, NULL, "out of memory");
        return PARLEY_ENOMEM;
    }
    strmap_init(&d->vocab);
    strmap_init(&d->pool_index);
    strmap_init(&b.synset_names);
    pool_add(d, "", 0); /* offset 0 is the empty string */

    /* a TABARI project codes with TABARI's defaults unless its options file says otherwise */
    if (fl->tabari)
        rc = tabari_default_options(&b);
    /* Order: verbs, actors, agents, discards, options, nouns. A TABARI project is complete. */
    for (int kind = 0; kind < K_NONE && rc >= 0; kind++) {
        if (fl->n[kind]) {
            for (int i = 0; i < fl->n[kind] && rc >= 0; i++)
                rc = run_reader(&b, kind, fl->paths[kind][i], fl->data[kind][i], fl->len[kind][i],
                                fl->dialect[kind][i], err);
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
    if (rc >= 0)
        rc = dict_plural_roots_build(d);
    if (rc >= 0 && b.lint)
        dict_lint(&b);
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
    *out = d;
    return 0;
}

/* Keeps why the cache was not used or written, for parley_dict_stats. */
static void note(parley_dict *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void note(parley_dict *d, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    free(d->cache_problem);
    d->cache_problem = strdup(buf);
}

/* spec->compiled: the file and nothing else. */
static int load_compiled(const parley_dict_spec *spec, parley_diag_fn diag, void *ud,
                         parley_dict **out, parley_error *err)
{
    if (spec->dir || spec->verbs || spec->n_actors || spec->agents || spec->discards) {
        error_set(err, PARLEY_EARG, spec->compiled, 0, 0, NULL,
                  "a compiled dictionary replaces the dictionary files: name one or the other");
        return PARLEY_EARG;
    }
    if (spec->lint) {
        error_set(err, PARLEY_EARG, spec->compiled, 0, 0, NULL,
                  "lint reads dictionary text: it cannot check a compiled dictionary");
        return PARLEY_EARG;
    }
    int rc = dict_compiled_read(spec->compiled, 0, diag, ud, out, err);
    if (rc == 1) {
        error_set(err, PARLEY_EIO, spec->compiled, 0, 0, NULL, "cannot open: %s", strerror(ENOENT));
        rc = PARLEY_EIO;
    }
    if (rc == 0)
        (*out)->stats.origin = PARLEY_DICT_COMPILED;
    return rc;
}

int parley_dict_load(const parley_dict_spec *spec, parley_diag_fn diag, void *ud, parley_dict **out,
                     parley_error *err)
{
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    *out = NULL;
    parley_error_clear(err);
    parley_dict_spec none;
    memset(&none, 0, sizeof none);
    if (!spec)
        spec = &none;
    int rc;
    parley_dict *d = NULL;
    if (spec->compiled) {
        rc = load_compiled(spec, diag, ud, &d, err);
        if (rc < 0)
            return rc;
        d->stats.load_ms = ms_since(&t0);
        *out = d;
        return 0;
    }

    file_list fl;
    rc = list_files(spec, &fl, err);
    if (rc < 0)
        return rc;
    int defaults = !spec->no_defaults && !fl.tabari;

    /* the cache: a compiled copy keyed by the sources */
    int cache = spec->cache_dir && *spec->cache_dir && !spec->lint;
    uint64_t key = 0;
    char path[4096] = "", problem[1024] = "";
    double hash_ms = 0;
    if (cache) {
        parley_error kerr;
        parley_error_clear(&kerr);
        if (source_key(&fl, defaults, 0, &key, &kerr) < 0) {
            /* the text load below reports the unreadable file */
            cache = 0;
        } else {
            hash_ms = ms_since(&t0);
            dict_cache_path(spec->cache_dir, key, path, sizeof path);
            rc = dict_compiled_read(path, key, diag, ud, &d, &kerr);
            if (rc == 0) {
                list_free(&fl);
                dict_cache_touch(path);
                d->stats.origin = PARLEY_DICT_CACHE;
                d->stats.hash_ms = hash_ms;
                d->stats.load_ms = ms_since(&t0);
                *out = d;
                return 0;
            }
            if (rc == PARLEY_EIO) {
                /* no directory, or one we may not read: a silent miss (a copy is still
                 * written below when the directory allows it) */
                snprintf(problem, sizeof problem, "%.500s: %.500s", path, kerr.msg);
            } else if (rc < 0 && rc != PARLEY_ENOMEM) {
                /* damaged, truncated, unreadable: say so once, then replace it */
                parley_error w = kerr;
                snprintf(w.msg, sizeof w.msg, "ignoring this dictionary cache (%.400s); reading the text",
                         kerr.msg);
                snprintf(problem, sizeof problem, "%.500s: %.500s", path, kerr.msg);
                if (diag)
                    diag(ud, &w);
            }
        }
    }

    /* A miss: read the files, and key the copy by the bytes parsed (they may have changed
     * since they were hashed above). */
    if (cache && source_key(&fl, defaults, 1, &key, err) < 0)
        cache = 0;
    if (cache)
        dict_cache_path(spec->cache_dir, key, path, sizeof path);
    parley_error_clear(err);
    dict_diag_log log;
    memset(&log, 0, sizeof log);
    log.diag = diag;
    log.ud = ud;
    rc = load_text(spec, &fl, defaults, cache ? dict_diag_record : diag, cache ? (void *)&log : ud, &d, err);
    list_free(&fl);
    if (rc < 0) {
        dict_diag_log_free(&log);
        return rc;
    }
    d->stats.origin = PARLEY_DICT_TEXT;
    d->stats.hash_ms = hash_ms;
    if (cache) {
        parley_error werr;
        parley_error_clear(&werr);
        int m = dict_cache_mkdir(spec->cache_dir);
        if (m < 0) {
            note(d, "cannot create %s: %s", spec->cache_dir, strerror(-m));
        } else if (dict_compiled_write(d, key, &log, path, &werr) < 0) {
            note(d, "%s: %s", path, werr.msg);
        } else {
            d->stats.cache_written = true;
            d->compiled_path = strdup(path);
            dict_cache_prune(spec->cache_dir);
            if (problem[0])
                note(d, "%s (replaced)", problem);
        }
    }
    dict_diag_log_free(&log);
    d->stats.load_ms = ms_since(&t0);
    *out = d;
    return 0;
}

int parley_dict_compile(const parley_dict_spec *spec, const char *path, parley_diag_fn diag,
                        void *ud, parley_error *err)
{
    parley_error_clear(err);
    parley_dict_spec none;
    memset(&none, 0, sizeof none);
    if (!spec)
        spec = &none;
    if (!path || !*path) {
        error_set(err, PARLEY_EARG, NULL, 0, 0, NULL, "no file to write the compiled dictionary to");
        return PARLEY_EARG;
    }
    file_list fl;
    int rc = list_files(spec, &fl, err);
    if (rc < 0)
        return rc;
    int defaults = !spec->no_defaults && !fl.tabari;
    uint64_t key = 0;
    rc = source_key(&fl, defaults, 1, &key, err);
    dict_diag_log log;
    memset(&log, 0, sizeof log);
    log.diag = diag;
    log.ud = ud;
    parley_dict *d = NULL;
    if (rc >= 0) {
        parley_dict_spec text = *spec;
        text.lint = false;
        rc = load_text(&text, &fl, defaults, dict_diag_record, &log, &d, err);
    }
    list_free(&fl);
    if (rc >= 0)
        rc = dict_compiled_write(d, key, &log, path, err);
    dict_diag_log_free(&log);
    parley_dict_free(d);
    return rc < 0 ? rc : 0;
}
