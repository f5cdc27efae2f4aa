/* test_lex.c - the WordNet-generated lexicon: word classes, irregular forms, priors. */
#include <string.h>

#include "../../src/lex/inflect.h"
#include "../../src/lex/lexicon.h"
#include "../../src/lex/reporting.h"
#include "tests.h"

static const lex_rec *find(const char *w)
{
    return lex_find(w, strlen(w));
}

static void test_classes(void **state)
{
    (void)state;
    const lex_rec *r = find("attack");
    assert_non_null(r);
    assert_true(r->tags & T_NN);
    assert_true(r->tags & T_VB);
    r = find("attacked");
    assert_non_null(r);
    assert_true(r->tags & T_VBD);
    assert_string_equal(lex_form(lex_lemma(r)), "attack");
    /* closed-class words replace WordNet's readings */
    r = find("will");
    assert_non_null(r);
    assert_int_equal(r->tags, T_MD);
    assert_true(find("the")->tags & T_DT);
    assert_null(find("xqzzyv"));
}

static void test_irregular(void **state)
{
    (void)state;
    const lex_rec *r = find("spoke");
    assert_non_null(r);
    assert_true(r->tags & T_VBD);
    assert_string_equal(lex_form(lex_lemma(r)), "speak");
    assert_string_equal(lex_form(lex_lemma(find("fled"))), "flee");
    assert_string_equal(lex_form(lex_lemma(find("withdrew"))), "withdraw");
    /* the lemma lists its irregular forms */
    const lex_rec *forms[16];
    size_t n = lex_irregular(find("speak"), forms, 16);
    int spoke = 0, spoken = 0;
    for (size_t i = 0; i < n && i < 16; i++) {
        spoke |= strcmp(lex_form(forms[i]), "spoke") == 0;
        spoken |= strcmp(lex_form(forms[i]), "spoken") == 0;
    }
    assert_true(spoke && spoken);
}

static void test_inflect(void **state)
{
    (void)state;
    char b[64];
    inflect_s("push", b, sizeof b);
    assert_string_equal(b, "pushes");
    inflect_s("try", b, sizeof b);
    assert_string_equal(b, "tries");
    inflect_s("veto", b, sizeof b);
    assert_string_equal(b, "vetoes");
    inflect_ed("free", b, sizeof b);
    assert_string_equal(b, "freed");
    inflect_ed("deny", b, sizeof b);
    assert_string_equal(b, "denied");
    inflect_ing("make", b, sizeof b);
    assert_string_equal(b, "making");
    inflect_ing("die", b, sizeof b);
    assert_string_equal(b, "dying");
    inflect_ing("flee", b, sizeof b);
    assert_string_equal(b, "fleeing");
}

static void test_prior(void **state)
{
    (void)state;
    /* SemCor counts tell which reading is usual */
    const lex_rec *say = find("say");
    assert_true(say->vfreq > say->nfreq);
    const lex_rec *government = find("government");
    assert_true(government->nfreq > 0);
    assert_true(lex_size() > 100000);
}

/* The generator's report table: every form of a reporting verb points at its lemma's row,
 * other verbs at none. */
static void test_report(void **state)
{
    (void)state;
    static const struct {
        const char *form;
        const char *relation; /* NULL: not a reporting verb */
    } cases[] = {{"said", "said"}, {"says", "said"}, {"told", "told"}, {"reiterates", "reiterated"},
                 {"denied", "denied"}, {"thought", "thought"}, {"walked", NULL}, {"attacked", NULL}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const lex_rec *r = lex_find(cases[i].form, strlen(cases[i].form));
        assert_non_null(r);
        uint8_t rep = lex_report(r);
        if (!cases[i].relation)
            assert_int_equal(rep, 0);
        else
            assert_string_equal(LEX_REPORTING[rep - 1][1], cases[i].relation);
    }
    /* each lemma of the table is its own row */
    for (size_t k = 0; k < LEX_NREPORTING; k++) {
        const lex_rec *r = lex_find(LEX_REPORTING[k][0], strlen(LEX_REPORTING[k][0]));
        assert_non_null(r);
        assert_int_equal(lex_report(r), k + 1);
    }
}

int run_lex_tests(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_classes),
        cmocka_unit_test(test_irregular),
        cmocka_unit_test(test_inflect),
        cmocka_unit_test(test_prior),
        cmocka_unit_test(test_report),
    };
    return cmocka_run_group_tests_name("lex", tests, NULL, NULL);
}
