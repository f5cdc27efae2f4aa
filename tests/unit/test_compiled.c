/* test_compiled.c - compiled dictionaries: a copy loaded from the cache or from a compiled
 * file holds exactly the tables a text load builds (compared field by field) and replays
 * its warnings; truncated, damaged, foreign and stale files are refused (in the cache:
 * with one warning, then replaced); a changed source is a miss; a cache that cannot be
 * written is skipped silently. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../src/dict/compiled.h"
#include "../../src/dict/dict.h"
#include "parley.h"
#include "tests.h"

/* ---- helpers ------------------------------------------------------------------------ */

static char cache_dir[512];

static int make_cache_dir(void **state)
{
    (void)state;
    const char *tmp = getenv("TMPDIR");
    snprintf(cache_dir, sizeof cache_dir, "%s/parley-unit-cache-XXXXXX", tmp ? tmp : "/tmp");
    return mkdtemp(cache_dir) ? 0 : -1;
}

static int remove_cache_dir(void **state)
{
    (void)state;
    DIR *d = opendir(cache_dir);
    if (d) {
        struct dirent *de;
        while ((de = readdir(d)) != NULL) {
            char p[1024];
            if (de->d_name[0] == '.')
                continue;
            snprintf(p, sizeof p, "%s/%s", cache_dir, de->d_name);
            unlink(p);
        }
        closedir(d);
    }
    return rmdir(cache_dir);
}

/* The warnings of a load, as "file:line:column: message" lines. */
typedef struct diags {
    int n;
    char text[8192];
} diags;

static void on_diag(void *ud, const parley_error *e)
{
    diags *w = ud;
    size_t len = strlen(w->text);
    snprintf(w->text + len, sizeof w->text - len, "%s:%ld:%ld: %s\n", e->file, e->line, e->column, e->msg);
    w->n++;
}

static parley_dict *load(const parley_dict_spec *spec, diags *w, int origin)
{
    parley_dict *d = NULL;
    parley_error err;
    int rc = parley_dict_load(spec, on_diag, w, &d, &err);
    if (rc < 0)
        fprintf(stderr, "load: %s: %s\n", err.file, err.msg);
    assert_int_equal(rc, 0);
    parley_dict_stats st;
    parley_dict_get_stats(d, &st);
    if (origin >= 0)    /* -1: either */
        assert_int_equal(st.origin, origin);
    return d;
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static void write_file(const char *path, const char *buf, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(buf, 1, len, f), len);
    fclose(f);
}

/* ---- every table, field by field --------------------------------------------------- */

#define SAME_ARRAY(a, b, field, n)                                                             \
    do {                                                                                       \
        assert_int_equal((a)->field == NULL, (b)->field == NULL);                              \
        if ((n) && (a)->field)                                                                 \
            assert_memory_equal((a)->field, (b)->field, (size_t)(n) * sizeof *(a)->field);     \
    } while (0)

static void same_strmap(const strmap *a, const strmap *b)
{
    assert_int_equal(a->cap, b->cap);
    assert_int_equal(a->count, b->count);
    assert_int_equal(a->pool_len, b->pool_len);
    SAME_ARRAY(a, b, slots, a->cap);
    SAME_ARRAY(a, b, pool, a->pool_len);
}

static void same_trie(const trie *a, const trie *b)
{
    assert_int_equal(a->nnodes, b->nnodes);
    assert_int_equal(a->nedges, b->nedges);
    assert_int_equal(a->cap_edges, b->cap_edges);
    SAME_ARRAY(a, b, nodes, a->nnodes);
    SAME_ARRAY(a, b, edges, a->cap_edges);
}

