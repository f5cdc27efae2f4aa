/* test_geo.c - the generated gazetteer: look-ups, priors, countries, divisions, and the
 * location API on a coded document. */
#include <string.h>

#include "../../include/parley.h"
#include "../../src/geo/gazetteer.h"
#include "../../src/output/record.h"
#include "tests.h"

static gazetteer gz;

static int setup(void **state)
{
    (void)state;
    return gaz_open(&gz);
}

static int teardown(void **state)
{
    (void)state;
    gaz_close(&gz);
    return 0;
}

static const geo_rec *first(const char *key)
{
    const geo_key *k = gaz_find(&gz, key, strlen(key));
    if (!k || !k->n)
        return NULL;
    return gaz_place(&gz, gaz_id(&gz, k, 0));
}

static void test_lookup(void **state)
{
    (void)state;
    const geo_rec *r = first("kharkiv");
    assert_non_null(r);
    assert_string_equal(gaz_str(&gz, r->name), "Kharkiv");
    assert_string_equal(r->cc, "UKR");
    assert_int_equal(r->type, GEO_CITY);
    /* multi-word names, and the first-word entry that lets a look-up stop early */
    r = first("strait of hormuz");
    assert_non_null(r);
    assert_int_equal(r->type, GEO_WATER);
    assert_string_equal(r->cc, "");
    const geo_key *k = gaz_find(&gz, "strait", 6);
    assert_non_null(k);
    assert_true(k->maxwords >= 3);
    /* news spellings and the capital's other names */
    assert_string_equal(gaz_str(&gz, first("kiev")->name), "Kyiv");
    assert_string_equal(gaz_str(&gz, first("odessa")->name), "Odesa"); /* data/places.txt: =Odesa */
    assert_null(gaz_find(&gz, "xqzzyvtown", 10));
    /* place adjectives map to countries */
    k = gaz_find(&gz, "@syrian", 7);
    assert_non_null(k);
    assert_true(k->flags & GK_ADJ);
    assert_string_equal(gaz_place(&gz, gaz_id(&gz, k, 0))->cc, "SYR");
}

static void test_priors(void **state)
{
    (void)state;
    /* bare names: the country before the US state, Libya's capital before Lebanon's
     * Tripoli, Paris in France, the US capital before Washington state */
    assert_int_equal(first("georgia")->type, GEO_COUNTRY);
    assert_string_equal(first("tripoli")->cc, "LBY");
    assert_string_equal(first("paris")->cc, "FRA");
    assert_string_equal(gaz_str(&gz, first("washington")->name), "Washington, D.C.");
    assert_string_equal(first("new york")->cc, "USA");
    assert_int_equal(first("new york")->type, GEO_CITY);
}

static void test_countries(void **state)
{
    (void)state;
    uint32_t u = gaz_country(&gz, "UKR");
    assert_int_not_equal(u, GEO_NONE);
    const geo_rec *r = gaz_place(&gz, u);
    assert_int_equal(r->type, GEO_COUNTRY);
    /* the population-weighted centre lies inside the country */
    assert_true(r->lat > 44 * 100000 && r->lat < 53 * 100000);
    assert_true(r->lon > 22 * 100000 && r->lon < 41 * 100000);
    assert_string_equal(gaz_str(&gz, gaz_place(&gz, gaz_capital(&gz, "UKR"))->name), "Kyiv");
    assert_int_not_equal(gaz_country(&gz, "XKX"), GEO_NONE);
    /* Fiji straddles the 180th meridian: its centre is not on the far side of the globe */
    r = gaz_place(&gz, gaz_country(&gz, "FJI"));
    assert_true(r->lon > 170 * 100000 || r->lon < -170 * 100000);
    /* a city lies in its division, the division in its country */
    r = first("austin");
    assert_string_equal(gaz_str(&gz, r->adm1), "US-TX");
    assert_int_not_equal(r->parent, GEO_NONE);
    assert_true(gaz_holds(&gz, r->parent, gaz_id(&gz, gaz_find(&gz, "austin", 6), 0)));
    assert_true(gaz_holds(&gz, u, gaz_id(&gz, gaz_find(&gz, "kharkiv", 7), 0)));
}

