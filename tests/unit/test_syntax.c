/* test_syntax.c - word classes in context and the sentence structure the coder reads. */
#include <stdio.h>
#include <string.h>

#include "../../src/actors/actors.h"
#include "../../src/base/document.h"
#include "../../src/lex/lexicon.h"
#include "../../src/syntax/syntax.h"
#include "../../src/text/text.h"
#include "parley.h"
#include "tests.h"

/* Tags of a sentence (dictionaries: none, so no mentions). */
static parley_doc *analyse(const char *text)
{
    parley_doc *d = parley_doc_new();
    parley_error err;
    assert_int_equal(parley_doc_set(d, "s", "2024-01-01", text, strlen(text), NULL, NULL, NULL, &err), 0);
    assert_int_equal(text_tokenize(d), 0);
    assert_int_equal(text_split_sentences(d), 0);
    lex_annotate(d);
    parley_options o;
    parley_options_init(&o);
    for (uint32_t i = 0; i < d->nsents; i++) {
        d->sents[i].an = arena_calloc(&d->arena, 1, sizeof(sent_analysis));
        assert_int_equal(syntax_analyze(&o, d, &d->sents[i]), 0);
    }
    return d;
}

static uint32_t tag_of(const parley_doc *d, const char *word)
{
    for (uint32_t i = 0; i < d->ntoks; i++)
        if (strcmp(d->toks[i].norm, word) == 0)
            return d->toks[i].tag;
    fail_msg("no token %s", word);
    return 0;
}

static void test_noun_or_verb(void **state)
{
    (void)state;
    parley_doc *d = analyse("The attack killed ten people.");
    assert_true(tag_of(d, "attack") & T_NOUN);
    assert_true(tag_of(d, "killed") & T_VBD);
    parley_doc_free(d);
    d = analyse("Rebels will attack the town.");
    assert_true(tag_of(d, "attack") & T_VB);
    parley_doc_free(d);
    d = analyse("They signed an 800 million dollar trade protocol.");
    assert_true(tag_of(d, "trade") & T_NOUN); /* no plural verb after a singular noun */
    parley_doc_free(d);
    d = analyse("He later held talks with the minister.");
    assert_true(tag_of(d, "later") & T_RB);
    assert_true(tag_of(d, "held") & T_VBD);
    assert_true(tag_of(d, "talks") & T_NOUN);
    parley_doc_free(d);
    d = analyse("The affected villages received aid.");
    assert_true(tag_of(d, "affected") & T_JJ);
    parley_doc_free(d);
}

static void test_clauses(void **state)
{
    (void)state;
    /* coordinated verbs share a depth; a "that" clause is nested */
    parley_doc *d = analyse("The government condemned the attack and promised aid to the villages.");
    const sent_analysis *an = d->sents[0].an;
    assert_int_equal(an->nvgs, 2);
    assert_int_equal(an->vgs[0].depth, an->vgs[1].depth);
    assert_true(an->vgs[0].vp_end <= an->vgs[1].first);
    parley_doc_free(d);
    d = analyse("The minister said on Monday that the army would withdraw.");
    an = d->sents[0].an;
    assert_int_equal(an->nvgs, 2);
    assert_int_equal(an->vgs[1].depth, an->vgs[0].depth + 1);
    assert_true(an->vgs[1].future == 0 && an->vgs[1].modal);
    parley_doc_free(d);
    /* a passive */
    d = analyse("The students were detained by police.");
    assert_true(d->sents[0].an->vgs[0].passive);
    parley_doc_free(d);
}

static void test_comma_rules(void **state)
{
    (void)state;
    /* an appositive and a short attribution are set aside; a list is not */
    parley_doc *d = analyse("The minister, a former general, condemned the attack, officials said.");
    const sent_analysis *an = d->sents[0].an;
    const sentence *s = &d->sents[0];
    int general = -1, officials = -1, condemned = -1;
    for (uint32_t i = s->first; i < s->first + s->ntok; i++) {
        if (tok_is(&d->toks[i], "general"))
            general = (int)(i - s->first);
        if (tok_is(&d->toks[i], "officials"))
            officials = (int)(i - s->first);
        if (tok_is(&d->toks[i], "condemned"))
            condemned = (int)(i - s->first);
    }
    assert_true(an->deleted[general] && an->deleted[officials] && !an->deleted[condemned]);
    parley_doc_free(d);
    d = analyse("Ministers from France, Germany, Italy and Spain met.");
    an = d->sents[0].an;
    for (uint32_t i = 0; i < d->sents[0].ntok; i++)
        assert_false(an->deleted[i]);
    parley_doc_free(d);
}

int run_syntax_tests(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_noun_or_verb),
        cmocka_unit_test(test_clauses),
        cmocka_unit_test(test_comma_rules),
    };
    return cmocka_run_group_tests_name("syntax", tests, NULL, NULL);
}
