/* test_tabari.c - the TABARI dialect reader: dialect detection, verb roots with their
 * forms and patterns ({A | B} alternatives, longest first), how stems, closed and exact
 * words match, actor files (';' comments, <NOUN>, ~~FINISH, phrases with gaps, discard
 * codes), options files, warnings with file:line, and a small project coded end to end. */
#include <stdio.h>
#include <string.h>

#include "../../src/dict/build.h"
#include "../../src/dict/dict.h"
#include "parley.h"
#include "tests.h"

/* The block whose label is `name`, or -1. */
static int block_of(const parley_dict *d, const char *name)
{
    for (uint32_t i = 0; i < d->nblocks; i++)
        if (strcmp(dict_str(d, d->blocks[i].name), name) == 0)
            return (int)i;
    return -1;
}

/* The code of the k-th pattern of block b. */
static const char *pattern_code(const parley_dict *d, int b, uint32_t k)
{
    return dict_str(d, d->patterns[d->blocks[b].pat_first + k].code - 1);
}

/* Does a form of block b have head word `word` (resolved as text is)? */
static int has_form(const parley_dict *d, int b, const char *word)
{
    uint32_t w = dict_word(d, word, (uint32_t)strlen(word));
    for (uint32_t f = 0; f < d->nforms; f++)
        if (d->forms[f].head == w && d->forms[f].block == (uint32_t)b && !d->forms[f].npost)
            return 1;
    return 0;
}

static void test_detect(void **state)
{
    (void)state;
    static const char tabari_actors[] = "ALBRIGHT  [USAGOV 991201-010114] [---] ;ems 02 Feb 2001\n"
                                        "ARNOR [ARN]\n";
    static const char tabari_verbs[] = "<SYNSETS>\n&X\n+Y\n</SYNSETS>\nABANDON [345]\n- * EFFORT [987]\n";
    static const char petrarch_verbs[] = "# verbs\n--- ABANDON [345] ---\nABANDON\n- * EFFORT [987]\n";
    static const char petrarch_actors[] = "# actors\nARNOR [ARN]\n+ARNORIAN\n";
    static const char bare_verbs[] = "ABANDON [345]\n- * EFFORT [987]\n";
    assert_true(dict_text_is_tabari(tabari_actors, sizeof tabari_actors - 1, 0));
    assert_true(dict_text_is_tabari(tabari_verbs, sizeof tabari_verbs - 1, 1));
    assert_true(dict_text_is_tabari(bare_verbs, sizeof bare_verbs - 1, 1));
    assert_false(dict_text_is_tabari(petrarch_verbs, sizeof petrarch_verbs - 1, 1));
    assert_false(dict_text_is_tabari(petrarch_actors, sizeof petrarch_actors - 1, 0));
}

