/* test_dict.c - dictionary readers: actor date windows, agents, synonym sets, verb forms,
 * patterns, and warnings that name file:line. */
#include <stdio.h>
#include <string.h>

#include "../../src/dict/dict.h"
#include "parley.h"
#include "tests.h"

static uint32_t entry_of(const parley_dict *d, const char *phrase)
{
    /* walk the trie word by word (phrases here are single lower-case words or two) */
    char buf[128];
    snprintf(buf, sizeof buf, "%s", phrase);
    uint32_t node = 0;
    char *save = NULL;
    for (char *w = strtok_r(buf, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        node = trie_step(&d->phrases, node, dict_word(d, w, (uint32_t)strlen(w)));
        assert_true(node != 0);
    }
    uint32_t p = d->phrases.nodes[node].payload;
    assert_true(p != 0);
    return d->payloads[p - 1].entry;
}

static void test_actor_windows(void **state)
{
    (void)state;
    const char *path = write_temp("w.actors.txt",
        "# windows are tried in order; both ends inclusive\n"
        "SAM_GAMGEE [HOB]\n"
        "\t[HOBCIV <20080120]\n"
        "\t[ORCHOB 20100109-20100112]\n"
        "\t[HOBMIL 20080120-20121109]\n"
        "\t[HOBELI >20130119]\n"
        "OLD_NAME\n"
        "NEW_NAME [NEW]\n"
        "+NEWER_NAME\n"
        "ZIMBABWE\n"
        "\t[RHO <790606]\n"
        "\t[ZBW]\n"
        "ALBRIGHT [USAGOV 991201-010114] [---]\n"
        "BROKEN [BRK]\n"
        "\t[BRK 2010-01-01]\n"
        "\t[BRK >20201301]\n");
    warnings w = {0};
    parley_dict *d = load_dict_files(NULL, path, NULL, &w);
    uint32_t sam = entry_of(d, "sam gamgee");
    assert_string_equal(dict_actor_code(d, sam, 20080119), "HOBCIV");
    assert_string_equal(dict_actor_code(d, sam, 20080120), "HOBMIL");
    assert_string_equal(dict_actor_code(d, sam, 20100112), "ORCHOB"); /* inclusive end */
    assert_string_equal(dict_actor_code(d, sam, 20100113), "HOBMIL");
    assert_string_equal(dict_actor_code(d, sam, 20121231), "HOB");    /* default */
    assert_string_equal(dict_actor_code(d, sam, 20140104), "HOBELI");
    /* a primary without codes shares the next primary's */
    assert_string_equal(dict_actor_code(d, entry_of(d, "old name"), 20000101), "NEW");
    assert_string_equal(dict_actor_code(d, entry_of(d, "newer name"), 20000101), "NEW");
    uint32_t z = entry_of(d, "zimbabwe");
    assert_string_equal(dict_actor_code(d, z, 19781223), "RHO"); /* 6-digit date */
    assert_string_equal(dict_actor_code(d, z, 20010101), "ZBW");
    uint32_t a = entry_of(d, "albright");
    assert_string_equal(dict_actor_code(d, a, 20000101), "USAGOV"); /* TABARI same-line */
    assert_string_equal(dict_actor_code(d, a, 20050101), "---");
    /* the two malformed windows are reported with their lines */
    assert_int_equal(w.n, 2);
    assert_int_equal(w.lines[0], 15);
    assert_int_equal(w.lines[1], 16);
    parley_dict_free(d);
}

static void test_agents(void **state)
{
    (void)state;
    const char *path = write_temp("t.agents.txt",
        "!PERSON! = MAN, WOMAN\n"
        "POLICE {} [~COP]\n"
        "AUTHORITY [~GOV]\n"
        "SPOKES!PERSON! [~GOV]\n"
        "MSF {} [NGO~]\n"
        "GOLDEN_GOOSE {GOLDEN_GEESE} [~GGS]\n"
        "NOCODE\n");
    warnings w = {0};
    parley_dict *d = load_dict_files(NULL, NULL, path, &w);
    assert_int_equal(w.n, 1); /* the line without a code */
    uint32_t e = entry_of(d, "authorities");
    assert_string_equal(dict_str(d, d->agents[e].code), "GOV");
    entry_of(d, "spokeswoman");
    entry_of(d, "golden geese");
    assert_int_equal(dict_word(d, "polices", 7), 0); /* {} = no plural */
    e = entry_of(d, "msf");
    assert_true(d->agents[e].prefix);
    parley_dict_free(d);
}

static void test_verbs(void **state)
{
    (void)state;
    const char *path = write_temp("t.verbs.txt",
        "&TIES\n"
        "+MILITARY\n"
        "+ECONOMIC_\n"
        "\n"
        "--- FLEE [---] ---\n"
        "FLEE\n"
        "- * FROM + [0231]\n"
        "\n"
        "--- BREAK [161] ---\n"
        "+BREAK_DOWN {+BROKE_DOWN +BROKEN_DOWN}\n"
        "- IN_* $ [075]\n"
        "- * &TIES_RELATIONS [162]\n"
        "- no star here [111]\n");
    warnings w = {0};
    parley_dict *d = load_dict_files(path, NULL, NULL, &w);
    assert_int_equal(w.n, 1);
    assert_int_equal(w.lines[0], 13);
    /* WordNet supplies "fled" */
    uint32_t fled = dict_word(d, "fled", 4);
    assert_true(fled && d->form_head[fled]);
    uint32_t broken = dict_word(d, "broken", 6);
    const verb_form *f = &d->forms[d->form_head[broken] - 1];
    assert_int_equal(f->npost, 1);
    assert_int_equal(d->form_words[f->post_first], dict_word(d, "down", 4));
    /* patterns of BREAK: IN_* $ -> upper [IN adjacent], lower [$] */
    const verb_block *b = &d->blocks[1];
    assert_int_equal(b->npat, 2);
    const pattern *p = &d->patterns[b->pat_first];
    assert_int_equal(p->nupper, 1);
    assert_int_equal(d->elems[p->upper_first].type, PE_WORD);
    assert_true(d->elems[p->upper_first].adjacent);
    assert_int_equal(d->elems[p->lower_first].type, PE_SOURCE);
    assert_false(d->elems[p->lower_first].adjacent);
    p = &d->patterns[b->pat_first + 1];
    assert_int_equal(p->nlower, 2);
    assert_int_equal(d->elems[p->lower_first].type, PE_SYNSET);
    assert_true(d->elems[p->lower_first + 1].adjacent);
    /* synset plurals: MILITARY -> MILITARIES, but ECONOMIC_ stays exact */
    assert_true(dict_word(d, "militaries", 10) != 0);
    assert_int_equal(dict_word(d, "economics", 9), 0);
    parley_dict_free(d);
}

static void test_missing_file(void **state)
{
    (void)state;
    parley_dict_spec spec;
    memset(&spec, 0, sizeof spec);
    spec.verbs = "/nonexistent/verbs.txt";
    parley_dict *d = NULL;
    parley_error err;
    assert_int_equal(parley_dict_load(&spec, NULL, NULL, &d, &err), PARLEY_EIO);
    assert_null(d);
    assert_string_equal(err.file, "/nonexistent/verbs.txt");
}

static void test_defaults_load(void **state)
{
    (void)state;
    parley_dict *d = NULL;
    parley_error err;
    assert_int_equal(parley_dict_load(NULL, NULL, NULL, &d, &err), 0);
    parley_dict_stats st;
    parley_dict_get_stats(d, &st);
    assert_true(st.actor_entries > 1000);
    parley_dict_free(d);
}

/* The discards' plural-root set: a word a discard phrase starts with, plus "s", must be
 * "may" (no false no), and words that start none mostly "no" (the set is a filter). */
static void test_plural_roots(void **state)
{
    (void)state;
    parley_dict *d = NULL;
    parley_error err;
    assert_int_equal(parley_dict_load(NULL, NULL, NULL, &d, &err), 0);
    assert_true(d->cap_plural_roots > 0);
    uint32_t roots = 0, no = 0, asked = 0;
    char buf[256];
    for (size_t i = 0; i < d->vocab.cap; i++) {
        const strmap_slot *sl = &d->vocab.slots[i];
        if (!sl->value || sl->key_len + 2 > sizeof buf)
            continue;
        memcpy(buf, strmap_key(&d->vocab, sl), sl->key_len);
        buf[sl->key_len] = 's';
        int may = dict_plural_root_may(d, strmap_hash(buf, sl->key_len + 1));
        if (trie_step(&d->discards, 0, sl->value)) {
            roots++;
            assert_true(may);
        } else {
            asked++;
            no += !may;
        }
    }
    assert_true(roots > 10);
    assert_true(no * 100 >= asked * 99);
    /* what actors_discards then asks of such a plural ("horoscopes"): its stem starts a
     * discard phrase */
    buf[0] = '\0';
    for (size_t i = 0; i < d->vocab.cap && !buf[0]; i++) {
        const strmap_slot *sl = &d->vocab.slots[i];
        if (sl->value && trie_step(&d->discards, 0, sl->value) && sl->key_len + 2 < sizeof buf) {
            memcpy(buf, strmap_key(&d->vocab, sl), sl->key_len);
            buf[sl->key_len] = 's';
            buf[sl->key_len + 1] = '\0';
        }
    }
    size_t n = strlen(buf);
    assert_true(dict_plural_root_may(d, strmap_hash(buf, n)));
    assert_true(trie_step(&d->discards, 0, dict_word(d, buf, (uint32_t)n - 1)) != 0);
    parley_dict_free(d);
}

int run_dict_tests(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_actor_windows),
        cmocka_unit_test(test_agents),
        cmocka_unit_test(test_verbs),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_defaults_load),
        cmocka_unit_test(test_plural_roots),
    };
    return cmocka_run_group_tests_name("dict", tests, NULL, NULL);
}
