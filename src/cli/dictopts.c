/* dictopts.c - the dictionary options every coding subcommand accepts. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

int dict_opt_parse(dict_opts *o, int argc, char **argv, int *i)
{
    const char *a = argv[*i];
    const char **slot = NULL;
    if (strcmp(a, "--verbs") == 0)
        slot = &o->spec.verbs;
    else if (strcmp(a, "--agents") == 0)
        slot = &o->spec.agents;
    else if (strcmp(a, "--discards") == 0)
        slot = &o->spec.discards;
    else if (strcmp(a, "--dict") == 0)
        slot = &o->spec.dir;
    else if (strcmp(a, "--no-default-dicts") == 0) {
        o->spec.no_defaults = true;
        return 1;
    } else if (strcmp(a, "--dict-warnings") == 0) {
        o->show_warnings = 1;
        return 1;
    } else if (strcmp(a, "--actors") != 0)
        return 0;
    if (*i + 1 >= argc) {
        fprintf(stderr, "parley: %s needs a value\n", a);
        return -1;
    }
    const char *v = argv[++*i];
    if (slot) {
        *slot = v;
    } else {
        if (o->spec.n_actors >= sizeof o->actors / sizeof o->actors[0]) {
            fprintf(stderr, "parley: too many --actors files\n");
            return -1;
        }
        o->actors[o->spec.n_actors++] = v;
        o->spec.actors = o->actors;
    }
    return 1;
}

void print_error(const parley_error *e)
{
    fputs("parley: ", stderr);
    if (e->file[0]) {
        fputs(e->file, stderr);
        if (e->line)
            fprintf(stderr, ":%ld", e->line);
        if (e->column)
            fprintf(stderr, ":%ld", e->column);
        fputs(": ", stderr);
    }
    if (e->doc_id[0])
        fprintf(stderr, "document \"%s\": ", e->doc_id);
    fprintf(stderr, "%s\n", e->msg[0] ? e->msg : parley_strerror(e->code));
}

typedef struct warn_state {
    long count;
    int show;
} warn_state;

static void on_warning(void *ud, const parley_error *e)
{
    warn_state *w = ud;
    w->count++;
    if (w->show || w->count <= 5)
        print_error(e);
}

parley_dict *dict_opt_load(dict_opts *o)
{
    warn_state w = {0, o->show_warnings};
    parley_dict *d = NULL;
    parley_error err;
    if (parley_dict_load(&o->spec, on_warning, &w, &d, &err) < 0) {
        print_error(&err);
        return NULL;
    }
    if (w.count > 5 && !w.show)
        fprintf(stderr, "parley: %ld dictionary warnings in all (--dict-warnings lists them)\n", w.count);
    return d;
}
