/* test_input.c - the JSONL and text readers: good records, and every kind of bad one
 * reported with its line and id while the rest goes on. */
#include <stdio.h>
#include <string.h>

#include "parley.h"
#include "tests.h"

typedef struct outcome {
    int rc;
    long line;
    char id[64];
    char msg[256];
} outcome;

/* Reads every record of `path`, recording what each call returned. */
static int read_all(const char *path, const parley_reader_opts *o, outcome *out, int max)
{
    parley_reader *r;
    parley_error err;
    assert_int_equal(parley_reader_open(&r, path, o, &err), 0);
    parley_doc *doc = parley_doc_new();
    int n = 0, rc;
    while ((rc = parley_reader_next(r, doc, &err)) != 0 && n < max) {
        out[n].rc = rc;
        out[n].line = rc < 0 ? err.line : 0;
        snprintf(out[n].id, sizeof out[n].id, "%s", rc < 0 ? err.doc_id : parley_doc_id(doc));
        snprintf(out[n].msg, sizeof out[n].msg, "%s", rc < 0 ? err.msg : "");
        n++;
    }
    parley_doc_free(doc);
    parley_reader_close(r);
    return n;
}

static void test_bad_records_between_good(void **state)
{
    (void)state;
    const char *path = write_temp("bad.jsonl",
        "{\"id\": \"a\", \"date\": \"2024-02-13\", \"text\": \"Gondor met Arnor.\"}\n"
        "{\"id\": \"b\", \"date\": \"2024-02-13\", \"text\": \"broken\n"
        "{\"id\": \"c\", \"text\": \"no date here\"}\n"
        "\n"
        "{\"id\": \"d\", \"date\": \"2024-02-13\", \"text\": \"bad \xff byte\"}\n"
        "{\"id\": \"e\", \"date\": \"2024-02-30\", \"text\": \"impossible date\"}\n"
        "{\"date\": \"2024-02-13\", \"text\": \"no id\"}\n"
        "[1, 2]\n"
        "{\"id\": 7, \"date\": 20240213, \"text\": \"numeric id and date\"}\n"
        "{\"id\": \"g\", \"date\": \"2024-02-13\", \"text\": \"good again\"} trailing\n"
        "{\"id\": \"h\", \"date\": \"2024-02-13\", \"text\": \"last\"}\n");
    outcome o[16];
    int n = read_all(path, NULL, o, 16);
    assert_int_equal(n, 10);
    assert_int_equal(o[0].rc, 1);
    assert_string_equal(o[0].id, "a");
    assert_int_equal(o[1].rc, PARLEY_ESYNTAX);
    assert_int_equal(o[1].line, 2);
    assert_int_equal(o[2].rc, PARLEY_EFIELD);
    assert_int_equal(o[2].line, 3);
    assert_string_equal(o[2].id, "c");
    assert_non_null(strstr(o[2].msg, "date"));
    assert_int_equal(o[3].rc, PARLEY_EUTF8); /* the blank line 4 is skipped */
    assert_int_equal(o[3].line, 5);
    assert_string_equal(o[3].id, "d");
    assert_int_equal(o[4].rc, PARLEY_EDATE);
    assert_string_equal(o[4].id, "e");
    assert_int_equal(o[5].rc, PARLEY_EFIELD);
    assert_non_null(strstr(o[5].msg, "id"));
    assert_int_equal(o[6].rc, PARLEY_ESYNTAX);
    assert_int_equal(o[7].rc, 1);
    assert_string_equal(o[7].id, "7");
    assert_int_equal(o[8].rc, PARLEY_ESYNTAX);
    assert_int_equal(o[8].line, 10);
    assert_int_equal(o[9].rc, 1);
    assert_string_equal(o[9].id, "h");
}

static void test_long_record(void **state)
{
    (void)state;
    char big[5000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    char content[6000];
    snprintf(content, sizeof content,
             "{\"id\": \"big\", \"date\": \"2024-01-01\", \"text\": \"%s\"}\n"
             "{\"id\": \"small\", \"date\": \"2024-01-01\", \"text\": \"ok\"}\n", big);
    const char *path = write_temp("long.jsonl", content);
    parley_reader_opts ro;
    memset(&ro, 0, sizeof ro);
    ro.max_doc_bytes = 1000;
    outcome o[4];
    int n = read_all(path, &ro, o, 4);
    assert_int_equal(n, 2);
    assert_int_equal(o[0].rc, PARLEY_ELIMIT);
    assert_int_equal(o[0].line, 1);
    assert_int_equal(o[1].rc, 1);
    assert_string_equal(o[1].id, "small");
}

static void test_text_input(void **state)
{
    (void)state;
    const char *path = write_temp("story.txt", "Gondor met Arnor.\nThey agreed.\n");
    parley_reader_opts ro;
    memset(&ro, 0, sizeof ro);
    outcome o[2];
    int n = read_all(path, &ro, o, 2);
    assert_int_equal(n, 1);
    assert_int_equal(o[0].rc, PARLEY_EFIELD); /* no --date */
    ro.date = "2024-05-01";
    n = read_all(path, &ro, o, 2);
    assert_int_equal(n, 1);
    assert_int_equal(o[0].rc, 1);
}

static void test_doc_set(void **state)
{
    (void)state;
    parley_doc *d = parley_doc_new();
    parley_error err;
    assert_int_equal(parley_doc_set(d, "x", "20240213", "text", 4, NULL, NULL, NULL, &err), 0);
    assert_int_equal(parley_doc_date(d), 20240213);
    assert_int_equal(parley_doc_set(d, "", "20240213", "t", 1, NULL, NULL, NULL, &err), PARLEY_EFIELD);
    assert_int_equal(parley_doc_set(d, "x", "13/02/2024", "t", 1, NULL, NULL, NULL, &err), PARLEY_EDATE);
    assert_string_equal(err.doc_id, "x");
    parley_doc_free(d);
    parley_doc_free(NULL);
}

int run_input_tests(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bad_records_between_good),
        cmocka_unit_test(test_long_record),
        cmocka_unit_test(test_text_input),
        cmocka_unit_test(test_doc_set),
    };
    return cmocka_run_group_tests_name("input", tests, NULL, NULL);
}