static void test_api(void **state)
{
    (void)state;
    parley_dict *d = NULL;
    assert_int_equal(parley_dict_load(NULL, NULL, NULL, &d, NULL), 0);
    parley_doc *doc = parley_doc_new();
    const char *text = "BEIRUT (Reuters) - Israeli jets struck Hezbollah fighters near Tripoli, Lebanon, "
                       "on Monday. Lebanon condemned Israel.";
    assert_int_equal(parley_doc_set(doc, "g", "2024-03-04", text, strlen(text), NULL, NULL, NULL, NULL), 0);
    parley_options o;
    parley_options_init(&o);
    assert_true(parley_code(d, &o, doc, NULL) >= 0);
    int stated = 0, dateline = 0;
    for (size_t i = 0; i < parley_doc_event_count(doc); i++) {
        const parley_location *l = parley_doc_event_location(doc, i);
        assert_non_null(l);
        assert_ptr_equal(l, parley_doc_event(doc, i)->location);
        assert_string_equal(l->country, "LBN");
        if (l->precision == PARLEY_LOC_STATED) {
            stated++;
            assert_string_equal(l->name, "Tripoli");
            assert_int_equal(l->type, PARLEY_LOC_CITY);
            assert_true(l->has_coords && l->lat > 34 && l->lat < 35);
            assert_true(l->geonames_id > 0);
            assert_int_equal(strncmp(text + l->span.start, "Tripoli", 7), 0);
        } else if (l->precision == PARLEY_LOC_DATELINE || l->precision == PARLEY_LOC_DOCUMENT) {
            dateline++;
        }
    }
    assert_true(stated >= 1);
    assert_string_equal(parley_location_type_name(PARLEY_LOC_WATER), "water");
    assert_string_equal(parley_location_precision_name(PARLEY_LOC_DATELINE), "dateline");
    o.geo = false;
    assert_true(parley_code(d, &o, doc, NULL) >= 0);
    for (size_t i = 0; i < parley_doc_event_count(doc); i++)
        assert_null(parley_doc_event_location(doc, i));
    parley_doc_free(doc);
    parley_dict_free(d);
}

/* The place the text states for an actor: "protesters in Nairobi" (inside the phrase),
 * "Kenya's parliament in Nairobi condemned" (right after it); none for the target here. */
static void test_actor_places(void **state)
{
    (void)state;
    parley_dict *d = NULL;
    assert_int_equal(parley_dict_load(NULL, NULL, NULL, &d, NULL), 0);
    parley_doc *doc = parley_doc_new();
    const char *text = "Protesters in Nairobi stormed the parliament on Tuesday. Kenya's parliament in "
                       "Nairobi condemned the United States on Wednesday.";
    assert_int_equal(parley_doc_set(doc, "ag", "2024-03-06", text, strlen(text), NULL, NULL, NULL, NULL), 0);
    parley_options o;
    parley_options_init(&o);
    assert_int_equal(parley_code(d, &o, doc, NULL), 2);
    for (size_t i = 0; i < 2; i++) {
        const parley_location *s = parley_doc_event_actor_location(doc, i, 0);
        assert_non_null(s);
        assert_ptr_equal(s, parley_doc_event(doc, i)->source_location);
        assert_string_equal(s->name, "Nairobi");
        assert_string_equal(s->country, "KEN");
        assert_int_equal(s->type, PARLEY_LOC_CITY);
        assert_int_equal(s->precision, PARLEY_LOC_STATED);
        assert_int_equal(s->geonames_id, 184745);
        assert_int_equal(strncmp(text + s->span.start, "Nairobi", 7), 0);
        assert_null(parley_doc_event_actor_location(doc, i, 1));
    }
    assert_null(parley_doc_event_actor_location(doc, 2, 0));
    o.geo = false;
    assert_int_equal(parley_code(d, &o, doc, NULL), 2);
    assert_null(parley_doc_event_actor_location(doc, 0, 0));
    parley_doc_free(doc);
    parley_dict_free(d);
}

static parley_location loc(const char *name, const char *cc, const char *adm1, double lat, double lon,
                           int type, uint32_t gnid)
{
    parley_location l;
    memset(&l, 0, sizeof l);
    l.name = name;
    l.country = cc;
    l.adm1 = adm1;
    l.lat = lat;
    l.lon = lon;
    l.has_coords = true;
    l.type = type;
    l.precision = PARLEY_LOC_STATED;
    l.geonames_id = gnid;
    l.text = name;
    return l;
}

