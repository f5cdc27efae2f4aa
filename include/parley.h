/* parley.h - the public interface of libparley: news text in, CAMEO events out.
 *
 * The life of a run:
 *
 *     parley_dict *d;   parley_dict_load(&spec, diag, ud, &d, &err);    once, shared
 *     parley_reader *r; parley_reader_open(&r, path, &ropts, &err);
 *     parley_doc *doc = parley_doc_new();
 *     while ((rc = parley_reader_next(r, doc, &err)) != 0) {
 *         if (rc < 0) { report err; continue; }       a bad record, the rest goes on
 *         parley_code(d, &opts, doc, &err);
 *         parley_write_events(stdout, doc, PARLEY_FORMAT_JSONL);
 *     }
 *
 * Conventions (one rule, stated once):
 * - Functions return 0 (or a count) on success and a negative PARLEY_E* code on failure,
 *   filling the optional parley_error with what went wrong and where (file, line, column
 *   or document id). The library never exits or aborts on bad input.
 * - Every `_new`/`_load`/`_open` pairs with a `_free`/`_close` that accepts NULL.
 * - A document owns everything derived from it (tokens, mentions, events, strings) in a
 *   per-document arena; pointers into a document stay valid until the document is reset
 *   by the next parley_reader_next()/parley_doc_set() or freed.
 * - A loaded dictionary is immutable and may be shared by any number of threads, each
 *   coding its own documents.
 */
#ifndef PARLEY_H
#define PARLEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PARLEY_VERSION "0.1.0"

/* ---- errors ---------------------------------------------------------------------- */

enum parley_status {
    PARLEY_OK = 0,
    PARLEY_ENOMEM = -1,   /* out of memory */
    PARLEY_EIO = -2,      /* a file could not be opened or read */
    PARLEY_ESYNTAX = -3,  /* malformed input: JSON, a dictionary line */
    PARLEY_EFIELD = -4,   /* a required field is missing or has the wrong type */
    PARLEY_EDATE = -5,    /* a date is not a valid YYYY-MM-DD / YYYYMMDD */
    PARLEY_EUTF8 = -6,    /* text is not valid UTF-8 */
    PARLEY_EARG = -7,     /* bad argument or option */
    PARLEY_ELIMIT = -8,   /* a configured size limit was exceeded */
};

typedef struct parley_error {
    int code;             /* PARLEY_E* */
    char file[512];       /* input or dictionary file, "" when not applicable */
    long line;            /* 1-based line number, 0 when unknown */
    long column;          /* 1-based column (bytes), 0 when unknown */
    char doc_id[256];     /* id of the document concerned, "" when unknown */
    char msg[512];        /* human-readable description */
} parley_error;

const char *parley_strerror(int code);
void parley_error_clear(parley_error *err);

/* Called for problems that do not stop the operation (a dictionary line that was
 * skipped, a pattern that can never match). */
typedef void (*parley_diag_fn)(void *ud, const parley_error *diag);

/* ---- dictionaries ---------------------------------------------------------------- */

typedef struct parley_dict parley_dict;

typedef struct parley_dict_spec {
    const char *dir;             /* --dict: directory, TABARI .project or PETRARCH .ini */
    const char *verbs;           /* --verbs FILE */
    const char *const *actors;   /* --actors FILE (repeatable) */
    size_t n_actors;
    const char *agents;          /* --agents FILE */
    const char *discards;        /* --discards FILE */
    bool no_defaults;            /* do not fill missing kinds from the built-in dictionaries */
    bool lint;                   /* also report duplicates, overlapping windows, unknown
                                    event codes and unreachable patterns (parley dict lint) */
} parley_dict_spec;

/* Loads and compiles dictionaries. Kinds the spec does not name come from parley's
 * built-in default dictionaries unless spec->no_defaults; a NULL spec loads the defaults.
 * Malformed lines are reported through diag (file:line:column) and skipped when that is
 * safe; an unreadable file is an error. */
int parley_dict_load(const parley_dict_spec *spec, parley_diag_fn diag, void *ud,
                     parley_dict **out, parley_error *err);
void parley_dict_free(parley_dict *d);

