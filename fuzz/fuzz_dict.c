/* fuzz_dict.c - libFuzzer target for one dictionary reader (FUZZ_KIND: verbs, actors,
 * agents or discards), fed through the public loader as a file.
 *
 * The loader reads files by path, so the input goes into an in-memory file (memfd) named
 * by /proc/self/fd; nothing touches the disk. Malformed lines must become warnings, never
 * a crash; a dictionary that loads must also survive coding a sentence. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "parley.h"

#ifndef FUZZ_KIND
#define FUZZ_KIND verbs
#endif
#define STR2(x) #x
#define STR(x) STR2(x)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void quiet(void *ud, const parley_error *e)
{
    (void)ud;
    (void)e;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int fd = memfd_create("dict", 0);
    if (fd < 0)
        return 0;
    if (size && write(fd, data, size) != (ssize_t)size) {
        close(fd);
        return 0;
    }
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    parley_dict_spec spec;
    memset(&spec, 0, sizeof spec);
    const char *actors[1] = {path};
    if (!strcmp(STR(FUZZ_KIND), "verbs"))
        spec.verbs = path;
    else if (!strcmp(STR(FUZZ_KIND), "actors")) {
        spec.actors = actors;
        spec.n_actors = 1;
    } else if (!strcmp(STR(FUZZ_KIND), "agents"))
        spec.agents = path;
    else
        spec.discards = path;
    spec.no_defaults = 1;
    parley_dict *d;
    parley_error err;
    if (parley_dict_load(&spec, quiet, NULL, &d, &err) == 0) {
        static const char text[] =
            "Norway's foreign minister condemned Latvia on Monday, and the U.N. said "
            "Finnish police arrested three Estonian protesters in Helsinki.";
        parley_doc *doc = parley_doc_new();
        if (parley_doc_set(doc, "f", "2024-01-01", text, sizeof text - 1, NULL, NULL, NULL, &err) == 0)
            parley_code(d, NULL, doc, &err);
        parley_doc_free(doc);
        parley_dict_free(d);
    }
    close(fd);
    return 0;
}