static void same_dicts(const parley_dict *a, const parley_dict *b)
{
    same_strmap(&a->vocab, &b->vocab);
    assert_int_equal(a->nwords, b->nwords);
    assert_int_equal(a->pool_len, b->pool_len);
    SAME_ARRAY(a, b, pool, a->pool_len);
    assert_int_equal(a->nfiles, b->nfiles);
    for (uint32_t i = 0; i < a->nfiles; i++)
        assert_string_equal(a->files[i], b->files[i]);
    same_trie(&a->phrases, &b->phrases);
    assert_int_equal(a->npayloads, b->npayloads);
    SAME_ARRAY(a, b, payloads, a->npayloads);
    assert_int_equal(a->nactors, b->nactors);
    SAME_ARRAY(a, b, actors, a->nactors);
    assert_int_equal(a->nwindows, b->nwindows);
    SAME_ARRAY(a, b, windows, a->nwindows);
    assert_int_equal(a->nagents, b->nagents);
    SAME_ARRAY(a, b, agents, a->nagents);
    same_trie(&a->discards, &b->discards);
    assert_int_equal(a->ndiscards, b->ndiscards);
    assert_int_equal(a->nforms, b->nforms);
    SAME_ARRAY(a, b, forms, a->nforms);
    assert_int_equal(a->nform_head, b->nform_head);
    SAME_ARRAY(a, b, form_head, a->nform_head);
    assert_int_equal(a->nform_words, b->nform_words);
    SAME_ARRAY(a, b, form_words, a->nform_words);
    assert_int_equal(a->nblocks, b->nblocks);
    SAME_ARRAY(a, b, blocks, a->nblocks);
    assert_int_equal(a->npatterns, b->npatterns);
    SAME_ARRAY(a, b, patterns, a->npatterns);
    assert_int_equal(a->nelems, b->nelems);
    SAME_ARRAY(a, b, elems, a->nelems);
    assert_int_equal(a->nsynsets, b->nsynsets);
    SAME_ARRAY(a, b, synsets, a->nsynsets);
    assert_int_equal(a->nsyn_members, b->nsyn_members);
    SAME_ARRAY(a, b, syn_members, a->nsyn_members);
    assert_int_equal(a->nsyn_at, b->nsyn_at);
    SAME_ARRAY(a, b, syn_first_at, a->nsyn_at);
    SAME_ARRAY(a, b, syn_last_at, a->nsyn_at);
    assert_int_equal(a->nsyn_first, b->nsyn_first);
    SAME_ARRAY(a, b, syn_first, a->nsyn_first);
    assert_int_equal(a->nsyn_last, b->nsyn_last);
    SAME_ARRAY(a, b, syn_last, a->nsyn_last);
    same_trie(&a->nouns, &b->nouns);
    assert_int_equal(a->nnouns, b->nnouns);
    SAME_ARRAY(a, b, noun_entries, a->nnouns);
    assert_int_equal(a->cap_wmode, b->cap_wmode);
    SAME_ARRAY(a, b, wmode, a->cap_wmode);
    assert_int_equal(a->literals, b->literals);
    assert_int_equal(a->tabari, b->tabari);
    assert_int_equal(a->gap_wid, b->gap_wid);
    assert_int_equal(a->noptions, b->noptions);
    SAME_ARRAY(a, b, options, a->noptions);
    parley_dict_stats x, y;
    parley_dict_get_stats(a, &x);
    parley_dict_get_stats(b, &y);
    assert_int_equal(x.verbs, y.verbs);
    assert_int_equal(x.patterns, y.patterns);
    assert_int_equal(x.synsets, y.synsets);
    assert_int_equal(x.actor_phrases, y.actor_phrases);
    assert_int_equal(x.actor_entries, y.actor_entries);
    assert_int_equal(x.dated_windows, y.dated_windows);
    assert_int_equal(x.agent_phrases, y.agent_phrases);
    assert_int_equal(x.discards, y.discards);
    assert_int_equal(x.nouns, y.nouns);
    assert_int_equal(x.files, y.files);
}

/* Codes a document with a dictionary and returns its events as text. */
static void code_text(const parley_dict *d, const char *text, char *out, size_t cap)
{
    parley_options o;
    parley_options_init(&o);
    parley_dict_options(d, &o);
    parley_doc *doc = parley_doc_new();
    parley_error err;
    assert_int_equal(parley_doc_set(doc, "d", "2024-03-01", text, strlen(text), NULL, NULL, NULL, &err), 0);
    assert_true(parley_code(d, &o, doc, &err) >= 0);
    out[0] = '\0';
    for (size_t i = 0; i < parley_doc_event_count(doc); i++) {
        const parley_event *e = parley_doc_event(doc, i);
        size_t len = strlen(out);
        snprintf(out + len, cap - len, "%s %s %s %s:%d\n", e->source, e->target, e->code,
                 e->pattern_file ? e->pattern_file : "", e->pattern_line);
    }
    parley_doc_free(doc);
}

