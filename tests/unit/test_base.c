/* test_base.c - arena, string map and calendar arithmetic. */
#include <stdio.h>
#include <string.h>

#include "../../src/base/arena.h"
#include "../../src/base/date.h"
#include "../../src/base/strmap.h"
#include "tests.h"

static void test_arena(void **state)
{
    (void)state;
    arena a;
    arena_init(&a, 128);
    char *p = arena_strdup(&a, "hello");
    assert_string_equal(p, "hello");
    void *big = arena_alloc(&a, 10000); /* larger than a chunk */
    assert_non_null(big);
    assert_int_equal((uintptr_t)big % 16, 0);
    int *arr = arena_calloc(&a, 4, sizeof *arr);
    assert_int_equal(arr[3], 0);
    arena_reset(&a);
    assert_int_equal(a.used, 0);
    assert_non_null(arena_alloc(&a, 16));
    arena_free(&a);
}

static void test_strmap(void **state)
{
    (void)state;
    strmap m;
    strmap_init(&m);
    char key[32];
    for (uint32_t i = 1; i <= 5000; i++) {
        int n = snprintf(key, sizeof key, "word%u", i);
        assert_int_equal(strmap_put(&m, key, (size_t)n, i), 0);
    }
    assert_int_equal(strmap_get(&m, "word4242", 8), 4242);
    assert_int_equal(strmap_get(&m, "word", 4), 0);
    assert_int_equal(strmap_put(&m, "word7", 5, 99), 0);
    assert_int_equal(strmap_get(&m, "word7", 5), 99);
    assert_int_equal(m.count, 5000);
    strmap_free(&m);
}

static void test_dates(void **state)
{
    (void)state;
    assert_int_equal(date_parse("2024-02-29", 10), 20240229);
    assert_int_equal(date_parse("20240213", 8), 20240213);
    assert_int_equal(date_parse("2023-02-29", 10), 0);
    assert_int_equal(date_parse("2024-13-01", 10), 0);
    assert_int_equal(date_parse("2024/02/13", 10), 0);
    assert_int_equal(date_add_days(20240301, -1), 20240229);
    assert_int_equal(date_add_days(20231231, 1), 20240101);
    assert_int_equal(date_weekday(20240212), 0); /* a Monday */
    assert_int_equal(date_weekday(19700101), 3);
    char buf[11];
    date_format(19950101, buf);
    assert_string_equal(buf, "1995-01-01");
}

int run_base_tests(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_arena),
        cmocka_unit_test(test_strmap),
        cmocka_unit_test(test_dates),
    };
    return cmocka_run_group_tests_name("base", tests, NULL, NULL);
}
