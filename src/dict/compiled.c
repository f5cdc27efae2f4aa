/* compiled.c - the compiled form of a dictionary: written after a text load, read back
 * with one read-only mmap and no parsing (see compiled.h for who reads which file).
 *
 * Layout (native byte order, every section aligned to 64 bytes):
 *
 *     header       magic, format, byte order, checksum, file size, sources' key, parley
 *                  version and build, the sizes of the structures, the section table
 *     DICT         struct parley_dict as loaded, every pointer zeroed: the counts, flags
 *                  and statistics
 *     FILES        the source file names, NUL-terminated, in d->files order
 *     DIAGS        the loader's warnings, to be replayed
 *     one section per array of struct parley_dict (arrays() lists them), its bytes as
 *                  they were in memory; offset 0 stands for a NULL pointer
 *
 * Reading checks, in order: magic, format, byte order, that the file is as long as the
 * header says, the checksum of everything after it, the version, build and structure
 * sizes, the key, then that every section lies inside the file and holds exactly the
 * bytes its counts in DICT call for, and that the hash tables have a free slot and the
 * string pools end in NUL. Only then do the arrays point into the mapping. The checksum
 * guards against accidents (a truncated write, a damaged disk); the cross-references
 * inside the tables are not checked one by one, so a compiled file is trusted like the
 * program that reads it: load only files you or your parley wrote. */
#include "compiled.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../base/document.h"
#include "build.h"

/* ---- the hash -------------------------------------------------------------------- */

#define H_MUL1 0x9e3779b97f4a7c15ull   /* 2^64 / golden ratio */
#define H_MUL2 0xc2b2ae3d27d4eb4full
#define H_MUL3 0x94d049bb133111ebull

static inline uint64_t rotl64(uint64_t x, int r)
{
    return (x << r) | (x >> (64 - r));
}

/* One word into one lane: every step is a bijection of the lane, so two inputs that
 * differ in one word always leave different lanes. */
static inline uint64_t lane(uint64_t h, uint64_t w)
{
    return rotl64(h + w * H_MUL2, 29) * H_MUL1;
}

uint64_t dict_hash64(const void *data, size_t n, uint64_t seed)
{
    const unsigned char *p = data;
    uint64_t a = seed ^ H_MUL1, b = seed ^ H_MUL2, c = seed ^ H_MUL3, d = ~seed;
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        a = lane(a, strmap_load8(p + i));
        b = lane(b, strmap_load8(p + i + 8));
        c = lane(c, strmap_load8(p + i + 16));
        d = lane(d, strmap_load8(p + i + 24));
    }
    for (; i + 8 <= n; i += 8)
        a = lane(a, strmap_load8(p + i));
    if (i < n)
        b = lane(b, strmap_load_tail(p + i, n - i));
    uint64_t h = (uint64_t)n * H_MUL3;
    h = (h ^ a) * H_MUL1;
    h = (rotl64(h, 23) ^ b) * H_MUL2;
    h = (rotl64(h, 23) ^ c) * H_MUL1;
    h = (rotl64(h, 23) ^ d) * H_MUL2;
    h ^= h >> 31;
    h *= H_MUL3;
    h ^= h >> 29;
    return h;
}

/* ---- what is written ------------------------------------------------------------- */

/* Every array of struct parley_dict, with its element size and length. The same list
 * serves the writer (which reads the pointers) and the reader (which sets them from the
 * section table, after checking each section's size against the count). */
typedef struct dict_array {
    void **ptr;
    size_t elem;
    uint64_t count;
} dict_array;

enum { NARRAYS = 32 };