static const char news[] =
    "Russian President Vladimir Putin met Chinese President Xi Jinping in Beijing on Monday. "
    "Israeli forces attacked Hamas militants in Gaza, the army said. "
    "The United Nations condemned the attack and called for a ceasefire.";

/* ---- tests -------------------------------------------------------------------------- */

static void test_hash(void **state)
{
    (void)state;
    char buf[200];
    for (int i = 0; i < 200; i++)
        buf[i] = (char)(i * 7);
    uint64_t h = dict_hash64(buf, sizeof buf, 0);
    assert_true(h == dict_hash64(buf, sizeof buf, 0));
    assert_true(h != dict_hash64(buf, sizeof buf, 1));
    assert_true(h != dict_hash64(buf, sizeof buf - 1, 0));
    /* a flipped bit anywhere, in any lane or in the tail, changes it */
    for (int i = 0; i < 200; i++) {
        buf[i] ^= 4;
        assert_true(h != dict_hash64(buf, sizeof buf, 0));
        buf[i] ^= 4;
    }
    assert_true(dict_hash64("a", 1, 0) != dict_hash64("a\0", 2, 0));
}

static void test_round_trip_defaults(void **state)
{
    (void)state;
    parley_dict_spec plain, cached;
    memset(&plain, 0, sizeof plain);
    cached = plain;
    cached.cache_dir = cache_dir;
    diags w0 = {0}, w1 = {0}, w2 = {0};
    parley_dict *t = load(&plain, &w0, PARLEY_DICT_TEXT);
    parley_dict *a = load(&cached, &w1, PARLEY_DICT_TEXT);
    parley_dict_stats st;
    parley_dict_get_stats(a, &st);
    assert_true(st.cache_written);
    assert_non_null(st.compiled_file);
    assert_null(st.cache_problem);
    parley_dict *b = load(&cached, &w2, PARLEY_DICT_CACHE);
    parley_dict_get_stats(b, &st);
    assert_false(st.cache_written);
    assert_non_null(b->map);
    same_dicts(t, a);
    same_dicts(t, b);
    assert_string_equal(w0.text, w1.text);
    assert_string_equal(w0.text, w2.text);
    char e1[4096], e2[4096];
    code_text(t, news, e1, sizeof e1);
    code_text(b, news, e2, sizeof e2);
    assert_true(strlen(e1) > 0);
    assert_string_equal(e1, e2);
    parley_dict_free(t);
    parley_dict_free(a);
    parley_dict_free(b);
}

/* A TABARI project: synsets, <NOUN> classes, stems and closed words (literals), phrases
 * with gaps, an options file, and lines that warn. */
static void tabari_spec(parley_dict_spec *spec, char *proj, size_t cap)
{
    char verbs[512], actors[512], opts[512], text[2048];
    snprintf(verbs, sizeof verbs, "%s",
             write_temp("c.verbs", "RESTOR [064]\n- * DIPLOMATIC [064]\nCONTRIBUT [070]\n"
                                   "- * &CURRENCY [903]\n- * { GIFT | DONATION } [071]\n"
                                   "DEPART_ [000]\n- $ * FROM + [042]\n"
                                   "<SYNSETS>\n&CURRENCY\n+SWISS_FRANC\n+DOLLAR_\n</SYNSETS>\n"
                                   "<NOUN>\nRESTORATION\n</NOUN>\n"
                                   "BROKEN LINE [\n"));
    snprintf(actors, sizeof actors, "%s",
             write_temp("c.actors", "ARNOR [ARN] ;a stem\nGONDOR [GON]\nMINAS  TIRITH [GONCAP]\n"
                                    "ROHAN [ROH 950101-990101] [RHN]\nBAD [XYZ 9999-1]\n"));
    snprintf(opts, sizeof opts, "%s", write_temp("c.options", "COMMA: 4 6 2 8 2 6\nCOMPLEX: VERBS[5]\n"));
    snprintf(text, sizeof text, "<verbsfile> %s\n<actorsfile> %s\n<optionsfile> %s\n", verbs, actors, opts);
    snprintf(proj, cap, "%s", write_temp("c.project", text));
    memset(spec, 0, sizeof *spec);
    spec->dir = proj;
}

