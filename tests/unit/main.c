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

void count_warning(void *ud, const parley_error *e)
{
    warnings *w = ud;
    if (w->n < 32)
        w->lines[w->n] = e->line;
    w->n++;
    snprintf(w->last, sizeof w->last, "%s:%ld: %s", e->file, e->line, e->msg);
}

parley_dict *load_dict_files(const char *verbs, const char *actors, const char *agents, warnings *w)
{
    parley_dict_spec spec;
    memset(&spec, 0, sizeof spec);
    const char *act[1] = {actors};
    spec.verbs = verbs;
    spec.actors = act;
    spec.n_actors = actors ? 1 : 0;
    spec.agents = agents;
    spec.no_defaults = true;
    parley_dict *d = NULL;
    parley_error err;
    assert_int_equal(parley_dict_load(&spec, count_warning, w, &d, &err), 0);
    return d;
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
