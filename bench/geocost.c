/* geocost.c - what placing events costs (`make bench`): each document of a corpus is coded
 * four times in a row, without, with, with and without the location stage
 * (parley_options.geo); the faster time of each variant counts, and both are summed over
 * the corpus. Coding the same document back to back in one process cancels most of the
 * noise of a shared machine that separate runs of `parley code` suffer (their wall times
 * differ by a third from run to run here).
 * usage: geocost FILE [PASSES]    prints one line: documents, both times, the difference. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "parley.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: geocost FILE [PASSES]\n");
        return 2;
    }
    int passes = argc > 2 ? atoi(argv[2]) : 1;
    parley_dict *d;
    parley_error err;
    if (parley_dict_load(NULL, NULL, NULL, &d, &err) < 0) {
        fprintf(stderr, "geocost: %s\n", err.msg);
        return 1;
    }
    parley_options on, off;
    parley_options_init(&on);
    parley_options_init(&off);
    off.geo = false;
    double t_on = 0, t_off = 0;
    long n = 0;
    parley_doc *doc = parley_doc_new();
    for (int p = 0; p < passes; p++) {
        parley_reader *r;
        if (parley_reader_open(&r, argv[1], NULL, &err) < 0) {
            fprintf(stderr, "geocost: %s\n", err.msg);
            return 1;
        }
        int rc;
        while ((rc = parley_reader_next(r, doc, &err)) != 0) {
            if (rc < 0)
                continue;
            /* off, on, on, off: each variant twice, and the faster of the two counts, so a
             * burst of another process's work on the machine does not land on one side */
            const parley_options *order[4] = {&off, &on, &on, &off};
            double best_on = 1e9, best_off = 1e9;
            for (int k = 0; k < 4; k++) {
                double a = now();
                parley_code(d, order[k], doc, NULL);
                double t = now() - a;
                double *best = order[k] == &on ? &best_on : &best_off;
                if (t < *best)
                    *best = t;
            }
            t_on += best_on;
            t_off += best_off;
            n++;
        }
        parley_reader_close(r);
    }
    printf("%ld documents: coding with the location stage %.3f s, without %.3f s: %+.1f%%\n", n, t_on, t_off,
           (t_on - t_off) / t_off * 100);
    parley_doc_free(doc);
    parley_dict_free(d);
    return 0;
}