static void test_round_trip_tabari(void **state)
{
    (void)state;
    char proj[512];
    parley_dict_spec plain, cached;
    tabari_spec(&plain, proj, sizeof proj);
    cached = plain;
    cached.cache_dir = cache_dir;
    diags w0 = {0}, w1 = {0}, w2 = {0};
    parley_dict *t = load(&plain, &w0, PARLEY_DICT_TEXT);
    parley_dict *a = load(&cached, &w1, PARLEY_DICT_TEXT);
    parley_dict *b = load(&cached, &w2, PARLEY_DICT_CACHE);
    assert_true(t->tabari && t->literals && t->noptions > 0 && t->cap_wmode > 0);
    same_dicts(t, a);
    same_dicts(t, b);
    /* the warnings of the text, replayed by the copy */
    assert_true(w0.n >= 2);
    assert_string_equal(w0.text, w1.text);
    assert_string_equal(w0.text, w2.text);
    char e1[2048], e2[2048];
    static const char t1[] = "Arnorian envoys will contribute a million swiss francs to Gondor, officials said.";
    code_text(t, t1, e1, sizeof e1);
    code_text(b, t1, e2, sizeof e2);
    assert_non_null(strstr(e1, "ARN GON 903"));
    assert_string_equal(e1, e2);
    parley_options o1, o2;
    parley_options_init(&o1);
    parley_options_init(&o2);
    assert_int_equal(parley_dict_options(t, &o1), parley_dict_options(b, &o2));
    assert_memory_equal(&o1, &o2, sizeof o1);
    parley_dict_free(t);
    parley_dict_free(a);
    parley_dict_free(b);
}

static void test_compiled_file(void **state)
{
    (void)state;
    char proj[512], path[1024];
    parley_dict_spec spec;
    tabari_spec(&spec, proj, sizeof proj);
    snprintf(path, sizeof path, "%s/shipped.pdc", cache_dir);
    diags w0 = {0}, w1 = {0}, w2 = {0};
    parley_error err;
    assert_int_equal(parley_dict_compile(&spec, path, on_diag, &w0, &err), 0);
    parley_dict *t = load(&spec, &w1, PARLEY_DICT_TEXT);
    parley_dict_spec c;
    memset(&c, 0, sizeof c);
    c.compiled = path;
    parley_dict *b = load(&c, &w2, PARLEY_DICT_COMPILED);
    same_dicts(t, b);
    assert_string_equal(w0.text, w1.text);
    assert_string_equal(w1.text, w2.text);
    parley_dict_free(t);
    parley_dict_free(b);
    /* compiling again gives the same bytes */
    char again[1100];
    snprintf(again, sizeof again, "%s.again", path);
    assert_int_equal(parley_dict_compile(&spec, again, NULL, NULL, &err), 0);
    size_t n1, n2;
    char *f1 = read_file(path, &n1), *f2 = read_file(again, &n2);
    assert_int_equal(n1, n2);
    assert_memory_equal(f1, f2, n1);
    free(f1);
    free(f2);
    unlink(again);
    /* a compiled file stands alone; lint needs text */
    parley_dict *d = NULL;
    c.verbs = "x.verbs";
    assert_int_equal(parley_dict_load(&c, NULL, NULL, &d, &err), PARLEY_EARG);
    c.verbs = NULL;
    c.lint = true;
    assert_int_equal(parley_dict_load(&c, NULL, NULL, &d, &err), PARLEY_EARG);
    c.lint = false;
    c.compiled = "/nonexistent/file.pdc";
    assert_int_equal(parley_dict_load(&c, NULL, NULL, &d, &err), PARLEY_EIO);
    assert_null(d);
    /* lint never uses the cache */
    parley_dict_spec l = spec;
    l.cache_dir = cache_dir;
    l.lint = true;
    diags wl = {0};
    d = load(&l, &wl, PARLEY_DICT_TEXT);
    parley_dict_stats st;
    parley_dict_get_stats(d, &st);
    assert_false(st.cache_written);
    parley_dict_free(d);
}