static void arrays(parley_dict *d, dict_array *a)
{
    int n = 0;
#define A(field, cnt) a[n++] = (dict_array){(void **)&d->field, sizeof *d->field, (uint64_t)(cnt)}
    A(vocab.slots, d->vocab.cap);
    A(vocab.pool, d->vocab.pool_len);
    A(pool, d->pool_len);
    A(phrases.nodes, d->phrases.nnodes);
    A(phrases.edges, d->phrases.cap_edges);
    A(phrases.roots, d->phrases.nroots);
    A(payloads, d->npayloads);
    A(actors, d->nactors);
    A(windows, d->nwindows);
    A(agents, d->nagents);
    A(discards.nodes, d->discards.nnodes);
    A(discards.edges, d->discards.cap_edges);
    A(discards.roots, d->discards.nroots);
    A(plural_roots, d->cap_plural_roots);
    A(forms, d->nforms);
    A(form_head, d->nform_head);
    A(form_words, d->nform_words);
    A(blocks, d->nblocks);
    A(patterns, d->npatterns);
    A(elems, d->nelems);
    A(synsets, d->nsynsets);
    A(syn_members, d->nsyn_members);
    A(syn_first_at, d->nsyn_at);
    A(syn_last_at, d->nsyn_at);
    A(syn_first, d->nsyn_first);
    A(syn_last, d->nsyn_last);
    A(nouns.nodes, d->nouns.nnodes);
    A(nouns.edges, d->nouns.cap_edges);
    A(nouns.roots, d->nouns.nroots);
    A(noun_entries, d->nnouns);
    A(wmode, d->cap_wmode);
    A(options, d->noptions);
#undef A
    (void)n;
}

/* A new array or pointer in struct parley_dict must be listed in arrays() (or be
 * load-time only, like pool_index) and DICT_COMPILED_FORMAT bumped: this fails the build
 * until then. The sizes are those of LP64 (x86-64, AArch64). */
#if UINTPTR_MAX == 0xffffffffffffffffu
_Static_assert(sizeof(struct parley_dict) == 752,
               "struct parley_dict changed: update arrays() in src/dict/compiled.c");
#endif

enum { S_DICT, S_FILES, S_DIAGS, S_ARRAYS, NSECTIONS = S_ARRAYS + NARRAYS };

typedef struct section {
    uint64_t offset;            /* 0: a NULL array */
    uint64_t size;
} section;

#define MAGIC "PARLEYD\x1a"
#define BYTE_ORDER_MARK 0x01020304u
#define ALIGN 64

typedef struct header {
    char magic[8];
    uint32_t format;
    uint32_t byte_order;
    uint64_t checksum;          /* dict_hash64 of every byte after this field */
    uint64_t file_size;
    uint64_t key;               /* of the sources (load.c) */
    char version[16];           /* PARLEY_VERSION */
    char build[72];             /* parley_build_id */
    uint32_t abi[24];           /* structure sizes, see abi() */
    uint32_t nsections;
    uint32_t ndiags;
    section sec[NSECTIONS];
} header;

#define CHECKED_FROM (offsetof(header, checksum) + sizeof(uint64_t))

static void abi(uint32_t *out)
{
    const size_t sizes[] = {
        sizeof(void *), sizeof(size_t), sizeof(struct parley_dict), sizeof(header),
        sizeof(strmap_slot), sizeof(trie_node), sizeof(trie_edge), sizeof(phrase_payload),
        sizeof(actor_entry), sizeof(actor_window), sizeof(agent_entry), sizeof(verb_form),
        sizeof(verb_block), sizeof(pattern), sizeof(pat_elem), sizeof(synset),
        sizeof(syn_member), sizeof(noun_entry), sizeof(dict_option), sizeof(parley_dict_stats),
    };
    memset(out, 0, 24 * sizeof *out);
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
        out[i] = (uint32_t)sizes[i];
}

static uint64_t align_up(uint64_t n)
{
    return (n + ALIGN - 1) & ~(uint64_t)(ALIGN - 1);
}

/* ---- the warnings ------------------------------------------------------------------ */

/* A recorded warning: this, then the file name and the message, each NUL-terminated,
 * padded to 8 bytes. */
typedef struct diag_rec {
    int32_t code;
    uint32_t file_len, msg_len;     /* without the NULs */
    uint32_t pad;
    int64_t line, column;
} diag_rec;

