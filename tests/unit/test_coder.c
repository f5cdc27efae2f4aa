/* test_coder.c - the whole pipeline on small dictionaries written for these tests: code
 * composition, events and their evidence. Feature coverage lives in tests/golden. */
#include <stdio.h>
#include <string.h>

#include "parley.h"
#include "tests.h"

static parley_dict *dicts(void)
{
    const char *verbs = write_temp("c.verbs.txt",
        "--- CONDEMN [122] ---\n"
        "CONDEMN\n"
        "DENOUNCE\n"
        "--- MEET [040:040] ---\n"
        "MEET\n");
    const char *actors = write_temp("c.actors.txt",
        "GONDOR [GON]\n"
        "+GONDORIAN\n"
        "ARNOR [ARN]\n");
    const char *agents = write_temp("c.agents.txt", "FOREIGN_MINISTER [~GOVFRM]\nPOLICE {} [~COP]\n");
    warnings w = {0};
    return load_dict_files(verbs, actors, agents, &w);
}

static void test_event_and_evidence(void **state)
{
    (void)state;
    parley_dict *d = dicts();
    parley_doc *doc = parley_doc_new();
    parley_error err;
    const char *text = "The Gondorian foreign minister condemned Arnor on Monday.";
    assert_int_equal(parley_doc_set(doc, "e1", "2024-02-13", text, strlen(text), NULL, NULL, NULL, &err), 0);
    assert_int_equal(parley_code(d, NULL, doc, &err), 1);
    const parley_event *e = parley_doc_event(doc, 0);
    assert_string_equal(e->source, "GONGOVFRM");
    assert_string_equal(e->target, "ARN");
    assert_string_equal(e->code, "122");
    assert_string_equal(e->root, "12");
    assert_int_equal(e->quad, 3);
    assert_string_equal(e->verb, "condemned");
    assert_int_equal(e->verb_span.start, 31);
    assert_string_equal(e->target_text, "Arnor");
    assert_int_equal(e->sentence_span.end, (uint32_t)strlen(text));
    parley_doc_free(doc);
    parley_dict_free(d);
}

static void test_paired_code(void **state)
{
    (void)state;
    parley_dict *d = dicts();
    parley_doc *doc = parley_doc_new();
    parley_error err;
    const char *text = "Gondor police will meet Arnor.";
    assert_int_equal(parley_doc_set(doc, "e2", "2024-02-13", text, strlen(text), NULL, NULL, NULL, &err), 0);
    assert_int_equal(parley_code(d, NULL, doc, &err), 2);
    assert_string_equal(parley_doc_event(doc, 0)->source, "GONCOP");
    assert_string_equal(parley_doc_event(doc, 1)->source, "ARN");
    assert_string_equal(parley_doc_event(doc, 1)->target, "GONCOP");
    parley_doc_free(doc);
    parley_dict_free(d);
}

static void test_cameo(void **state)
{
    (void)state;
    const parley_cameo *c = parley_cameo_lookup("043");
    assert_non_null(c);
    assert_int_equal(c->quad, 1);
    assert_null(parley_cameo_lookup("999"));
    assert_float_equal(parley_cameo_lookup("20")->goldstein, -10.0, 1e-9);
    assert_true(parley_cameo_lookup("190")->goldstein < 0);
    assert_int_equal(parley_cameo_lookup("190")->quad, 4);
}

int run_coder_tests(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_event_and_evidence),
        cmocka_unit_test(test_paired_code),
        cmocka_unit_test(test_cameo),
    };
    return cmocka_run_group_tests_name("coder", tests, NULL, NULL);
}