/* Damages the file at path with `how`, then loads through the cache: the copy is refused
 * with one warning naming `why`, the text is read, the copy replaced. */
enum { TRUNCATE, FLIP, FORMAT, BUILD, EMPTY, GARBAGE, EXTRA };

static void damage(const char *path, int how)
{
    size_t n;
    char *buf = read_file(path, &n);
    switch (how) {
    case TRUNCATE:
        n /= 2;
        break;
    case FLIP:
        buf[n / 2 + 3] ^= 0x10;
        break;
    case FORMAT:
        buf[8] ^= 1;       /* the format number follows the 8-byte magic */
        break;
    case BUILD: {
        /* another build: change the build id and make the checksum right again, so that
         * it is the build check that refuses it */
        size_t idn = strlen(parley_build_id);
        char *b = NULL;
        for (size_t i = 0; !b && i + idn < 512; i++)
            if (memcmp(buf + i, parley_build_id, idn) == 0)
                b = buf + i;
        assert_non_null(b);
        b[0] = b[0] == '0' ? '1' : '0';
        uint64_t sum = dict_hash64(buf + 24, n - 24, 0);
        memcpy(buf + 16, &sum, sizeof sum);
        break;
    }
    case EMPTY:
        n = 0;
        break;
    case GARBAGE:
        for (size_t i = 0; i < n; i++)
            buf[i] = (char)(i * 31 + 7);
        break;
    case EXTRA:
        buf = realloc(buf, n + 100);
        memset(buf + n, 'x', 100);
        n += 100;
        break;
    }
    write_file(path, buf, n);
    free(buf);
}

static void test_damaged(void **state)
{
    (void)state;
    static const struct {
        int how;
        const char *why;
    } cases[] = {
        {TRUNCATE, "truncated"},  {FLIP, "checksum"},       {FORMAT, "another format"},
        {BUILD, "another build"}, {EMPTY, "too short"},     {GARBAGE, "not a compiled dictionary"},
        {EXTRA, "extra bytes"},
    };
    parley_dict_spec plain, cached;
    memset(&plain, 0, sizeof plain);
    cached = plain;
    cached.cache_dir = cache_dir;
    diags w0 = {0};
    parley_dict *t = load(&plain, &w0, PARLEY_DICT_TEXT);
    parley_dict_free(load(&cached, &(diags){0}, -1));
    parley_dict *b = load(&cached, &(diags){0}, PARLEY_DICT_CACHE);
    char path[1024];
    parley_dict_stats st;
    parley_dict_get_stats(b, &st);
    snprintf(path, sizeof path, "%s", st.compiled_file);
    parley_dict_free(b);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        damage(path, cases[i].how);
        /* the cache: one warning, the text, a new copy */
        diags w = {0};
        parley_dict *d = load(&cached, &w, PARLEY_DICT_TEXT);
        assert_int_equal(w.n, w0.n + 1);
        if (!strstr(w.text, cases[i].why))
            fail_msg("case %zu: no \"%s\" in: %s", i, cases[i].why, w.text);
        parley_dict_get_stats(d, &st);
        assert_true(st.cache_written);
        assert_non_null(st.cache_problem);
        same_dicts(t, d);
        parley_dict_free(d);
        d = load(&cached, &(diags){0}, PARLEY_DICT_CACHE);
        parley_dict_free(d);
        /* as a compiled file: an error, never a crash */
        damage(path, cases[i].how);
        parley_dict_spec c;
        memset(&c, 0, sizeof c);
        c.compiled = path;
        parley_error err;
        d = NULL;
        assert_int_equal(parley_dict_load(&c, NULL, NULL, &d, &err), PARLEY_ESYNTAX);
        assert_null(d);
        assert_non_null(strstr(err.msg, cases[i].why));
        parley_dict_free(load(&cached, &(diags){0}, PARLEY_DICT_TEXT));
    }
    parley_dict_free(t);
}

