/* dictopts.c - the dictionary options every coding subcommand accepts. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

const char *dict_opt_help =
    "dictionaries (default: parley's own, built in):\n"
    "  --dict PATH          directory (files named *verb*, *actor*, *agent*, *discard*),\n"
    "                       PETRARCH config (.ini) or TABARI project (.project)\n"
    "  --verbs FILE  --actors FILE (repeatable)  --agents FILE  --discards FILE\n"
    "  --no-default-dicts   do not fill missing kinds from the built-in dictionaries\n"
    "  --dict-warnings      list every dictionary warning\n"
    "  --dict-compiled FILE load a compiled dictionary (parley dict compile) instead\n"
    "                       of the options above\n"
    "  --no-dict-cache      read the dictionary text; do not use or write the compiled\n"
    "                       copies kept in $PARLEY_CACHE_DIR, else $XDG_CACHE_HOME/parley,\n"
    "                       else ~/.cache/parley\n";

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
    else if (strcmp(a, "--dict-compiled") == 0)
        slot = &o->spec.compiled;
    else if (strcmp(a, "--no-default-dicts") == 0) {
        o->spec.no_defaults = true;
        return 1;
    } else if (strcmp(a, "--no-dict-cache") == 0) {
        o->no_cache = 1;
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
    if (!o->no_cache && !o->spec.cache_dir)
        o->spec.cache_dir = parley_dict_cache_dir(o->cache_dir, sizeof o->cache_dir);
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

const char *dict_origin(const parley_dict_stats *st)
{
    switch (st->origin) {
    case PARLEY_DICT_CACHE:
        return "from the compiled cache";
    case PARLEY_DICT_COMPILED:
        return "from a compiled file";
    default:
        return st->cache_written ? "from text, compiled copy cached" : "from text";
    }
}
