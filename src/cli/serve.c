/* serve.c - `parley serve`: the HTTP API and the dashboard over a store (src/serve/). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../serve/serve.h"
#include "cli.h"

static void usage(FILE *f)
{
    fputs("usage: parley serve --db STORE [--port N] [--bind ADDR] [OPTIONS]\n"
          "\n"
          "Serves the store's events over HTTP (JSON under /v1/, described at\n"
          "/v1/openapi.json) and the dashboard at /. POST /v1/code codes documents with the\n"
          "dictionaries given here (default: parley's own). The store is only read.\n"
          "\n"
          "  --db STORE           SQLite file or postgresql://... (default: $PARLEY_DB)\n"
          "  --port N             port to listen on (default 8080; 0: any free port)\n"
          "  --bind ADDR          address to listen on (default 127.0.0.1: this machine only)\n"
          "  --threads N          request threads, each with a store connection (default 4)\n"
          "  --max-body BYTES     largest request body (default 8388608; K and M suffixes)\n"
          "  --max-page N         largest page of events (default 1000)\n"
          "  --query-timeout MS   stop a database statement after MS milliseconds: the\n"
          "                       request gets 503 (default 5000; 0: no limit)\n"
          "  --access-log         one line per request on stderr\n"
          "  --routes             print the API's routes and exit\n"
          "  dictionary options and --option NAME=VALUE as for `parley code`\n"
          "\n"
          "Stops on SIGINT or SIGTERM after the requests in flight.\n",
          f);
}

/* "8388608", "512K", "8M" -> bytes; 0 when bad. */
static size_t parse_size(const char *s)
{
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (end == s)
        return 0;
    if (*end == 'K' || *end == 'k')
        v <<= 10, end++;
    else if (*end == 'M' || *end == 'm')
        v <<= 20, end++;
    return *end || v > (1ull << 31) ? 0 : (size_t)v;
}

static int parse_int(const char *s, long lo, long hi, long *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (end == s || *end || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

int cmd_serve(int argc, char **argv)
{
    serve_config cfg;
    serve_config_init(&cfg);
    dict_opts dopts;
    memset(&dopts, 0, sizeof dopts);
    const char *user_options[64];
    int nuser = 0;
    parley_options coding;
    parley_options_init(&coding);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int k = dict_opt_parse(&dopts, argc, argv, &i);
        if (k < 0)
            return EXIT_USAGE;
        if (k > 0)
            continue;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return EXIT_CLEAN;
        }
        if (strcmp(a, "--routes") == 0) {
            char name[128];
            for (size_t r = 0; serve_route_name(r, name, sizeof name); r++)
                printf("%s\n", name);
            return EXIT_CLEAN;
        }
        if (strcmp(a, "--access-log") == 0) {
            cfg.access_log = 1;
            continue;
        }
        static const char *const valued[] = {"--db", "--port", "--bind", "--threads", "--max-body",
                                             "--max-page", "--query-timeout", "--option", NULL};
        int known = 0;
        for (const char *const *v = valued; *v && !known; v++)
            known = strcmp(*v, a) == 0;
        if (!known) {
            fprintf(stderr, "parley: unknown option \"%s\" (parley serve --help)\n", a);
            return EXIT_USAGE;
        }
        if (i + 1 >= argc) {
            fprintf(stderr, "parley: %s needs a value\n", a);
            return EXIT_USAGE;
        }
        const char *v = argv[++i];
        long n = 0;
        if (strcmp(a, "--db") == 0) {
            cfg.db = v;
        } else if (strcmp(a, "--bind") == 0) {
            cfg.bind = v;
        } else if (strcmp(a, "--port") == 0) {
            if (parse_int(v, 0, 65535, &n) < 0) {
                fprintf(stderr, "parley: --port takes 0 to 65535\n");
                return EXIT_USAGE;
            }
            cfg.port = (int)n;
        } else if (strcmp(a, "--threads") == 0) {
            if (parse_int(v, 1, 256, &n) < 0) {
                fprintf(stderr, "parley: --threads takes 1 to 256\n");
                return EXIT_USAGE;
            }
            cfg.threads = (int)n;
        } else if (strcmp(a, "--max-body") == 0) {
            if (!(cfg.max_body = parse_size(v))) {
                fprintf(stderr, "parley: --max-body takes a size in bytes (8M, 512K, 1048576)\n");
                return EXIT_USAGE;
            }
        } else if (strcmp(a, "--max-page") == 0) {
            if (parse_int(v, 1, 100000, &cfg.max_page) < 0) {
                fprintf(stderr, "parley: --max-page takes 1 to 100000\n");
                return EXIT_USAGE;
            }
        } else if (strcmp(a, "--query-timeout") == 0) {
            if (parse_int(v, 0, 3600000, &n) < 0) {
                fprintf(stderr, "parley: --query-timeout takes milliseconds (0: no limit)\n");
                return EXIT_USAGE;
            }
            cfg.query_timeout_ms = (int)n;
        } else {   /* --option NAME=VALUE: checked now, applied after the dictionaries' own */
            const char *eq = strchr(v, '=');
            char name[64];
            if (!eq || (size_t)(eq - v) >= sizeof name) {
                fprintf(stderr, "parley: --option needs NAME=VALUE\n");
                return EXIT_USAGE;
            }
            snprintf(name, sizeof name, "%.*s", (int)(eq - v), v);
            if (parley_options_set(&coding, name, eq + 1) < 0 || nuser == 64) {
                fprintf(stderr, "parley: bad option \"%s\"\n", v);
                return EXIT_USAGE;
            }
            user_options[nuser++] = v;
        }
    }
    if (!cfg.db)
        cfg.db = getenv("PARLEY_DB");
    if (!cfg.db || !*cfg.db) {
        fprintf(stderr, "parley: serve needs --db STORE (or $PARLEY_DB)\n");
        return EXIT_USAGE;
    }
    parley_dict *d = dict_opt_load(&dopts);
    if (!d)
        return EXIT_FATAL;
    parley_options_init(&coding);
    parley_dict_options(d, &coding);
    for (int i = 0; i < nuser; i++) {
        char name[64];
        const char *v = user_options[i], *eq = strchr(v, '=');
        snprintf(name, sizeof name, "%.*s", (int)(eq - v), v);
        parley_options_set(&coding, name, eq + 1);
    }
    cfg.dict = d;
    cfg.coding = &coding;

    /* the server's threads inherit this mask: only sigwait below sees the signals */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);

    serve_server *srv;
    parley_error err;
    if (serve_start(&srv, &cfg, &err) < 0) {
        print_error(&err);
        parley_dict_free(d);
        return err.code == PARLEY_EARG ? EXIT_USAGE : EXIT_FATAL;
    }
    int v6 = strchr(cfg.bind, ':') != NULL;
    fprintf(stderr, "parley serve: listening on http://%s%s%s:%d/ (store %s, %d threads)\n",
            v6 ? "[" : "", cfg.bind, v6 ? "]" : "", serve_port(srv), cfg.db, cfg.threads);
    int sig = 0;
    sigwait(&stop, &sig);
    fprintf(stderr, "parley serve: %s, stopping\n", sig == SIGINT ? "interrupted" : "terminated");
    serve_stop(srv);
    parley_dict_free(d);
    return EXIT_CLEAN;
}
