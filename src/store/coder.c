/* coder.c - what coded the documents: a fingerprint of the dictionaries and options.
 *
 * A document is "unchanged" only when its content and its coder are the same as stored:
 * new dictionaries must recode it. The fingerprint covers the parley version, the
 * contents of every dictionary file the spec names (a directory: all its files; a
 * TABARI .project or PETRARCH .ini: the files of its directory, which it refers to; a
 * compiled dictionary: its bytes), the built-in dictionaries when they may be used, the dictionary statistics and every coding
 * option. The coders table keeps a readable description of each fingerprint. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "../output/record.h"
#include "store.h"

/* The built-in dictionaries, as embedded by scripts/embed-dicts.sh (read by
 * src/dict/load.c, which owns the layout). */
typedef struct embedded_dict {
    const char *name;
    const char *data;
    unsigned long size;
} embedded_dict;
extern const embedded_dict parley_default_dicts[];

void store_hex64(uint64_t h, char out[17])
{
    snprintf(out, 17, "%016llx", (unsigned long long)h);
}

static uint64_t hash_file(const char *path, uint64_t h)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return out_hash(path, strlen(path), h);   /* the loader reports unreadable files */
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        h = out_hash(buf, n, h);
    fclose(f);
    return h;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Every regular file of a directory, in name order (so the fingerprint does not depend
 * on the order readdir happens to give). */
static uint64_t hash_dir(const char *dir, uint64_t h)
{
    DIR *d = opendir(dir);
    if (!d)
        return h;
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            char **p = realloc(names, cap * sizeof *p);
            if (!p)
                break;
            names = p;
        }
        names[n] = strdup(de->d_name);
        if (names[n])
            n++;
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n; i++) {
        char path[4096];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
            h = out_hash(names[i], strlen(names[i]) + 1, h);
            h = hash_file(path, h);
        }
        free(names[i]);
    }
    free(names);
    return h;
}

static uint64_t hash_path(const char *path, uint64_t h)
{
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return hash_dir(path, h);
    size_t n = strlen(path);
    if ((n > 4 && strcmp(path + n - 4, ".ini") == 0) ||
        (n > 8 && strcmp(path + n - 8, ".project") == 0)) {
        char dir[4096];
        snprintf(dir, sizeof dir, "%s", path);
        char *slash = strrchr(dir, '/');
        if (slash)
            *slash = '\0';
        else
            snprintf(dir, sizeof dir, ".");
        return hash_dir(dir, h);
    }
    return hash_file(path, h);
}

static size_t add(char *buf, size_t len, size_t cap, const char *fmt, const char *v)
{
    if (v && len < cap)
        len += (size_t)snprintf(buf + len, cap - len, fmt, v);
    return len < cap ? len : cap - 1;
}

int parley_store_set_coder(parley_store *s, const parley_dict_spec *spec, const parley_dict *d,
                           const parley_options *opts, parley_error *err)
{
    uint64_t h = out_hash("parley " PARLEY_VERSION, sizeof "parley " PARLEY_VERSION, OUT_HASH_SEED);
    char desc[4096];
    size_t len = 0;
    desc[0] = '\0';
    if (spec) {
        const char *paths[5] = {spec->dir, spec->verbs, spec->agents, spec->discards, spec->compiled};
        const char *names[5] = {"dict", "verbs", "agents", "discards", "dict-compiled"};
        for (int i = 0; i < 5; i++) {
            if (!paths[i])
                continue;
            h = out_hash(names[i], strlen(names[i]) + 1, h);
            h = hash_path(paths[i], h);
            len = add(desc, len, sizeof desc, "--%s ", names[i]);
            len = add(desc, len, sizeof desc, "%s ", paths[i]);
        }
        for (size_t i = 0; i < spec->n_actors; i++) {
            h = out_hash("actors", 7, h);
            h = hash_path(spec->actors[i], h);
            len = add(desc, len, sizeof desc, "--actors %s ", spec->actors[i]);
        }
    }
    if (spec && spec->compiled) {
        len = add(desc, len, sizeof desc, "%s", "(a compiled dictionary: whatever it was compiled from)");
    } else if (!spec || !spec->no_defaults) {
        for (const embedded_dict *e = parley_default_dicts; e->name; e++) {
            h = out_hash(e->name, strlen(e->name) + 1, h);
            h = out_hash(e->data, e->size, h);
        }
        len = add(desc, len, sizeof desc, "%s", "built-in dictionaries for the kinds not named");
    } else {
        len = add(desc, len, sizeof desc, "%s", "no built-in dictionaries");
    }
    if (d) {
        parley_dict_stats st;
        parley_dict_get_stats(d, &st);
        char counts[256];
        snprintf(counts, sizeof counts, "; %zu verb forms, %zu patterns, %zu actor entries, "
                 "%zu agent phrases, %zu discards", st.verbs, st.patterns, st.actor_entries,
                 st.agent_phrases, st.discards);
        h = out_hash(counts, strlen(counts), h);
        len = add(desc, len, sizeof desc, "%s", counts);
    }
    char options[256] = "";
    if (opts) {
        snprintf(options, sizeof options,
                 "require_dyad=%d max_sentence_tokens=%d comma_min=%d comma_max=%d comma_bmin=%d "
                 "comma_bmax=%d comma_emin=%d comma_emax=%d", opts->require_dyad,
                 opts->max_sentence_tokens, opts->comma_min, opts->comma_max, opts->comma_bmin,
                 opts->comma_bmax, opts->comma_emin, opts->comma_emax);
        h = out_hash(options, strlen(options), h);
        /* every option, including those the description above does not name (new ones
         * too): parley_options_init() zeroes the whole struct, padding included */
        h = out_hash((const char *)opts, sizeof *opts, h);
    }
    (void)len;
    char fp[17], now[32];
    store_hex64(h, fp);
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
    db_val p[5] = {dbv_text(fp), dbv_text("parley " PARLEY_VERSION), dbv_text(desc),
                   dbv_text(options), dbv_text(now)};
    int rc = db_run(s->db,
                    "INSERT INTO coders (fingerprint, parley_version, dictionaries, options,"
                    " first_used) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (fingerprint) DO NOTHING",
                    p, 5, NULL, NULL, err);
    if (rc < 0)
        return rc;
    s->coder_id = 0;
    rc = db_run(s->db, "SELECT id FROM coders WHERE fingerprint = $1", p, 1, store_one_int,
                &s->coder_id, err);
    if (rc < 0)
        return rc;
    if (!s->coder_id) {
        db_error(err, "the store lost its coders row", fp);
        return PARLEY_ESTORE;
    }
    return 0;
}