void dict_diag_record(void *ud, const parley_error *e)
{
    dict_diag_log *log = ud;
    if (log->diag)
        log->diag(log->ud, e);
    if (log->oom)
        return;
    diag_rec r = {.code = e->code, .line = e->line, .column = e->column};
    r.file_len = (uint32_t)strnlen(e->file, sizeof e->file);
    r.msg_len = (uint32_t)strnlen(e->msg, sizeof e->msg);
    size_t need = (sizeof r + r.file_len + 1 + r.msg_len + 1 + 7) & ~(size_t)7;
    if (log->len + need > log->cap) {
        size_t cap = log->cap ? log->cap * 2 : 4096;
        while (cap < log->len + need)
            cap *= 2;
        char *p = realloc(log->buf, cap);
        if (!p) {
            log->oom = 1;
            return;
        }
        log->buf = p;
        log->cap = cap;
    }
    char *w = log->buf + log->len;
    memset(w, 0, need);
    memcpy(w, &r, sizeof r);
    memcpy(w + sizeof r, e->file, r.file_len);
    memcpy(w + sizeof r + r.file_len + 1, e->msg, r.msg_len);
    log->len += need;
    log->n++;
}

void dict_diag_log_free(dict_diag_log *log)
{
    free(log->buf);
    log->buf = NULL;
    log->len = log->cap = 0;
    log->n = 0;
}

/* Walks n records of buf[0..len): checks them all when diag is NULL, replays them
 * through diag otherwise. Returns 0, or -1 when a record runs past the end. */
static int diags_walk(const char *buf, uint64_t len, uint32_t n, parley_diag_fn diag, void *ud)
{
    uint64_t pos = 0;
    for (uint32_t i = 0; i < n; i++) {
        diag_rec r;
        if (len - pos < sizeof r)
            return -1;
        memcpy(&r, buf + pos, sizeof r);
        uint64_t need = ((uint64_t)sizeof r + r.file_len + 1 + r.msg_len + 1 + 7) & ~(uint64_t)7;
        if (len - pos < need)
            return -1;
        const char *file = buf + pos + sizeof r, *msg = file + r.file_len + 1;
        if (file[r.file_len] || msg[r.msg_len])
            return -1;
        if (diag) {
            parley_error e;
            memset(&e, 0, sizeof e);
            e.code = r.code;
            e.line = (long)r.line;
            e.column = (long)r.column;
            snprintf(e.file, sizeof e.file, "%s", file);
            snprintf(e.msg, sizeof e.msg, "%s", msg);
            diag(ud, &e);
        }
        pos += need;
    }
    return pos == len ? 0 : -1;
}

/* ---- writing --------------------------------------------------------------------- */

