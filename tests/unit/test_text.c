/* test_text.c - UTF-8 checks, normalisation, tokens with offsets, sentences, datelines. */
#include <stdio.h>
#include <string.h>

#include "../../src/base/document.h"
#include "../../src/lex/lexicon.h"
#include "../../src/text/text.h"
#include "tests.h"

static parley_doc *doc_of(const char *text)
{
    parley_doc *d = parley_doc_new();
    assert_non_null(d);
    parley_error err;
    assert_int_equal(parley_doc_set(d, "t", "2024-02-13", text, strlen(text), NULL, NULL, NULL, &err), 0);
    assert_int_equal(text_tokenize(d), 0);
    assert_int_equal(text_split_sentences(d), 0);
    return d;
}

/* The tokens' original text joined by '|'. */
static void tokens_are(const parley_doc *d, const char *want)
{
    char buf[2048] = "";
    size_t n = 0;
    for (uint32_t i = 0; i < d->ntoks; i++) {
        const token *t = &d->toks[i];
        n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%.*s", i ? "|" : "", (int)(t->end - t->start),
                              d->text + t->start);
    }
    assert_string_equal(buf, want);
}

static void sentences_are(const parley_doc *d, const char *const *want, uint32_t n)
{
    assert_int_equal(d->nsents, n);
    for (uint32_t i = 0; i < n; i++) {
        const sentence *s = &d->sents[i];
        char buf[1024];
        snprintf(buf, sizeof buf, "%.*s", (int)(s->end - s->start), d->text + s->start);
        assert_string_equal(buf, want[i]);
    }
}

static void test_utf8_validate(void **state)
{
    (void)state;
    assert_int_equal(utf8_validate("abc", 3), 3);
    assert_int_equal(utf8_validate("Erdo\xc4\x9f" "an", 8), 8);
    assert_int_equal(utf8_validate("ab\xff" "cd", 5), 2);            /* invalid byte */
    assert_int_equal(utf8_validate("\xc0\xaf", 2), 0);               /* overlong */
    assert_int_equal(utf8_validate("x\xed\xa0\x80", 4), 1);          /* surrogate */
    assert_int_equal(utf8_validate("x\xe2\x82", 3), 1);              /* truncated */
    assert_int_equal(utf8_validate("\xf4\x90\x80\x80", 4), 0);       /* > U+10FFFF */
}

static void test_normalize(void **state)
{
    (void)state;
    char out[64];
    text_normalize_buf("Erdo\xc4\x9f" "an", 8, out, sizeof out);
    assert_string_equal(out, "erdogan");
    text_normalize_buf("\xe2\x80\x99s", 4, out, sizeof out); /* curly apostrophe */
    assert_string_equal(out, "'s");
    text_normalize_buf("S\xc3\xa3o Tom\xc3\xa9", 10, out, sizeof out);
    assert_string_equal(out, "sao tome");
    text_normalize_buf("\xc5\x81\xc3\xb3" "d\xc5\xba", 7, out, sizeof out); /* Łódź */
    assert_string_equal(out, "lodz");
    text_normalize_buf("U.S.", 4, out, sizeof out);
    assert_string_equal(out, "u.s.");
}

static void test_tokens_offsets(void **state)
{
    (void)state;
    const char *text = "Iran\xe2\x80\x99s \xe2\x80\x9c" "deal\xe2\x80\x9d with the U.S. isn't over.";
    parley_doc *d = doc_of(text);
    tokens_are(d, "Iran|\xe2\x80\x99s|\xe2\x80\x9c|deal|\xe2\x80\x9d|with|the|U.S.|is|n't|over|.");
    /* offsets point into the original bytes; norm folds the curly forms */
    assert_int_equal(d->toks[1].start, 4);
    assert_int_equal(d->toks[1].end, 8);
    assert_string_equal(d->toks[1].norm, "'s");
    assert_string_equal(d->toks[2].norm, "\"");
    assert_true(d->toks[7].flags & TF_ABBR);
    parley_doc_free(d);
}