typedef struct parley_dict_stats {
    size_t verbs;            /* verb forms recognised */
    size_t patterns;
    size_t synsets;
    size_t actor_phrases;
    size_t actor_entries;
    size_t dated_windows;
    size_t agent_phrases;
    size_t discards;
    size_t nouns;            /* event nouns (parley.nouns.txt) */
    size_t files;
    double load_ms;          /* wall time of parley_dict_load */
    size_t geo_places;       /* the gazetteer: places and names */
    size_t geo_names;
    double geo_ms;           /* of load_ms, the gazetteer's copy into memory (huge pages) */
} parley_dict_stats;
void parley_dict_get_stats(const parley_dict *d, parley_dict_stats *st);

/* Writes detailed statistics: patterns per CAMEO root and code, actors per country, and
 * the office holders current on `date` (yyyymmdd; 0 = none). */
void parley_dict_report(FILE *out, const parley_dict *d, int date);
/* Looks a phrase up in the actor and agent dictionaries as the coder would on `date`:
 * prints the code, the dictionary line and the window. Returns 1 when found, 0 when not. */
int parley_dict_lookup(FILE *out, const parley_dict *d, const char *phrase, int date);

/* ---- documents ------------------------------------------------------------------- */

typedef struct parley_doc parley_doc;

parley_doc *parley_doc_new(void);
void parley_doc_free(parley_doc *doc);

/* Fills a document from fields (copies them). text must be UTF-8; date "YYYY-MM-DD" or
 * "YYYYMMDD". Returns PARLEY_EFIELD/EDATE/EUTF8 with err naming the problem. */
int parley_doc_set(parley_doc *doc, const char *id, const char *date, const char *text,
                   size_t text_len, const char *title, const char *source, const char *url,
                   parley_error *err);

const char *parley_doc_id(const parley_doc *doc);
/* Optional fields; NULL when the input did not give them. */
const char *parley_doc_title(const parley_doc *doc);
const char *parley_doc_source(const parley_doc *doc);   /* the outlet, e.g. "Reuters" */
const char *parley_doc_url(const parley_doc *doc);
/* 1-based line of the input where the document started (0 when not from a reader). */
long parley_doc_input_line(const parley_doc *doc);
const char *parley_doc_text(const parley_doc *doc, size_t *len);
int parley_doc_date(const parley_doc *doc);    /* yyyymmdd */
size_t parley_doc_sentence_count(const parley_doc *doc);

/* ---- readers --------------------------------------------------------------------- */

enum parley_input_format {
    PARLEY_INPUT_AUTO = 0,
    PARLEY_INPUT_JSONL,
    PARLEY_INPUT_TEXT,       /* a whole file is one document; needs a date */
};

typedef struct parley_reader_opts {
    int format;                 /* PARLEY_INPUT_* */
    const char *date;           /* publication date for plain text (--date) */
    const char *id;             /* document id for plain text (default: the file name) */
    size_t max_doc_bytes;       /* 0 = default (8 MiB) */
} parley_reader_opts;

typedef struct parley_reader parley_reader;

/* path NULL or "-" reads standard input. */
int parley_reader_open(parley_reader **out, const char *path, const parley_reader_opts *opts,
                       parley_error *err);
/* Reads the next document into doc. Returns 1 when a document is ready, 0 at the end of
 * the input, or a negative code when this record is bad: err names the input line, the
 * document id when known and the problem; call again to go on with the next record. */
int parley_reader_next(parley_reader *r, parley_doc *doc, parley_error *err);
void parley_reader_close(parley_reader *r);

/* ---- coding ---------------------------------------------------------------------- */