static void test_verbs(void **state)
{
    (void)state;
    const char *path = write_temp("t.tabari.verbs",
        "<SYNSETS>\n"
        "&TIETYPES\n"
        "+MILITARY\n"
        "+ECONOMIC\n"
        "&TIEPHRASE\n"
        "+&TIETYPES_MEMOS\n"
        "</SYNSETS>\n"
        "<TIME>\n"
        "KAN_WA_MA_KAN [###]\n"
        "YESTERDAY [-1]\n"
        "</TIME>\n"
        "ACT_ [100] ; a closed root\n"
        "{ ACTING_ ACTXD_ ACTUALITY }\n"
        "- * PROGRAM [103]\n"
        "- SAID WOULD * NOW [101]\n"
        "ASK [090?]\n"
        "- * FOR { ECONOMIC_SANCTIONS | TOTAL_BOYCOTT } [172]\n"
        "- * TO_RECONSIDER [102]\n"
        "ATTEND [031!]\n"
        "BAN= [191]\n"
        "DEATH TOLL RISEN [223]\n"
        "- PLANES_* [225]\n"
        "FOOTBALL [###]\n"
        "BLAST [+++]\n"
        "- STRAY [\n"
        "~~FINISH\n"
        "NEVER_READ [000]\n");
    warnings w = {0};
    parley_dict *d = load_dict_files(path, NULL, NULL, &w);
    /* every root is a block of its own with its code; ? and ! are dropped */
    int act = block_of(d, "ACT_"), ask = block_of(d, "ASK"), attend = block_of(d, "ATTEND");
    assert_true(act >= 0 && ask >= 0 && attend >= 0);
    assert_string_equal(dict_str(d, d->blocks[ask].code - 1), "090");
    assert_string_equal(dict_str(d, d->blocks[attend].code - 1), "031");
    assert_string_equal(dict_str(d, d->blocks[block_of(d, "BLAST")].code - 1), "---");
    assert_int_equal(block_of(d, "NEVER_READ"), -1); /* after ~~FINISH */
    /* forms on the next line; a closed form takes the regular endings */
    assert_true(has_form(d, act, "act"));
    assert_true(has_form(d, act, "actxd"));
    assert_true(has_form(d, act, "actualityss")); /* ACTUALITY is a stem */
    assert_true(has_form(d, act, "acts"));
    assert_false(has_form(d, act, "actx"));
    /* patterns longest first: "SAID WOULD * NOW" before "* PROGRAM" */
    assert_string_equal(pattern_code(d, act, 0), "101");
    assert_string_equal(pattern_code(d, act, 1), "103");
    /* the length counts what is outside the alternatives: "* TO_RECONSIDER" comes first,
     * then the alternatives, a pattern each */
    assert_true(d->blocks[ask].npat >= 3);
    assert_string_equal(pattern_code(d, ask, 0), "102");
    assert_string_equal(pattern_code(d, ask, 1), "172");
    assert_string_equal(pattern_code(d, ask, 2), "172");
    /* BAN= is exact: no endings */
    int ban = block_of(d, "BAN=");
    assert_true(has_form(d, ban, "ban"));
    assert_false(has_form(d, ban, "baning"));
    /* a root with gaps: the first word is the verb, the rest a pattern in front of each */
    int death = block_of(d, "DEATH TOLL RISEN");
    assert_int_equal(d->blocks[death].code, 0);
    assert_string_equal(pattern_code(d, death, d->blocks[death].npat - 1), "223");
    /* a [###] root and a [###] time phrase are discards */
    assert_true(trie_step(&d->discards, 0, dict_word(d, "football", 8)) != 0);
    assert_true(trie_step(&d->discards, 0, dict_word(d, "kan", 3)) != 0);
    /* &TIETYPES_MEMOS expands to the members of &TIETYPES followed by MEMOS */
    uint32_t s = 0;
    while (s < d->nsynsets && strcmp(dict_str(d, d->synsets[s].name), "&TIEPHRASE") != 0)
        s++;
    assert_true(s < d->nsynsets);
    uint32_t two[2] = {dict_word(d, "economic", 8), dict_word(d, "memos", 5)};
    assert_int_equal(dict_synset_match(d, s, two, 2), 2);
    /* the broken pattern line is reported with its line (the '[' and the missing code) */
    assert_int_equal(w.n, 2);
    assert_int_equal(w.lines[0], 25);
    assert_int_equal(w.lines[1], 25);
    assert_non_null(strstr(w.last, "t.tabari.verbs:25: "));
    parley_dict_free(d);
}

