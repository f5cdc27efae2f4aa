/* dict.c - `parley dict`: dictionary tools (statistics for now). */
#include <stdio.h>
#include <string.h>

#include "cli.h"

int cmd_dict(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "stats") != 0) {
        fputs("usage: parley dict stats [DICTIONARY OPTIONS]\n", stderr);
        return EXIT_USAGE;
    }
    dict_opts dopt;
    memset(&dopt, 0, sizeof dopt);
    for (int i = 2; i < argc; i++) {
        int r = dict_opt_parse(&dopt, argc, argv, &i);
        if (r <= 0) {
            fprintf(stderr, "parley: unknown option \"%s\"\n", argv[i]);
            return EXIT_USAGE;
        }
    }
    parley_dict *d = dict_opt_load(&dopt);
    if (!d)
        return EXIT_FATAL;
    parley_dict_stats st;
    parley_dict_get_stats(d, &st);
    printf("files            %zu\n", st.files);
    printf("verb forms       %zu\n", st.verbs);
    printf("patterns         %zu\n", st.patterns);
    printf("synonym sets     %zu\n", st.synsets);
    printf("actor entries    %zu\n", st.actor_entries);
    printf("actor phrases    %zu\n", st.actor_phrases);
    printf("dated windows    %zu\n", st.dated_windows);
    printf("agent phrases    %zu\n", st.agent_phrases);
    printf("discards         %zu\n", st.discards);
    printf("load time        %.1f ms\n", st.load_ms);
    parley_dict_free(d);
    return EXIT_CLEAN;
}
