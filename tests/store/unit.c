/* unit.c - unit tests (cmocka) for the event store's internals and the table writers:
 * dedup keys, the CAMEO -> PLOVER lookup, GDELT's actor columns, CSV and TSV escaping.
 * The store's behaviour as a whole is tested through the CLI by test_store.py. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/output/record.h"
#include "../../src/store/store.h"

static void key(int mode, int days, int date, int pub, char *buf)
{
    parley_store s;
    memset(&s, 0, sizeof s);
    s.dedup = mode;
    s.window_days = days;
    dedup_key(&s, date, pub, "USAGOV", "RUS", "042", false, buf, 96);
}

static void test_dedup_keys(void **state)
{
    (void)state;
    char k[96];
    key(PARLEY_DEDUP_DAY, 0, 20240304, 20240305, k);
    assert_string_equal(k, "20240304|USAGOV|RUS|042");
    key(PARLEY_DEDUP_ONEADAY, 0, 20240304, 20240305, k);
    assert_string_equal(k, "20240305|USAGOV|RUS|042");
    /* a negated event is not the event */
    parley_store st;
    memset(&st, 0, sizeof st);
    st.dedup = PARLEY_DEDUP_DAY;
    dedup_key(&st, 20240304, 0, "USAGOV", "RUS", "042", true, k, sizeof k);
    assert_string_equal(k, "20240304|USAGOV|RUS|042|not");
    /* 7-day periods start on Thursdays (1970-01-01 was one) */
    key(PARLEY_DEDUP_WINDOW, 7, 20240229, 0, k);
    assert_string_equal(k, "20240229|USAGOV|RUS|042");
    key(PARLEY_DEDUP_WINDOW, 7, 20240306, 0, k);
    assert_string_equal(k, "20240229|USAGOV|RUS|042");
    key(PARLEY_DEDUP_WINDOW, 7, 20240307, 0, k);
    assert_string_equal(k, "20240307|USAGOV|RUS|042");
    /* before 1970 the periods go on the same way */
    key(PARLEY_DEDUP_WINDOW, 7, 19691231, 0, k);
    assert_string_equal(k, "19691225|USAGOV|RUS|042");
    key(PARLEY_DEDUP_WINDOW, 7, 19691225, 0, k);
    assert_string_equal(k, "19691225|USAGOV|RUS|042");
}

static void test_dedup_parse(void **state)
{
    (void)state;
    int mode, days;
    assert_int_equal(dedup_parse("day", &mode, &days), 0);
    assert_int_equal(mode, PARLEY_DEDUP_DAY);
    assert_int_equal(dedup_parse("oneaday", &mode, &days), 0);
    assert_int_equal(mode, PARLEY_DEDUP_ONEADAY);
    assert_int_equal(dedup_parse("window:3", &mode, &days), 0);
    assert_int_equal(mode, PARLEY_DEDUP_WINDOW);
    assert_int_equal(days, 3);
    assert_int_equal(dedup_parse("window:1", &mode, &days), 0);
    assert_int_equal(mode, PARLEY_DEDUP_DAY);
    assert_int_equal(dedup_parse("window:0", &mode, &days), PARLEY_EARG);
    assert_int_equal(dedup_parse("window:3x", &mode, &days), PARLEY_EARG);
    assert_int_equal(dedup_parse("week", &mode, &days), PARLEY_EARG);
}

static void test_plover_lookup(void **state)
{
    (void)state;
    const out_plover_entry *p = out_plover_lookup("0841");
    assert_non_null(p);
    assert_string_equal(p->event, "RETREAT");
    assert_string_equal(p->mode, "release");
    assert_string_equal(p->context, "legal");
    p = out_plover_lookup("1124");
    assert_string_equal(p->context, "military;legal");
    /* codes the table does not list take their parent's category */
    p = out_plover_lookup("0875");
    assert_non_null(p);
    assert_string_equal(p->code, "087");
    assert_string_equal(out_plover_lookup("08")->event, "CONCEDE");
    /* CAMEO's statements and appeals have no PLOVER category */
    assert_null(out_plover_lookup("010"));
    assert_null(out_plover_lookup("0214"));
    assert_null(out_plover_lookup(""));
    assert_null(out_plover_lookup("123456789"));
}

