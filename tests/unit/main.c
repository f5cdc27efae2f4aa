/* main.c - runs every unit test group; cmocka prints each group's summary. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tests.h"

static char made[64][512];
static int nmade;

static void remove_temps(void)
{
    for (int i = 0; i < nmade; i++)
        unlink(made[i]);
}

const char *write_temp(const char *name, const char *content)
{
    static char path[4][512];
    static int k;
    char *p = path[k++ % 4];
    if (!nmade)
        atexit(remove_temps);
    const char *dir = getenv("TMPDIR");
    snprintf(p, 512, "%s/parley-unit-%d-%s", dir ? dir : "/tmp", (int)getpid(), name);
    FILE *f = fopen(p, "w");
    if (!f)
        return NULL;
    fputs(content, f);
    fclose(f);
    if (nmade < 64)
        snprintf(made[nmade++], sizeof made[0], "%s", p);
    return p;
}

int main(void)
{
    int failed = 0;
    failed += run_base_tests();
    failed += run_text_tests();
    failed += run_lex_tests();
    failed += run_input_tests();
    failed += run_dict_tests();
    failed += run_compiled_tests();
    failed += run_syntax_tests();
    failed += run_coder_tests();
    failed += run_tabari_tests();
    failed += run_geo_tests();
    return failed ? 1 : 0;
}
