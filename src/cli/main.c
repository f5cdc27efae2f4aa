/* main.c - the parley command: dispatches to one file per subcommand. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static void usage(FILE *f)
{
    fputs("usage: parley COMMAND [OPTIONS] [FILE...]\n"
          "\n"
          "commands:\n"
          "  code     code news documents (JSON Lines or text) into CAMEO events, one JSON\n"
          "           object per line on standard output\n"
          "  explain  how parley read a text and why each event came out\n"
          "  dict     dictionary tools: `parley dict stats`\n"
          "  ingest   code documents into an event store (SQLite file or PostgreSQL),\n"
          "           deduplicated across articles\n"
          "  query    events, time series, top actors and dyads from a store\n"
          "  export   a store's events as GDELT, PLOVER, Phoenix, CSV or JSON Lines\n"
          "  serve    the store over HTTP: a JSON API and a dashboard\n"
          "  version  print the version\n"
          "\n"
          "`parley COMMAND --help` describes a command's options.\n",
          f);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "code") == 0)
        return cmd_code(argc - 1, argv + 1);
    if (strcmp(cmd, "explain") == 0)
        return cmd_explain(argc - 1, argv + 1);
    if (strcmp(cmd, "dict") == 0)
        return cmd_dict(argc - 1, argv + 1);
    if (strcmp(cmd, "ingest") == 0)
        return cmd_ingest(argc - 1, argv + 1);
    if (strcmp(cmd, "query") == 0)
        return cmd_query(argc - 1, argv + 1);
    if (strcmp(cmd, "export") == 0)
        return cmd_export(argc - 1, argv + 1);
    if (strcmp(cmd, "serve") == 0)
        return cmd_serve(argc - 1, argv + 1);
    if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
        printf("parley %s\n", PARLEY_VERSION);
        return EXIT_CLEAN;
    }
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        usage(stdout);
        return EXIT_CLEAN;
    }
    fprintf(stderr, "parley: unknown command \"%s\"\n", cmd);
    usage(stderr);
    return EXIT_USAGE;
}