typedef struct parley_options {
    bool require_dyad;      /* an event needs both a source and a target (default true) */
    int max_sentence_tokens;/* longer sentences are not coded (default 400) */
    /* PETRARCH's comma rules: a comma-delimited span of min..max words is set aside before
     * coding (an appositive, a short attribution). Initial clause (b), internal (none),
     * terminal clause (e); max 0 turns a rule off. Defaults: internal and terminal 2..8,
     * initial off. */
    int comma_min, comma_max, comma_bmin, comma_bmax, comma_emin, comma_emax;
    /* Code the verbs of subordinate clauses nested in a coded verb phrase ("..., a day
     * after X attacked Y"): default true. PETRARCH did not (false reproduces it). */
    bool subordinate_clauses;
    /* Emit negated events ("did not meet"), marked negated; default false: dropped. */
    bool keep_negated;
    /* An agent with no actor ("guerrillas") is an actor of its own, coded ~AGENT (TABARI's
     * SET: CONVERT AGENT); default false: it is coded ---AGENT and is not an actor. */
    bool lone_agents;
    /* An agent joins only an actor right next to it (TABARI): before it, possibly across
     * "of"/"in", or after it, possibly across "'s"; default false: any agent of the phrase. */
    bool adjacent_agents;
    /* Sentences with fewer words are not coded (TABARI's SET: MINIMUM WORDS); default 0. */
    int min_sentence_words;
    /* Codes for a missing source / target (TABARI's DEFAULT: SOURCE [X] TARGET [Y]); ""
     * (the default) leaves the event out as require_dyad says. */
    char default_source[16], default_target[16];
    /* With default_prior false an actor after the verb is taken as the source before the
     * default source is (TABARI's DEFAULT: without PRIOR); with default_after false the
     * members of a compound source after the first are taken as the target before the
     * default target is (without AFTER). Both default true. */
    bool default_prior, default_after;
    /* Place each event (parley_event.location); default true. */
    bool geo;
} parley_options;

/* Sets an option by its PETRARCH name ("require_dyad", "comma_emax", ...) from a string
 * value; returns 0 or PARLEY_EARG for an unknown name or bad value. */
int parley_options_set(parley_options *o, const char *name, const char *value);

void parley_options_init(parley_options *o);

/* Applies the coding options the dictionary files set -- a TABARI project's .options file
 * (COMMA: ...) -- to o. Call it after parley_options_init() and before the caller's own
 * settings, which should win. Returns how many options were applied. */
int parley_dict_options(const parley_dict *d, parley_options *o);

typedef struct parley_span {
    uint32_t start, end;    /* byte offsets into the document text, end exclusive */
} parley_span;

enum parley_date_precision {
    PARLEY_DATE_DAY = 0,        /* the text fixes the day ("on Monday", "July 1") */
    PARLEY_DATE_APPROX = 1,     /* vague ("last week") or unstated: the publication date */
};

/* One link of an attribution chain: who reported the event to whom. */
typedef struct parley_link {
    const char *text;           /* "Kyodo", "a government spokesman" */
    const char *code;           /* its actor code, "" when it has none */
    const char *relation;       /* published, reported, said, citing, according to, quoting,
                                   statement, told */
} parley_link;

/* A direct quotation in the event's sentence, with who said it. */
typedef struct parley_quote {
    const char *text;           /* the words inside the quotation marks */
    parley_span span;
    const char *speaker;        /* actor code of the speaker, "" when unknown */
    const char *speaker_text;   /* the speaker as written, "" when unknown */
} parley_quote;

enum parley_modality {
    PARLEY_MOD_ASSERTED = 0,    /* stated by the outlet as fact */
    PARLEY_MOD_REPORTED,        /* attributed to a source: "X said", "according to" */
    PARLEY_MOD_CLAIMED,         /* "claims", "alleged", "reportedly" */
    PARLEY_MOD_DENIED,          /* "denied that ..." */
    PARLEY_MOD_HYPOTHETICAL,    /* "if", "could", "would" */
    PARLEY_MOD_FUTURE,          /* "will", "plans to", "next week" */
};
const char *parley_modality_name(int modality);