static int write_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t k = write(fd, p, n);
        if (k < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

int dict_compiled_write(const parley_dict *d, uint64_t key, const dict_diag_log *log,
                        const char *path, parley_error *err)
{
    if (log && log->oom) {
        error_set(err, PARLEY_ENOMEM, path, 0, 0, NULL, "out of memory");
        return PARLEY_ENOMEM;
    }
    /* the image: d with every pointer and run-specific field zeroed */
    parley_dict img = *d;
    dict_array arr[NARRAYS], img_arr[NARRAYS];
    arrays((parley_dict *)d, arr);     /* only reads the pointers */
    arrays(&img, img_arr);
    for (int i = 0; i < NARRAYS; i++)
        *img_arr[i].ptr = NULL;
    memset(&img.pool_index, 0, sizeof img.pool_index);
    img.files = NULL;
    img.map = NULL;
    img.map_len = 0;
    img.compiled_path = img.cache_problem = NULL;
    img.vocab.pool_cap = img.vocab.pool_len;
    img.pool_cap = img.pool_len;
    img.stats.load_ms = 0;
    img.stats.hash_ms = 0;
    img.stats.origin = PARLEY_DICT_TEXT;
    img.stats.cache_written = false;
    img.stats.compiled_file = img.stats.cache_problem = NULL;

    size_t files_len = 0;
    for (uint32_t i = 0; i < d->nfiles; i++)
        files_len += strlen(d->files[i]) + 1;

    header h;
    memset(&h, 0, sizeof h);
    memcpy(h.magic, MAGIC, sizeof h.magic);
    h.format = DICT_COMPILED_FORMAT;
    h.byte_order = BYTE_ORDER_MARK;
    h.key = key;
    snprintf(h.version, sizeof h.version, "%s", PARLEY_VERSION);
    snprintf(h.build, sizeof h.build, "%s", parley_build_id);
    abi(h.abi);
    h.nsections = NSECTIONS;
    h.ndiags = log ? log->n : 0;
    const void *src[NSECTIONS];
    uint64_t off = align_up(sizeof h);
    for (int s = 0; s < NSECTIONS; s++) {
        const void *p;
        uint64_t size;
        if (s == S_DICT) {
            p = &img;
            size = sizeof img;
        } else if (s == S_FILES) {
            p = NULL;   /* assembled below */
            size = files_len;
        } else if (s == S_DIAGS) {
            p = log ? log->buf : NULL;
            size = log ? log->len : 0;
        } else {
            const dict_array *a = &arr[s - S_ARRAYS];
            p = *a->ptr;
            size = a->count * a->elem;
            if (!p) {
                if (size) {
                    error_set(err, PARLEY_EARG, path, 0, 0, NULL, "inconsistent dictionary");
                    return PARLEY_EARG;
                }
                src[s] = NULL;
                continue;   /* offset 0: NULL */
            }
        }
        src[s] = p;
        h.sec[s].offset = off;
        h.sec[s].size = size;
        off = align_up(off + size);
    }
    h.file_size = off;

    char *buf = calloc(1, (size_t)off);
    if (!buf) {
        error_set(err, PARLEY_ENOMEM, path, 0, 0, NULL, "out of memory");
        return PARLEY_ENOMEM;
    }
    for (int s = 0; s < NSECTIONS; s++)
        if (src[s] && h.sec[s].size)
            memcpy(buf + h.sec[s].offset, src[s], (size_t)h.sec[s].size);
    char *f = buf + h.sec[S_FILES].offset;
    for (uint32_t i = 0; i < d->nfiles; i++) {
        size_t n = strlen(d->files[i]) + 1;
        memcpy(f, d->files[i], n);
        f += n;
    }
    memcpy(buf, &h, sizeof h);
    h.checksum = dict_hash64(buf + CHECKED_FROM, (size_t)off - CHECKED_FROM, 0);
    memcpy(buf + offsetof(header, checksum), &h.checksum, sizeof h.checksum);

    /* a temporary file beside path, renamed over it when complete */
    static atomic_uint serial;
    char tmp[4096];
    int n = snprintf(tmp, sizeof tmp, "%s.%ld.%u.tmp", path, (long)getpid(), atomic_fetch_add(&serial, 1));
    if (n < 0 || (size_t)n >= sizeof tmp) {
        free(buf);
        error_set(err, PARLEY_EIO, path, 0, 0, NULL, "path too long");
        return PARLEY_EIO;
    }
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) {
        error_set(err, PARLEY_EIO, path, 0, 0, NULL, "cannot create %s: %s", tmp, strerror(errno));
        free(buf);
        return PARLEY_EIO;
    }
    int bad = write_all(fd, buf, (size_t)off) < 0;
    int saved = errno;
    free(buf);
    if (close(fd) < 0 && !bad) {
        bad = 1;
        saved = errno;
    }
    if (!bad && rename(tmp, path) < 0) {
        bad = 1;
        saved = errno;
    }
    if (bad) {
        unlink(tmp);
        error_set(err, PARLEY_EIO, path, 0, 0, NULL, "cannot write: %s", strerror(saved));
        return PARLEY_EIO;
    }
    return 0;
}