/* The GDELT line of an event with these actors, split into its columns. */
static int gdelt_columns(const char *source, const char *target, char cols[61][64])
{
    out_event e;
    memset(&e, 0, sizeof e);
    e.id = 42;
    e.date = 20240304;
    e.pub_date = 20240305;
    e.source = source;
    e.target = target;
    e.source_text = "the U.N.";
    e.target_text = "Hamas";
    e.code = "1124";
    e.root = "11";
    e.quad = 3;
    e.goldstein = -5.0;
    e.goldstein_known = true;
    e.num_mentions = 3;
    e.num_sources = 2;
    e.num_articles = 2;
    e.url = "https://example.org/a\tb";
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    out_gdelt(f, &e);
    fclose(f);
    assert_true(len > 0 && buf[len - 1] == '\n');
    buf[len - 1] = '\0';
    int n = 0;
    char *s = buf;
    for (;;) {
        char *tab = strchr(s, '\t');
        if (n < 61)
            snprintf(cols[n], 64, "%.*s", tab ? (int)(tab - s) : (int)strlen(s), s);
        n++;
        if (!tab)
            break;
        s = tab + 1;
    }
    free(buf);
    return n;
}

static void test_gdelt_columns(void **state)
{
    (void)state;
    char c[61][64];
    assert_int_equal(gdelt_columns("IGOEUREEC", "PSEREBHMS", c), 61);
    assert_string_equal(c[0], "42");
    assert_string_equal(c[1], "20240304");
    assert_string_equal(c[2], "202403");
    assert_string_equal(c[3], "2024");
    assert_string_equal(c[4], "2024.2575");
    assert_string_equal(c[5], "IGOEUREEC");
    assert_string_equal(c[6], "THE U.N.");
    assert_string_equal(c[7], "EUR");      /* Actor1CountryCode: the region */
    assert_string_equal(c[8], "EEC");      /* Actor1KnownGroupCode */
    assert_string_equal(c[12], "IGO");     /* Actor1Type1Code */
    assert_string_equal(c[15], "PSEREBHMS");
    assert_string_equal(c[17], "PSE");
    assert_string_equal(c[18], "HMS");
    assert_string_equal(c[22], "REB");
    assert_string_equal(c[26], "1124");
    assert_string_equal(c[27], "112");     /* EventBaseCode */
    assert_string_equal(c[28], "11");
    assert_string_equal(c[29], "3");
    assert_string_equal(c[30], "-5.0");
    assert_string_equal(c[31], "3");
    assert_string_equal(c[32], "2");
    assert_string_equal(c[33], "2");
    assert_string_equal(c[34], "");        /* AvgTone: not known */
    assert_string_equal(c[59], "20240305000000");
    assert_string_equal(c[60], "https://example.org/a b");   /* no tab inside a field */
    assert_int_equal(gdelt_columns("IMGMUSISI", "USAGOV", c), 61);
    assert_string_equal(c[7], "");
    assert_string_equal(c[8], "ISI");
    assert_string_equal(c[10], "MUS");     /* Actor1Religion1Code */
    assert_string_equal(c[12], "IMG");
    assert_string_equal(c[17], "USA");
    assert_string_equal(c[22], "GOV");
    assert_int_equal(gdelt_columns("", "", c), 61);
    assert_string_equal(c[5], "");
    assert_string_equal(c[7], "");
}

static void test_csv_escaping(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    out_csv_field(f, "plain");
    putc('|', f);
    out_csv_field(f, "a, \"b\"");
    putc('|', f);
    out_csv_field(f, "two\nlines");
    putc('|', f);
    out_tsv_field(f, "a\tb\nc");
    fclose(f);
    assert_string_equal(buf, "plain|\"a, \"\"b\"\"\"|\"two\nlines\"|a b c");
    free(buf);
}

static void test_format_names(void **state)
{
    (void)state;
    assert_int_equal(parley_format_parse("jsonl"), PARLEY_FORMAT_JSONL);
    assert_int_equal(parley_format_parse("gdelt"), PARLEY_FORMAT_GDELT);
    assert_int_equal(parley_format_parse("plover"), PARLEY_FORMAT_PLOVER);
    assert_int_equal(parley_format_parse("phoenix"), PARLEY_FORMAT_PHOENIX);
    assert_int_equal(parley_format_parse("csv"), PARLEY_FORMAT_CSV);
    assert_int_equal(parley_format_parse("xml"), PARLEY_EARG);
    assert_int_equal(parley_format_parse(NULL), PARLEY_EARG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dedup_keys),    cmocka_unit_test(test_dedup_parse),
        cmocka_unit_test(test_plover_lookup), cmocka_unit_test(test_gdelt_columns),
        cmocka_unit_test(test_csv_escaping),  cmocka_unit_test(test_format_names),
    };
    return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
