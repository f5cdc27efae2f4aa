/* document.h - the document structure the pipeline stages fill in, one after another.
 *
 * input/ sets the fields and text; text/ adds tokens and sentences; actors/ adds actor
 * mentions; syntax/ adds word classes, chunks and clauses; coder/ adds events. Everything
 * lives in the document's arena and is released by doc_reset()/parley_doc_free(). Stages
 * talk to each other only through this structure. */
#ifndef PARLEY_DOCUMENT_H
#define PARLEY_DOCUMENT_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "../../include/parley.h"
#include "arena.h"

struct lex_rec;

/* token flags */
enum {
    TF_CAP = 1u << 0,      /* first letter upper case */
    TF_ALLCAP = 1u << 1,   /* two or more letters, all upper case */
    TF_DIGIT = 1u << 2,    /* starts with a digit */
    TF_PUNCT = 1u << 3,    /* punctuation */
    TF_ABBR = 1u << 4,     /* ends with an abbreviation period (U.S., Gen.) */
    TF_HYPHEN = 1u << 5,   /* contains a hyphen (Iran-backed) */
    TF_PARA = 1u << 6,     /* first token after a blank line */
    TF_QUOTE = 1u << 7,    /* a quotation mark */
    TF_SENT_START = 1u << 8, /* first token of a sentence */
    TF_CLITIC = 1u << 9,   /* split-off clitic: 's n't 're ... */
};

typedef struct token {
    uint32_t start, end;          /* bytes in doc->text */
    const char *norm;             /* normalised form: lower case, accents and quotes folded */
    uint32_t norm_len;
    uint64_t hash;                /* strmap_hash(norm, norm_len): the look-ups of the
                                     lexicon, the vocabulary and word sets share it */
    uint32_t flags;               /* TF_* */
    uint32_t tags;                /* possible word classes (T_* from lex/tags.h) */
    uint32_t tag;                 /* the class chosen in context (one T_* bit), by syntax/ */
    const struct lex_rec *lex;    /* lexicon record, NULL when unknown */
    uint32_t wid;                 /* dictionary word id of norm, 0 when no dictionary has it */
    uint8_t report;               /* a reporting verb's lemma (lex_reporting), 0 none */
} token;

/* An actor mention: a run of tokens the actor or agent dictionaries matched. */
typedef struct mention {
    uint32_t first, last;         /* token range, inclusive (document token indices) */
    const char *code;             /* code chosen for the sentence's date; "" = known, no code */
    uint32_t entry;               /* actor entry index in the dictionary (for explanations) */
    uint8_t kind;                 /* MK_* */
    uint8_t agent_prefix;         /* for agents: the code goes before the country (NGO~) */
    uint8_t person;               /* an office holder or named person (a dated actor entry) */
} mention;

enum {
    MK_ACTOR = 1,   /* from an actor dictionary */
    MK_AGENT = 2,   /* from the agent dictionary */
    MK_WEAK = 0x80, /* flag: from the prefix of a hyphenated word (U.S.-led), used only
                       when its phrase has no other actor */
};

/* A noun-phrase unit (PETRARCH's "NE"): the span an actor code is read from. */
typedef struct nphrase {
    uint32_t first, last;         /* token range, inclusive */
    uint32_t head;                /* head token */
    const char **codes;           /* composed codes (actor + agents); NULL when none */
    uint32_t ncodes;
    uint8_t has_actor;            /* an actor dictionary matched inside */
    uint8_t has_agent;
    uint8_t temporal;             /* "on Monday", "next week": never an actor slot */
    uint8_t pronoun;
    uint8_t person;               /* names a person: a named office holder, "the president" */
    uint8_t plural;               /* "the two leaders", "protesters" */
    uint8_t coref;                /* codes taken from an antecedent (doc/coref.c) */
    uint8_t deleted;              /* inside a span the comma rules set aside (attributions) */
    uint8_t placed;               /* took its actor from an "in" phrase ("parliament in Nairobi") */
    int32_t compound;             /* compound group (index of its first member), -1 none */
    int32_t merged_into;          /* absorbed by an earlier phrase ("soldiers from Gondor") */
    int32_t ante_sentence;        /* the antecedent's sentence and phrase, -1 when none */
    int32_t ante_np;
} nphrase;

/* A verb group: auxiliaries, negation and adverbs, then the verb (and particles). */
typedef struct vgroup {
    uint32_t first, verb, last;   /* token indices: start of the group, head verb, end */
    uint32_t vp_end;              /* first token after the verb phrase (exclusive) */
    uint32_t upper_start;         /* where the words before the verb begin (after a comma) */
    int depth;                    /* clause nesting: 0 main clause */
    uint8_t passive, finite, negated, future, modal;
    uint8_t subclause;            /* opens a subordinate clause with a subject of its own
                                     ("after crowds burned down the embassy") */
    uint32_t coord;               /* coordinated with verb group coord-1 ("arrived and arrested"), 0 none */
    uint8_t relative;             /* opens a relative clause whose subject is the noun before
                                     it (", which accused Beijing", ", who was detained") */
    uint8_t modifier;             /* a participle modifying the noun before it ("drones
                                     smuggled into Russia", "a ruling issued by"): no clause */
    uint32_t sub_at;              /* for a subclause: its subordinator token */
    /* filled by coder/, for explanations */
    uint8_t outcome;              /* VG_* */
    uint32_t form;                /* dictionary verb form index + 1, 0 = none */
    uint32_t pattern;             /* matched pattern index + 1, 0 = the default code */
    const char *code;             /* the code applied, NULL when none */
    int32_t source_np, target_np; /* chosen phrases, -1 when none or bound to a compound */
} vgroup;

