/* compiled.h - the compiled form of a loaded dictionary: one file holding every table of
 * struct parley_dict, read back with a single read-only mmap (compiled.c), and the cache
 * directory that keeps one such file per set of sources (cache.c).
 *
 * A compiled file is only read by the build of parley that wrote it (parley_build_id, a
 * digest of the library's sources made by scripts/build-id.sh): the tables mean what that
 * build's loader made them mean. Its header carries the key of the sources it was compiled
 * from (load.c: dict_source_key) and a checksum of every byte after the checksum itself,
 * so a truncated, damaged or foreign file is refused before any table is used. */
#ifndef PARLEY_DICT_COMPILED_H
#define PARLEY_DICT_COMPILED_H

#include <stddef.h>
#include <stdint.h>

#include "dict.h"

/* Bumped whenever the layout of the file changes, or the hash its maps store (4: strmap_hash
 * takes eight bytes at a time; 5: the discards' plural roots). */
#define DICT_COMPILED_FORMAT 5

/* The digest of the library's sources (generated: build/gen/build_id.c). */
extern const char parley_build_id[];

/* A 64-bit hash of n bytes, chained through seed: eight bytes at a time in four
 * independent lanes (about 1 ms for Phoenix's 2.6 MB of text). Not cryptographic: it keys
 * the cache and detects damage, it does not resist forgery. */
uint64_t dict_hash64(const void *p, size_t n, uint64_t seed);

/* The loader's warnings, kept while reading text so that a compiled file can replay them
 * (they belong to the sources, and a cache hit must print what a text load prints). */
typedef struct dict_diag_log {
    parley_diag_fn diag;        /* forwarded to */
    void *ud;
    char *buf;                  /* records, see compiled.c */
    size_t len, cap;
    uint32_t n;
    int oom;                    /* a record could not be kept: do not write the file */
} dict_diag_log;

/* A parley_diag_fn (ud: a dict_diag_log) that records the warning and forwards it. */
void dict_diag_record(void *ud, const parley_error *e);
void dict_diag_log_free(dict_diag_log *log);

/* Writes the compiled form of d (its sources' key and warnings with it) to path,
 * atomically: a temporary file in the same directory, renamed over path when complete, so
 * a reader never sees a partial file. Returns 0 or PARLEY_EIO/PARLEY_ENOMEM (err says why). */
int dict_compiled_write(const parley_dict *d, uint64_t key, const dict_diag_log *log,
                        const char *path, parley_error *err);

/* Maps a compiled file read-only and makes a dictionary of it: the tables point into the
 * mapping (released by parley_dict_free). With key != 0 the file must have been compiled
 * from sources with that key. Its recorded warnings are replayed through diag, only once
 * the whole file has been checked. Returns 0, 1 when there is no such file, PARLEY_EIO when
 * it cannot be read, PARLEY_ESYNTAX when it is not a compiled dictionary of this build or
 * is truncated or damaged (err->msg says which), PARLEY_ENOMEM. */
int dict_compiled_read(const char *path, uint64_t key, parley_diag_fn diag, void *ud,
                       parley_dict **out, parley_error *err);

/* ---- the cache directory (cache.c) ---------------------------------------------- */

/* How many compiled files a cache directory keeps (the most recently used). */
#define DICT_CACHE_KEEP 16

/* The file of a key in a cache directory: DIR/dict-<16 hex digits>.pdc. */
void dict_cache_path(const char *dir, uint64_t key, char *out, size_t cap);
/* Creates the directory (and its parents) when missing, mode 0700. 0 or -errno. */
int dict_cache_mkdir(const char *dir);
/* Marks a cache file as used (its mtime), at most once a day; errors are ignored. */
void dict_cache_touch(const char *path);
/* Removes the least recently used compiled files beyond DICT_CACHE_KEEP and temporary
 * files an interrupted writer left behind; errors are ignored. */
void dict_cache_prune(const char *dir);

#endif