/* ---- reading --------------------------------------------------------------------- */

static int refuse(parley_error *err, const char *path, const char *why)
{
    error_set(err, PARLEY_ESYNTAX, path, 0, 0, NULL, "%s", why);
    return PARLEY_ESYNTAX;
}

static int pow2_or_zero(uint64_t n)
{
    return (n & (n - 1)) == 0;
}

/* Open addressing needs a free slot to end a search for a missing key. */
static int table_ok(uint64_t cap, uint64_t used)
{
    return pow2_or_zero(cap) && (cap == 0 || used < cap);
}

static int pool_ok(const char *pool, uint64_t len)
{
    return len == 0 || pool[len - 1] == '\0';
}

int dict_compiled_read(const char *path, uint64_t key, parley_diag_fn diag, void *ud,
                       parley_dict **out, parley_error *err)
{
    *out = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT)
            return 1;
        error_set(err, PARLEY_EIO, path, 0, 0, NULL, "cannot open: %s", strerror(errno));
        return PARLEY_EIO;
    }
    struct stat st;
    if (fstat(fd, &st) < 0) {
        error_set(err, PARLEY_EIO, path, 0, 0, NULL, "cannot read: %s", strerror(errno));
        close(fd);
        return PARLEY_EIO;
    }
    if (!S_ISREG(st.st_mode) || (uint64_t)st.st_size < sizeof(header)) {
        close(fd);
        return refuse(err, path, "not a compiled dictionary (too short)");
    }
    size_t len = (size_t)st.st_size;
    int flags = MAP_PRIVATE;
#ifdef MAP_POPULATE
    flags |= MAP_POPULATE;      /* every page is read by the checksum anyway */