/* What parley dict lookup prints for a phrase ("" when it is not found). */
static void lookup(const parley_dict *d, const char *phrase, char *out, size_t cap)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    int found = parley_dict_lookup(f, d, phrase, 20240101);
    fclose(f);
    snprintf(out, cap, "%s", found ? text : "");
    free(text);
}

static void test_source_changed(void **state)
{
    (void)state;
    char out[1024];
    const char *actors = write_temp("s.actors.txt", "FRODO [HOB]\n");
    parley_dict_spec spec;
    memset(&spec, 0, sizeof spec);
    spec.actors = &actors;
    spec.n_actors = 1;
    spec.cache_dir = cache_dir;
    parley_dict_free(load(&spec, &(diags){0}, PARLEY_DICT_TEXT));
    parley_dict *d = load(&spec, &(diags){0}, PARLEY_DICT_CACHE);
    lookup(d, "Frodo", out, sizeof out);
    assert_non_null(strstr(out, "HOB"));
    parley_dict_free(d);
    /* same length, other bytes: another key */
    write_temp("s.actors.txt", "FRODO [ORC]\n");
    d = load(&spec, &(diags){0}, PARLEY_DICT_TEXT);
    lookup(d, "Frodo", out, sizeof out);
    assert_non_null(strstr(out, "ORC"));
    parley_dict_free(d);
    d = load(&spec, &(diags){0}, PARLEY_DICT_CACHE);
    lookup(d, "Frodo", out, sizeof out);
    assert_non_null(strstr(out, "ORC"));
    parley_dict_free(d);
    write_temp("s.actors.txt", "FRODO [HOB]\nSAMWISE [HOB]\n");
    d = load(&spec, &(diags){0}, PARLEY_DICT_TEXT);
    lookup(d, "Samwise", out, sizeof out);
    assert_non_null(strstr(out, "HOB"));
    parley_dict_free(d);
    /* the first version again: its copy is still there */
    write_temp("s.actors.txt", "FRODO [HOB]\n");
    d = load(&spec, &(diags){0}, PARLEY_DICT_CACHE);
    lookup(d, "Samwise", out, sizeof out);
    assert_string_equal(out, "");
    parley_dict_free(d);
    /* whether the defaults fill the other kinds is part of the key */
    spec.no_defaults = true;
    parley_dict_free(load(&spec, &(diags){0}, PARLEY_DICT_TEXT));
    parley_dict_free(load(&spec, &(diags){0}, PARLEY_DICT_CACHE));
}

static void test_unwritable(void **state)
{
    (void)state;
    parley_dict_spec plain, cached;
    memset(&plain, 0, sizeof plain);
    cached = plain;
    cached.cache_dir = "/dev/null/parley-cache";
    diags w0 = {0}, w1 = {0};
    parley_dict *t = load(&plain, &w0, PARLEY_DICT_TEXT);
    parley_dict *d = load(&cached, &w1, PARLEY_DICT_TEXT);
    /* no warning: the cache is an optimisation; the stats say why it was not written */
    assert_string_equal(w0.text, w1.text);
    parley_dict_stats st;
    parley_dict_get_stats(d, &st);
    assert_false(st.cache_written);
    assert_non_null(st.cache_problem);
    same_dicts(t, d);
    parley_dict_free(t);
    parley_dict_free(d);
}

int run_compiled_tests(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hash),
        cmocka_unit_test(test_round_trip_defaults),
        cmocka_unit_test(test_round_trip_tabari),
        cmocka_unit_test(test_compiled_file),
        cmocka_unit_test(test_damaged),
        cmocka_unit_test(test_source_changed),
        cmocka_unit_test(test_unwritable),
    };
    return cmocka_run_group_tests_name("compiled dictionaries", tests, make_cache_dir, remove_cache_dir);
}