static void test_word_matching(void **state)
{
    (void)state;
    const char *path = write_temp("t2.tabari.verbs",
        "CRITICI [121]\n"
        "DEPART_ [032]\n"
        "DEPLORE_ [122]\n"
        "CALLED_ON [094]\n"
        "CALL [---]\n"
        "- * FOR [095]\n");
    warnings w = {0};
    parley_dict *d = load_dict_files(path, NULL, NULL, &w);
    int crit = block_of(d, "CRITICI"), dep = block_of(d, "DEPART_"), del = block_of(d, "DEPLORE_");
    assert_true(has_form(d, crit, "criticized"));
    assert_true(has_form(d, crit, "criticism"));
    assert_true(has_form(d, dep, "departs"));
    assert_true(has_form(d, dep, "departed"));
    assert_true(has_form(d, dep, "departen"));
    assert_true(has_form(d, dep, "departing"));
    assert_false(has_form(d, dep, "departx"));
    assert_false(has_form(d, dep, "departink"));
    assert_true(has_form(d, del, "deplored"));
    assert_false(has_form(d, del, "deplorez"));
    /* "called" starts CALLED_ON but is still a form of CALL */
    assert_true(has_form(d, block_of(d, "CALL"), "called"));
    assert_int_equal(dict_word(d, "zzz", 3), 0);
    parley_dict_free(d);
}

static void test_actors(void **state)
{
    (void)state;
    const char *path = write_temp("t.tabari.actors",
        "<NOUN>\n"
        "FORCES_ ;JW\n"
        "</NOUN>\n"
        "ALBRIGHT  [USAGOV 991201-010114] [---] ;ems 02 Feb 2001\n"
        "ARNOR [ARN]\n"
        "LIBYA_ [LBY]\n"
        "MOUSE= [MUS]\n"
        "PRINCE DOL_AMROTH [--- <950630] [DOL]\n"
        "USSR [USR <911226] [###]\n"
        "GOLLUM ; pas\n"
        "+SMEAGOL\n"
        "\t[HOB < 950601]\n"
        "\t[HOBGOV 950601 - 990815]\n"
        "~~FINISH\n"
        "NEVER [NVR]\n");
    warnings w = {0};
    parley_dict *d = load_dict_files(NULL, path, NULL, &w);
    assert_int_equal(w.n, 0);
    uint32_t node = trie_step(&d->phrases, 0, dict_word(d, "arnorian", 8)); /* a stem */
    assert_true(node && d->phrases.nodes[node].payload);
    node = trie_step(&d->phrases, 0, dict_word(d, "libyas", 6)); /* closed: endings */
    assert_true(node && d->phrases.nodes[node].payload);
    assert_int_equal(trie_step(&d->phrases, 0, dict_word(d, "mouses", 6)), 0); /* exact */
    assert_int_equal(trie_step(&d->phrases, 0, dict_word(d, "never", 5)), 0);
    /* "PRINCE DOL_AMROTH": a gap edge between PRINCE and DOL */
    node = trie_step(&d->phrases, 0, dict_word(d, "prince", 6));
    assert_true(node && d->gap_wid && trie_step(&d->phrases, node, d->gap_wid));
    /* dated codes on the primary's line and on the block's lines */
    node = trie_step(&d->phrases, 0, dict_word(d, "smeagol", 7));
    uint32_t e = d->payloads[d->phrases.nodes[node].payload - 1].entry;
    assert_string_equal(dict_actor_code(d, e, 19950101), "HOB");
    assert_string_equal(dict_actor_code(d, e, 19970101), "HOBGOV");
    node = trie_step(&d->phrases, 0, dict_word(d, "ussr", 4));
    e = d->payloads[d->phrases.nodes[node].payload - 1].entry;
    assert_string_equal(dict_actor_code(d, e, 19950101), "###");
    /* <NOUN> words are never verbs */
    uint32_t forces = dict_word(d, "forces", 6);
    assert_true(forces && (d->wmode[forces] & WM_NOUN));
    parley_dict_free(d);
}