#define GEO_IS(l, type_, full_, cc_, adm1_, feature_)                 \
    do {                                                          \
        out_geo g_;                                               \
        parley_location l_ = (l);                                 \
        out_gdelt_geo(&l_, &g_);                                  \
        assert_int_equal(g_.type, (type_));                       \
        assert_string_equal(g_.full_name, (full_));                \
        assert_string_equal(g_.country, (cc_));                    \
        assert_string_equal(g_.adm1, (adm1_));                     \
        assert_string_equal(g_.feature, (feature_));               \
    } while (0)

/* GDELT's geography columns of a location: types, names, FIPS codes, feature ids
 * (docs/store.md, "GDELT 2.0"). */
static void test_gdelt_geo(void **state)
{
    (void)state;
    GEO_IS(loc("Kharkiv", "UKR", "UA-63", 49.98081, 36.25272, PARLEY_LOC_CITY, 706483), 4,
           "Kharkiv, Kharkivska oblast, Ukraine", "UP", "UP", "706483");
    GEO_IS(loc("Austin", "USA", "US-TX", 30.26715, -97.74306, PARLEY_LOC_CITY, 4671654), 3,
           "Austin, Texas, United States", "US", "USTX", "4671654");
    GEO_IS(loc("Texas", "USA", "US-TX", 31.2, -98.6, PARLEY_LOC_ADM1, 0), 2, "Texas, United States",
           "US", "USTX", "USTX");
    GEO_IS(loc("Donetska oblast", "UKR", "UA-14", 48.0, 37.8, PARLEY_LOC_ADM1, 0), 5,
           "Donetska oblast, Ukraine", "UP", "UP", "UA-14");
    GEO_IS(loc("Lebanon", "LBN", "", 33.86, 35.51, PARLEY_LOC_COUNTRY, 0), 1, "Lebanon", "LE", "LE", "LE");
    GEO_IS(loc("Strait of Hormuz", "", "", 26.57, 56.25, PARLEY_LOC_WATER, 0), 4, "Strait of Hormuz", "",
           "", "");
    GEO_IS(loc("Donbas", "UKR", "", 48.0, 38.0, PARLEY_LOC_REGION, 0), 5, "Donbas, Ukraine", "UP", "UP", "");
    GEO_IS(loc("Sahel", "", "", 15.0, 5.0, PARLEY_LOC_REGION, 0), 4, "Sahel", "", "", "");
    /* FIPS splits Palestine: the Gaza Strip and the West Bank */
    GEO_IS(loc("Gaza Strip", "PSE", "", 31.42, 34.37, PARLEY_LOC_REGION, 0), 5, "Gaza Strip, Palestine",
           "GZ", "GZ", "");
    GEO_IS(loc("Nablus", "PSE", "", 32.22, 35.26, PARLEY_LOC_CITY, 282615), 4, "Nablus, Palestine", "WE",
           "WE", "282615");
    GEO_IS(loc("Pristina", "XKX", "", 42.67, 21.17, PARLEY_LOC_CITY, 786714), 4, "Pristina, Kosovo", "KV",
           "KV", "786714");
    out_geo g;
    out_gdelt_geo(NULL, &g);
    assert_int_equal(g.type, 0);
    /* every country of the gazetteer has a name and (but for three) a FIPS code */
    int nofips = 0;
    for (uint32_t i = 0; i < gaz_places(&gz); i++) {
        const geo_rec *r = gaz_place(&gz, i);
        if (r->type != GEO_COUNTRY)
            continue;
        if (!out_country_name(r->cc))
            fail_msg("no name for %s", r->cc);
        nofips += !*out_fips_country(r->cc, NULL);
    }
    assert_int_equal(nofips, 3);   /* BES, UMI, and PSE without a position */
    assert_string_equal(out_fips_country("DEU", NULL), "GM");
    assert_string_equal(out_fips_country("SSD", NULL), "OD");
    assert_null(out_country_name("ZZZ"));
}

int run_geo_tests(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lookup),
        cmocka_unit_test(test_priors),
        cmocka_unit_test(test_countries),
        cmocka_unit_test(test_api),
        cmocka_unit_test(test_actor_places),
        cmocka_unit_test(test_gdelt_geo),
    };
    return cmocka_run_group_tests_name("geo", tests, setup, teardown);
}
