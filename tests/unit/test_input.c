/* test_input.c - the JSONL and text readers: good records, and every kind of bad one
 * reported with its line and id while the rest goes on. */
#include <stdio.h>
#include <string.h>

#include "../../src/input/input.h"
#include "parley.h"
#include "tests.h"

typedef struct outcome {
    int rc;
    long line;
    char id[64];
    char msg[256];
} outcome;

/* Reads every record of `path`, recording what each call returned; with `deferred`,
 * through parley_reader_next_record() and parley_record_parse(), counting the records
 * that came back unparsed in *ndeferred. */
static int read_records(const char *path, const parley_reader_opts *o, outcome *out, int max,
                        int deferred, int *ndeferred)
{
    parley_reader *r;
    parley_error err;
    assert_int_equal(parley_reader_open(&r, path, o, &err), 0);
    parley_doc *doc = parley_doc_new();
    int n = 0, rc;
    for (;;) {
        parley_record rec;
        rc = deferred ? parley_reader_next_record(r, doc, &rec, &err) : parley_reader_next(r, doc, &err);
        if (rc == 0 || n >= max)
            break;
        if (rc == 2) {
            /* parsed from a copy, as a worker thread would */
            char copy[4096];
            assert_true(rec.len < sizeof copy);
            memcpy(copy, rec.data, rec.len);
            rec.data = copy;
            (*ndeferred)++;
            rc = parley_record_parse(&rec, doc, &err);
        }
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

static int read_all(const char *path, const parley_reader_opts *o, outcome *out, int max)
{
    int ndeferred = 0;
    return read_records(path, o, out, max, 0, &ndeferred);
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

/* Records parsed apart from their reading (what `parley code -j N` does) come out as
 * parley_reader_next() makes them, good and bad alike; a reader that would load its own
 * language identifier parses in place. */
static void test_deferred_records(void **state)
{
    (void)state;
    const char *path = write_temp("deferred.jsonl",
        "{\"id\": \"a\", \"date\": \"2024-02-13\", \"text\": \"Gondor met Arnor.\"}\n"
        "{\"id\": \"b\", \"date\": \"2024-02-13\", \"text\": \"broken\n"
        "\n"
        "{\"id\": \"c\", \"text\": \"no date here\"}\n"
        "{\"id\": \"d\", \"date\": \"2024-02-13\", \"text\": \"bad \xff byte\"}\n"
        "[1, 2]\n"
        "{\"id\": \"e\", \"date\": \"2024-02-13\", \"text\": \"\\u0001\\u0002x\\u0001\\u0002x\\u0001\\u0002x\\u0001\\u0002x\\u0001\\u0002x\"}\n"
        "{\"id\": \"g\", \"date\": \"2024-02-13\", \"text\": \"good again\"} trailing\n"
        "{\"id\": \"h\", \"date\": \"2024-02-13\", \"text\": \"last\"}\n");
    parley_reader_opts ro;
    memset(&ro, 0, sizeof ro);
    ro.languages = "any";
    outcome a[16], b[16];
    int nd = 0;
    int n = read_all(path, &ro, a, 16);
    assert_int_equal(n, 8);
    assert_int_equal(read_records(path, &ro, b, 16, 1, &nd), n);
    assert_int_equal(nd, 8);
    for (int i = 0; i < n; i++) {
        assert_int_equal(a[i].rc, b[i].rc);
        assert_int_equal(a[i].line, b[i].line);
        assert_string_equal(a[i].id, b[i].id);
        assert_string_equal(a[i].msg, b[i].msg);
    }
    assert_int_equal(b[5].rc, PARLEY_ESKIP);
    /* no identifier to share: the reader loads its own, and parses every record itself */
    nd = 0;
    assert_int_equal(read_records(path, NULL, b, 16, 1, &nd), n);
    assert_int_equal(nd, 0);
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

static void test_dates_in_the_wild(void **state)
{
    (void)state;
    static const struct { const char *s; int want; } cases[] = {
        {"2024-02-13", 20240213}, {"2024-02-13T10:00:00Z", 20240213},
        {"2024-02-13T23:30:00-05:00", 20240213}, {"20240213", 20240213},
        {"Tue, 13 Feb 2024 10:00:00 GMT", 20240213}, {"13 Feb 2024", 20240213},
        {"February 13, 2024", 20240213}, {"Feb. 13 2024", 20240213},
        {"13 February 2024", 20240213}, {"Mon, 4 Mar 24 09:00:00 +0100", 20240304},
        {"950101", 19950101}, {"240304", 20240304}, {"  2024/02/13 ", 20240213},
        {"2024-02-30", 0}, {"yesterday", 0}, {"", 0}, {"13/02/2024", 0}, {"2024", 0},
        {"Tuesday", 0}, {"99999999", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int got = input_date(cases[i].s, strlen(cases[i].s));
        if (got != cases[i].want)
            fail_msg("input_date(\"%s\") = %d, expected %d", cases[i].s, got, cases[i].want);
    }
}

static void test_format_detection(void **state)
{
    (void)state;
    static const struct { const char *name, *head; int want; } cases[] = {
        {"a.jsonl", "  {\"id\": 1}", PARLEY_INPUT_JSONL},
        {"-", "", PARLEY_INPUT_JSONL},
        {"page", "\xef\xbb\xbf<!DOCTYPE html><html>", PARLEY_INPUT_HTML},
        {"page.htm", "<div>x</div>", PARLEY_INPUT_HTML},
        {"f.xml", "<?xml version=\"1.0\"?>\n<!-- c -->\n<rss version=\"2.0\">", PARLEY_INPUT_FEED},
        {"f.xml", "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">", PARLEY_INPUT_FEED},
        {"f.xml", "<rdf:RDF xmlns:rdf=\"x\">", PARLEY_INPUT_FEED},
        {"p.xml", "<Sentences>\n<Sentence date=\"20080804\" id=\"x\">", PARLEY_INPUT_PETRARCH},
        {"t.text", "#### banner\n\n950101  DEMO-01\nArnor is ...", PARLEY_INPUT_TABARI},
        {"t", "950101*INTRO\ntext", PARLEY_INPUT_TABARI},
        {"story.txt", "{not json}", PARLEY_INPUT_TEXT},
        {"story", "Norway condemned Latvia.", PARLEY_INPUT_TEXT},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int got = input_detect_format(cases[i].name, cases[i].head, strlen(cases[i].head));
        if (got != cases[i].want)
            fail_msg("input_detect_format(%s, \"%s\") = %d, expected %d", cases[i].name, cases[i].head, got,
                     cases[i].want);
    }
}

/* Records from memory: TABARI with comments in and around records. */
static void test_tabari_memory(void **state)
{
    (void)state;
    static const char data[] =
        "# banner\n/* a comment\n950101 NOT-A-RECORD\n*/\n"
        "950101  A-1\nGondor met /* hidden */Arnor.\n\n"
        "20240213  B-2\nSecond /* spans\nlines */ record.\n"
        "950102  C-3\n";
    parley_reader_opts ro;
    memset(&ro, 0, sizeof ro);
    ro.languages = "any";
    parley_reader *r;
    parley_error err;
    assert_int_equal(parley_reader_open_memory(&r, "mem", data, sizeof data - 1, &ro, &err), 0);
    parley_doc *doc = parley_doc_new();
    assert_int_equal(parley_reader_next(r, doc, &err), 1);
    assert_int_equal(parley_reader_format(r), PARLEY_INPUT_TABARI);
    assert_string_equal(parley_doc_id(doc), "A-1");
    assert_int_equal(parley_doc_date(doc), 19950101);
    assert_string_equal(parley_doc_text(doc, NULL), "Gondor met Arnor.");
    assert_int_equal(parley_reader_next(r, doc, &err), 1);
    assert_string_equal(parley_doc_text(doc, NULL), "Second  record.");
    assert_int_equal(parley_reader_next(r, doc, &err), PARLEY_EFIELD); /* C-3: no text */
    assert_string_equal(err.doc_id, "C-3");
    assert_int_equal(parley_reader_next(r, doc, &err), 0);
    parley_doc_free(doc);
    parley_reader_close(r);
}

int run_input_tests(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bad_records_between_good),
        cmocka_unit_test(test_deferred_records),
        cmocka_unit_test(test_long_record),
        cmocka_unit_test(test_text_input),
        cmocka_unit_test(test_doc_set),
        cmocka_unit_test(test_dates_in_the_wild),
        cmocka_unit_test(test_format_detection),
        cmocka_unit_test(test_tabari_memory),
    };
    return cmocka_run_group_tests_name("input", tests, NULL, NULL);
}
