/* reporting.h - the verbs of reporting and belief: lemma -> the relation an attribution
 * chain records. Shared by the lexicon's generator (tools/genlex.c), which marks every
 * form whose lemma is one (the lexicon's report table), and lex/annotate.c, which names
 * the relation. */
#ifndef PARLEY_LEX_REPORTING_H
#define PARLEY_LEX_REPORTING_H

static const char *const LEX_REPORTING[][2] = {
    {"say", "said"}, {"report", "reported"}, {"tell", "told"}, {"announce", "announced"},
    {"state", "stated"}, {"add", "added"}, {"claim", "claimed"}, {"confirm", "confirmed"},
    {"write", "wrote"}, {"quote", "quoting"}, {"cite", "citing"}, {"note", "noted"},
    {"allege", "alleged"}, {"deny", "denied"}, {"insist", "insisted"}, {"declare", "declared"},
    {"believe", "believed"}, {"think", "thought"}, {"argue", "argued"}, {"stress", "stressed"},
    {"reiterate", "reiterated"}, {"indicate", "indicated"}, {"suggest", "suggested"},
    {"explain", "explained"}, {"assert", "asserted"}, {"maintain", "maintained"},
    {"acknowledge", "acknowledged"}, {"admit", "admitted"}, {"repeat", "repeated"},
    {"emphasize", "emphasized"}, {"emphasise", "emphasised"}, {"underline", "underlined"},
    {"estimate", "estimated"}, {"predict", "predicted"}, {"recall", "recalled"},
    {"disclose", "disclosed"}, {"reveal", "revealed"}, {"signal", "signalled"},
    {"hint", "hinted"},
};
#define LEX_NREPORTING (sizeof LEX_REPORTING / sizeof LEX_REPORTING[0])

#endif
