/* cache.c - the directory of compiled dictionaries: where it is, what its files are
 * called, and how it is kept small.
 *
 * One file per key of sources (dict-<key>.pdc), written by whichever process first loads
 * those sources from text (compiled.c writes it atomically, so processes that race simply
 * write the same bytes twice). Files are never changed in place: a process that maps one
 * keeps a valid view even if another replaces or prunes it. */
#include "compiled.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

const char *parley_dict_cache_dir(char *buf, size_t cap)
{
    const char *v = getenv("PARLEY_CACHE_DIR");
    int n = -1;
    if (v && *v) {
        n = snprintf(buf, cap, "%s", v);
    } else if ((v = getenv("XDG_CACHE_HOME")) && *v) {
        n = snprintf(buf, cap, "%s/parley", v);
    } else if ((v = getenv("HOME")) && *v) {
        n = snprintf(buf, cap, "%s/.cache/parley", v);
    }
    return n < 0 || (size_t)n >= cap ? NULL : buf;
}

void dict_cache_path(const char *dir, uint64_t key, char *out, size_t cap)
{
    snprintf(out, cap, "%s/dict-%016llx.pdc", dir, (unsigned long long)key);
}

int dict_cache_mkdir(const char *dir)
{
    char p[4096];
    int n = snprintf(p, sizeof p, "%s", dir);
    if (n < 0 || (size_t)n >= sizeof p)
        return -ENAMETOOLONG;
    struct stat st;
    if (stat(p, &st) == 0)
        return S_ISDIR(st.st_mode) ? 0 : -ENOTDIR;
    for (char *s = p + 1;; s++) {
        if (*s != '/' && *s)
            continue;
        char c = *s;
        *s = '\0';
        if (mkdir(p, 0700) < 0 && errno != EEXIST)
            return -errno;
        *s = c;
        if (!c)
            break;
    }
    return 0;
}

void dict_cache_touch(const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0 && time(NULL) - st.st_mtime > 24 * 3600)
        utimensat(AT_FDCWD, path, NULL, 0);
}

typedef struct cached {
    char name[256];
    time_t mtime;
} cached;

static int newest_first(const void *a, const void *b)
{
    time_t x = ((const cached *)a)->mtime, y = ((const cached *)b)->mtime;
    return x < y ? 1 : x > y ? -1 : strcmp(((const cached *)a)->name, ((const cached *)b)->name);
}

void dict_cache_prune(const char *dir)
{
    DIR *dp = opendir(dir);
    if (!dp)
        return;
    cached *files = NULL;
    size_t n = 0, cap = 0;
    time_t now = time(NULL);
    struct dirent *de;
    while ((de = readdir(dp)) != NULL) {
        const char *name = de->d_name;
        size_t len = strlen(name);
        if (strncmp(name, "dict-", 5) != 0 || len >= sizeof files->name)
            continue;
        char path[4096];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", dir, name);
        if (lstat(path, &st) < 0 || !S_ISREG(st.st_mode))
            continue;
        if (len > 4 && strcmp(name + len - 4, ".tmp") == 0) {
            /* a writer that died an hour ago is not coming back */
            if (now - st.st_mtime > 3600)
                unlink(path);
            continue;
        }
        if (len < 4 || strcmp(name + len - 4, ".pdc") != 0)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            cached *p = realloc(files, cap * sizeof *p);
            if (!p)
                break;
            files = p;
        }
        snprintf(files[n].name, sizeof files[n].name, "%s", name);
        files[n].mtime = st.st_mtime;
        n++;
    }
    closedir(dp);
    if (n > DICT_CACHE_KEEP) {
        qsort(files, n, sizeof *files, newest_first);
        for (size_t i = DICT_CACHE_KEEP; i < n; i++) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", dir, files[i].name);
            unlink(path);
        }
    }
    free(files);
}