static void test_tokens_words(void **state)
{
    (void)state;
    parley_doc *d = doc_of("Iran-backed militias killed 2,300 people, a 7.8% rise; Shi'ite cleric al-Sadr can't.");
    tokens_are(d, "Iran-backed|militias|killed|2,300|people|,|a|7.8|%|rise|;|Shi'ite|cleric|al-Sadr|ca|n't|.");
    parley_doc_free(d);
    d = doc_of("The countries' leaders met at 10:30 on 3/4 -- quietly.");
    tokens_are(d, "The|countries|'|leaders|met|at|10:30|on|3/4|--|quietly|.");
    parley_doc_free(d);
    /* an abbreviation begins a hyphenated word; it still ends a sentence */
    d = doc_of("U.S.-led and U.N.-backed forces left the U.S. - and Iraq.");
    tokens_are(d, "U.S.-led|and|U.N.-backed|forces|left|the|U.S.|-|and|Iraq|.");
    parley_doc_free(d);
}

static void test_sentences_abbreviations(void **state)
{
    (void)state;
    parley_doc *d = doc_of("Gen. Mark Milley met Mr. Smith and U.N. envoys on Jan. 5 in the U.S. capital. "
                           "Sales rose 2.5 percent. Room No. 2 was empty.");
    const char *want[] = {
        "Gen. Mark Milley met Mr. Smith and U.N. envoys on Jan. 5 in the U.S. capital.",
        "Sales rose 2.5 percent.",
        "Room No. 2 was empty.",
    };
    sentences_are(d, want, 3);
    parley_doc_free(d);
}

static void test_sentences_initialism_end(void **state)
{
    (void)state;
    parley_doc *d = doc_of("China imposed tariffs on goods from the U.S. The move drew protests. "
                           "George W. Bush spoke. \"We will respond,\" he said. Then he left!");
    const char *want[] = {
        "China imposed tariffs on goods from the U.S.",
        "The move drew protests.",
        "George W. Bush spoke.",
        "\"We will respond,\" he said.",
        "Then he left!",
    };
    sentences_are(d, want, 5);
    parley_doc_free(d);
}

static void test_sentences_company_suffix(void **state)
{
    (void)state;
    parley_doc *d = doc_of("It said Albert Soria of Swiss Bank Corp. Russia will respond. Exxon Corp. "
                           "President Lee Raymond spoke. IBM Corp. said no.");
    const char *want[] = {
        "It said Albert Soria of Swiss Bank Corp.",
        "Russia will respond.",
        "Exxon Corp. President Lee Raymond spoke.",
        "IBM Corp. said no.",
    };
    sentences_are(d, want, 4);
    parley_doc_free(d);
    d = doc_of("Washington cannot wait.");
    tokens_are(d, "Washington|can|not|wait|.");
    parley_doc_free(d);
}

static void test_sentences_paragraphs(void **state)
{
    (void)state;
    parley_doc *d = doc_of("Heading without a stop\n\nThe body starts here. It goes on\nover a line break.");
    const char *want[] = {
        "Heading without a stop",
        "The body starts here.",
        "It goes on\nover a line break.",
    };
    sentences_are(d, want, 3);
    parley_doc_free(d);
}

static void test_dateline(void **state)
{
    (void)state;
    parley_doc *d = doc_of("MOSCOW (Reuters) - Russia said on Monday it would respond.");
    assert_int_equal(d->nsents, 1);
    assert_int_equal(d->dateline.start, 0);
    assert_int_equal(d->dateline.end, 18);
    const char *want[] = {"Russia said on Monday it would respond."};
    sentences_are(d, want, 1);
    parley_doc_free(d);

    d = doc_of("KYIV, Ukraine, March 3 (AP) \xe2\x80\x94 Drones struck the city overnight.");
    const char *want2[] = {"Drones struck the city overnight."};
    sentences_are(d, want2, 1);
    parley_doc_free(d);

    /* nor is an abbreviation glued to a dash */
    d = doc_of("U.S.-backed rebels said on Monday they would stay.");
    assert_int_equal(d->dateline.end, 0);
    parley_doc_free(d);

    /* an acronym subject is not a dateline */
    d = doc_of("NATO said on Monday - after talks - that it would stay.");
    assert_int_equal(d->dateline.end, 0);
    parley_doc_free(d);
}

int run_text_tests(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_validate),
        cmocka_unit_test(test_normalize),
        cmocka_unit_test(test_tokens_offsets),
        cmocka_unit_test(test_tokens_words),
        cmocka_unit_test(test_sentences_abbreviations),
        cmocka_unit_test(test_sentences_initialism_end),
        cmocka_unit_test(test_sentences_company_suffix),
        cmocka_unit_test(test_sentences_paragraphs),
        cmocka_unit_test(test_dateline),
    };
    return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