/* Where an event happened. */
enum parley_location_type {
    PARLEY_LOC_CITY = 1,        /* a populated place */
    PARLEY_LOC_ADM1,            /* a first-level division: state, province, oblast */
    PARLEY_LOC_COUNTRY,
    PARLEY_LOC_REGION,          /* a region that is no division: Gaza Strip, Donbas, Sahel */
    PARLEY_LOC_WATER,           /* a sea, strait or gulf */
};
enum parley_location_precision {
    PARLEY_LOC_STATED = 1,      /* the event's sentence says where: "in Riyadh", "struck Kyiv" */
    PARLEY_LOC_DATELINE,        /* the story's dateline: "BEIRUT (Reuters) -" */
    PARLEY_LOC_DOCUMENT,        /* a place an earlier sentence gave */
    PARLEY_LOC_ADJECTIVE,       /* only a place adjective: "a Syrian village" */
};
typedef struct parley_location {
    const char *name;           /* gazetteer name: "Kharkiv", "Gaza Strip", "Lebanon" */
    const char *country;        /* ISO 3166-1 alpha-3 (as actor codes), "" for seas and
                                   disputed regions */
    const char *adm1;           /* ISO 3166-2 code of the first-level division, "" unknown */
    double lat, lon;            /* degrees; a country's is the population-weighted centre
                                   of its cities */
    bool has_coords;
    int type;                   /* PARLEY_LOC_CITY ... */
    int precision;              /* PARLEY_LOC_STATED ... */
    uint32_t geonames_id;       /* GeoNames feature id, 0 when the place is not from GeoNames */
    const char *text;           /* the words that named it ("southern Lebanon") */
    parley_span span;           /* their bytes in the document text */
} parley_location;
const char *parley_location_type_name(int type);           /* "city", "adm1", ... */
const char *parley_location_precision_name(int precision); /* "stated", "dateline", ... */

typedef struct parley_event {
    int sentence;               /* 0-based sentence index */
    int date;                   /* yyyymmdd: the event's own date when the text fixes it */
    int date_precision;         /* PARLEY_DATE_* */
    const char *source;         /* CAMEO actor code, "" when none */
    const char *target;
    const char *source_text;    /* text of the actor mention, "" when none */
    const char *target_text;
    parley_span source_span, target_span;
    char code[8];               /* CAMEO event code, leading zeros kept */
    char root[3];
    int quad;                   /* GDELT QuadClass 1-4, 0 when the code is unknown */
    double goldstein;
    bool goldstein_known;
    parley_span sentence_span;
    parley_span verb_span;
    const char *verb;           /* the verb form as written */
    const char *pattern;        /* the matched pattern line as written, or the verb line */
    const char *pattern_file;
    int pattern_line;
    const parley_link *attribution;   /* outermost first: the outlet, then who it cites */
    uint32_t nattribution;
    int modality;                     /* PARLEY_MOD_* */
    bool negated;                     /* "did not meet": kept only with keep_negated */
    const parley_quote *quotes;       /* direct quotations of its sentence */
    uint32_t nquotes;
    const parley_location *location;  /* where it happened, NULL when the text does not say
                                         (or with the option geo=false) */
} parley_event;

/* Codes one document: fills its events. Returns the number of events or a negative code. */
int parley_code(const parley_dict *d, const parley_options *opts, parley_doc *doc,
                parley_error *err);
size_t parley_doc_event_count(const parley_doc *doc);
const parley_event *parley_doc_event(const parley_doc *doc, size_t i);
/* The location of event i (the same as its .location), NULL when none. */
const parley_location *parley_doc_event_location(const parley_doc *doc, size_t i);
/* True when a story-level discard phrase dropped the whole document. */
bool parley_doc_discarded(const parley_doc *doc);

/* ---- output ---------------------------------------------------------------------- */

enum parley_output_format {
    PARLEY_FORMAT_JSONL = 0,
};

/* Writes the events of a coded document, one line each. Returns 0 or PARLEY_EIO. */
int parley_write_events(FILE *out, const parley_doc *doc, int format);
/* Writes how a coded document was read and why each event came out: word classes, actor
 * and agent mentions with the dictionary lines and date windows that coded them, noun
 * phrases and the antecedents of references, dates, attribution, and for each verb the
 * dictionary form, the winning pattern and the actors chosen. Human-readable, or one JSON
 * object when as_json. Returns 0 or PARLEY_EIO. */
int parley_explain(FILE *out, const parley_dict *d, const parley_doc *doc, int as_json);

/* ---- CAMEO reference ------------------------------------------------------------- */

typedef struct parley_cameo {
    const char *code;        /* "043" */
    const char *name;        /* "Host a visit" */
    int quad;                /* 1 verbal cooperation, 2 material cooperation,
                                3 verbal conflict, 4 material conflict */
    double goldstein;
} parley_cameo;

/* The CAMEO entry of an event code, or NULL for codes CAMEO does not define. */
const parley_cameo *parley_cameo_lookup(const char *code);

#ifdef __cplusplus
}
#endif

#endif