enum {
    VG_UNSEEN = 0,   /* never considered (nested in a coded phrase) */
    VG_NOVERB,       /* its verb is in no verb dictionary */
    VG_NOCODE,       /* the dictionary gives no event ([---]) */
    VG_CODED,        /* coded */
    VG_DEFERRED,     /* a reporting verb whose complement was coded instead */
    VG_NEGATED,      /* "did not meet": dropped */
    VG_MODIFIER,     /* a participle modifying a noun */
};

/* A temporal expression: "on Monday", "July 1, 2023", "yesterday", "last week", and the
 * shifts "a day after", "two weeks before". */
typedef struct timex {
    uint32_t first, last;         /* token range, inclusive */
    int date;                     /* yyyymmdd */
    int ahead;                    /* weekdays: the next such day, for future verbs */
    int shift;                    /* TX_SHIFT: days to add to the clause it opens */
    uint8_t kind;                 /* TX_* */
    uint8_t precision;            /* PARLEY_DATE_* */
    uint8_t nominal;              /* dates an event noun ("barrage ... on October 1"), not a verb */
} timex;

enum { TX_DATE = 1, TX_WEEKDAY, TX_FUTURE, TX_VAGUE, TX_SHIFT };

/* Per-sentence analysis, filled by actors/ and syntax/, read by coder/. Token indices
 * are document indices. */
typedef struct sent_analysis {
    uint8_t *deleted;             /* per sentence token: removed by comma rules */
    uint8_t *mentioned;           /* per sentence token: inside an actor or agent mention */
    uint32_t first;               /* the sentence's first token (indexes those arrays) */
    int32_t *np_of;               /* per sentence token: phrase index or -1 */
    mention *mentions;
    uint32_t nmentions;
    nphrase *nps;
    uint32_t nnps;
    vgroup *vgs;
    uint32_t nvgs;
    timex *timex;
    uint32_t ntimex;
    parley_link *links;           /* the sentence's attribution, outermost first */
    uint32_t nlinks;
    parley_quote *quotes;         /* direct quotations, with their speakers */
    uint32_t nquotes;
} sent_analysis;

typedef struct sentence {
    uint32_t start, end;          /* byte span in doc->text */
    uint32_t first, ntok;         /* token range */
    int discarded;                /* a discard phrase matched */
    sent_analysis *an;
} sentence;

/* An entity the document has mentioned, for resolving later references. */
typedef struct entity {
    const char **codes;
    uint32_t ncodes;
    uint32_t sentence;
    int32_t np;                   /* its phrase in that sentence */
    uint8_t person, plural, subject;
} entity;

struct parley_doc {
    arena arena;
    char *id;
    char *title, *source, *url;
    int date;                     /* publication date, yyyymmdd */
    char *text;                   /* owned copy, NUL-terminated */
    uint32_t text_len;
    long input_line;              /* where the document started in its input */
    uint32_t body_start;          /* first byte after a dateline, 0 when none */
    parley_span dateline;         /* {0,0} when none */

    token *toks;
    uint32_t ntoks;
    sentence *sents;
    uint32_t nsents;

    parley_event *events;
    uint32_t nevents, cap_events;
    bool story_discarded;
    int anchor;                   /* date relative expressions resolve against */
    entity *ents;                 /* discourse memory, oldest first */
    uint32_t nents, cap_ents;
    const struct gazetteer *gaz;  /* the place table geo/ used (the dictionary's) */
    struct geo_mention *places;   /* place names found by geo/, in text order */
    uint32_t nplaces;
    int32_t dateline_place;       /* the place mention of the dateline, -1 when none */
    const char *dateline_cc;      /* the country of the dateline's place, NULL when none */
};

/* Is the token's normalised form the word w? (The first-letter test saves most calls.) */
static inline int tok_is(const token *t, const char *w)
{
    return t->norm[0] == w[0] && strcmp(t->norm, w) == 0;
}

void doc_reset(parley_doc *doc);
/* Appends an event (copied) to the document; returns the stored copy or NULL on OOM. */
parley_event *doc_add_event(parley_doc *doc, const parley_event *ev);
/* Sets an event's code and what follows from it: root, QuadClass, Goldstein value. */
void doc_event_code(parley_event *ev, const char *code);
/* A NUL-terminated copy of text[span] in the arena. */
char *doc_span_text(parley_doc *doc, uint32_t start, uint32_t end);

void error_set(parley_error *err, int code, const char *file, long line, long column,
               const char *doc_id, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

#endif