static void test_options(void **state)
{
    (void)state;
    char opts[512], proj[512];
    snprintf(opts, sizeof opts, "%s",
             write_temp("t.options", "// options\n"
                                     "COMMA: MIN = 4 MAX = 6 EMIN = 3 EMAX = 6 BMIN = 3 BMAX = 8\n"
                                     "SET: MINIMUM WORDS = 4\n"
                                     "DEFAULT: SOURCE [DEFSRC] TARGET [DEFTAR] AFTER\n"
                                     "SET: CONVERT AGENT = TRUE\n"
                                     "LABEL: 010=YIELD\n"
                                     "COMPLEX: VERBS[5]\n"
                                     "~~~~~\n"
                                     "SET: MINIMUM WORDS = 99\n"));
    char text[1024];
    snprintf(text, sizeof text, "Test project\n<optionsfile> %s\n<coder> UNIT\n", opts);
    snprintf(proj, sizeof proj, "%s", write_temp("t.project", text));
    parley_dict_spec spec;
    memset(&spec, 0, sizeof spec);
    spec.dir = proj;
    warnings w = {0};
    parley_dict *d = NULL;
    parley_error err;
    assert_int_equal(parley_dict_load(&spec, count_warning, &w, &d, &err), 0);
    /* COMPLEX: is reported, with its line; LABEL: is not */
    assert_int_equal(w.n, 1);
    assert_int_equal(w.lines[0], 7);
    assert_non_null(strstr(w.last, "COMPLEX"));
    parley_options o;
    parley_options_init(&o);
    assert_true(parley_dict_options(d, &o) > 0);
    assert_int_equal(o.comma_min, 4);
    assert_int_equal(o.comma_emax, 6);
    assert_int_equal(o.comma_bmax, 8);
    assert_int_equal(o.min_sentence_words, 4);
    assert_string_equal(o.default_source, "DEFSRC");
    assert_string_equal(o.default_target, "DEFTAR");
    assert_false(o.default_prior);
    assert_true(o.default_after);
    assert_true(o.lone_agents);
    assert_true(o.keep_negated); /* a TABARI default */
    /* a TABARI project loads no built-in dictionaries */
    parley_dict_stats st;
    parley_dict_get_stats(d, &st);
    assert_int_equal(st.actor_entries, 0);
    parley_dict_free(d);
}

static void test_project_codes(void **state)
{
    (void)state;
    char verbs[512], actors[512], proj[512];
    snprintf(verbs, sizeof verbs, "%s",
             write_temp("p.verbs", "RESTOR [064]\n- * DIPLOMATIC [064]\nCONTRIBUT [070]\n"
                                   "- * &CURRENCY [903]\n<SYNSETS>\n&CURRENCY\n+SWISS_FRANC\n"
                                   "</SYNSETS>\n"));
    snprintf(actors, sizeof actors, "%s",
             write_temp("p.actors", "ARNOR [ARN] ;a stem\nGONDOR [GON]\n"));
    char text[1200];
    snprintf(text, sizeof text, "<verbsfile> %s\n<actorsfile> %s\n", verbs, actors);
    snprintf(proj, sizeof proj, "%s", write_temp("p.project", text));
    parley_dict_spec spec;
    memset(&spec, 0, sizeof spec);
    spec.dir = proj;
    parley_dict *d = NULL;
    parley_error err;
    assert_int_equal(parley_dict_load(&spec, NULL, NULL, &d, &err), 0);
    parley_options o;
    parley_options_init(&o);
    parley_dict_options(d, &o);
    parley_doc *doc = parley_doc_new();
    static const char t[] = "Arnorian envoys will contribute a million swiss francs to Gondor, officials said.";
    assert_int_equal(parley_doc_set(doc, "d", "1995-01-01", t, sizeof t - 1, NULL, NULL, NULL, &err), 0);
    assert_true(parley_code(d, &o, doc, &err) >= 1);
    const parley_event *ev = parley_doc_event(doc, 0);
    assert_non_null(ev);
    assert_string_equal(ev[0].source, "ARN");
    assert_string_equal(ev[0].target, "GON");
    assert_string_equal(ev[0].code, "903");
    parley_doc_free(doc);
    parley_dict_free(d);
}

int run_tabari_tests(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_detect),
        cmocka_unit_test(test_verbs),
        cmocka_unit_test(test_word_matching),
        cmocka_unit_test(test_actors),
        cmocka_unit_test(test_options),
        cmocka_unit_test(test_project_codes),
    };
    return cmocka_run_group_tests_name("tabari", tests, NULL, NULL);
}