#endif
    void *map = mmap(NULL, len, PROT_READ, flags, fd, 0);
    int saved = errno;
    close(fd);
    if (map == MAP_FAILED) {
        error_set(err, PARLEY_EIO, path, 0, 0, NULL, "cannot map: %s", strerror(saved));
        return PARLEY_EIO;
    }
    const char *base = map;
    header h;
    memcpy(&h, base, sizeof h);
    int rc = 0;
    uint32_t want_abi[24];
    abi(want_abi);
    if (memcmp(h.magic, MAGIC, sizeof h.magic) != 0)
        rc = refuse(err, path, "not a compiled dictionary");
    else if (h.format != DICT_COMPILED_FORMAT)
        rc = refuse(err, path, "a compiled dictionary of another format: compile it again");
    else if (h.byte_order != BYTE_ORDER_MARK)
        rc = refuse(err, path, "a compiled dictionary of another byte order: compile it again");
    else if (h.file_size != len)
        rc = refuse(err, path, h.file_size > len ? "a truncated compiled dictionary"
                                                 : "a compiled dictionary with extra bytes");
    else if (dict_hash64(base + CHECKED_FROM, len - CHECKED_FROM, 0) != h.checksum)
        rc = refuse(err, path, "a damaged compiled dictionary (checksum mismatch)");
    else if (strncmp(h.version, PARLEY_VERSION, sizeof h.version) != 0 ||
             strncmp(h.build, parley_build_id, sizeof h.build) != 0 ||
             memcmp(h.abi, want_abi, sizeof want_abi) != 0 || h.nsections != NSECTIONS) {
        char why[256];
        snprintf(why, sizeof why, "compiled by another build of parley (%.16s, build %.12s; this is %s, "
                 "build %.12s): compile it again", h.version, h.build, PARLEY_VERSION, parley_build_id);
        rc = refuse(err, path, why);
    } else if (key && h.key != key) {
        rc = refuse(err, path, "compiled from other dictionary files");
    }
    /* every section inside the file */
    for (int s = 0; rc == 0 && s < NSECTIONS; s++) {
        const section *sc = &h.sec[s];
        if (sc->offset == 0 ? sc->size != 0
                            : sc->offset % ALIGN || sc->offset < sizeof h || sc->offset > len ||
                                  sc->size > len - sc->offset)
            rc = refuse(err, path, "a compiled dictionary with a bad section table");
    }
    if (rc == 0 && (h.sec[S_DICT].offset == 0 || h.sec[S_DICT].size != sizeof(struct parley_dict)))
        rc = refuse(err, path, "a compiled dictionary with a bad section table");
    parley_dict *d = NULL;
    if (rc == 0 && !(d = calloc(1, sizeof *d))) {
        error_set(err, PARLEY_ENOMEM, path, 0, 0, NULL, "out of memory");
        rc = PARLEY_ENOMEM;
    }
    if (rc == 0) {
        memcpy(d, base + h.sec[S_DICT].offset, sizeof *d);
        /* the image's pointers are zero; set the ones that do not come from arrays() */
        memset(&d->pool_index, 0, sizeof d->pool_index);
        d->files = NULL;
        d->compiled_path = d->cache_problem = NULL;
        d->map = map;
        d->map_len = len;
        dict_array arr[NARRAYS];
        arrays(d, arr);
        for (int i = 0; rc == 0 && i < NARRAYS; i++) {
            const section *sc = &h.sec[S_ARRAYS + i];
            const dict_array *a = &arr[i];
            if (a->count > sc->size / a->elem || a->count * a->elem != sc->size ||
                (sc->offset == 0 && a->count))
                rc = refuse(err, path, "a compiled dictionary whose tables do not match their counts");
            else
                *a->ptr = sc->offset ? (void *)(base + sc->offset) : NULL;
        }
    }
    if (rc == 0 && !(table_ok(d->vocab.cap, d->vocab.count) && table_ok(d->phrases.cap_edges, d->phrases.nedges) &&
                     table_ok(d->discards.cap_edges, d->discards.nedges) &&
                     table_ok(d->nouns.cap_edges, d->nouns.nedges) && pool_ok(d->pool, d->pool_len) &&
                     pool_ok(d->vocab.pool, d->vocab.pool_len)))
        rc = refuse(err, path, "a compiled dictionary with inconsistent tables");
    /* the file names: exactly nfiles strings (offsets are only used once checked) */
    const char *names = rc == 0 ? base + h.sec[S_FILES].offset : NULL;
    const char *dg = rc == 0 ? base + h.sec[S_DIAGS].offset : NULL;
    uint64_t names_len = h.sec[S_FILES].size;
    if (rc == 0) {
        uint64_t nuls = 0;
        for (uint64_t i = 0; i < names_len; i++)
            nuls += names[i] == '\0';
        if (nuls != d->nfiles || !pool_ok(names, names_len))
            rc = refuse(err, path, "a compiled dictionary with bad file names");
    }
    if (rc == 0 && d->nfiles && !(d->files = malloc(d->nfiles * sizeof *d->files))) {
        error_set(err, PARLEY_ENOMEM, path, 0, 0, NULL, "out of memory");
        rc = PARLEY_ENOMEM;
    }
    if (rc == 0) {
        const char *p = names;
        for (uint32_t i = 0; i < d->nfiles; i++) {
            d->files[i] = (char *)p;    /* read-only, like every table of a mapped dict */
            p += strlen(p) + 1;
        }
    }
    if (rc == 0 && diags_walk(dg, h.sec[S_DIAGS].size, h.ndiags, NULL, NULL) < 0)
        rc = refuse(err, path, "a compiled dictionary with bad warnings");
    if (rc == 0 && !(d->compiled_path = strdup(path))) {
        error_set(err, PARLEY_ENOMEM, path, 0, 0, NULL, "out of memory");
        rc = PARLEY_ENOMEM;
    }
    if (rc != 0) {
        if (d) {
            free(d->files);
            free(d->compiled_path);
            free(d);
        }
        munmap(map, len);
        return rc;
    }
    if (diag)
        diags_walk(dg, h.sec[S_DIAGS].size, h.ndiags, diag, ud);
    *out = d;
    return 0;
}
