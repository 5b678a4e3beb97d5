# Docket — build, test, demo, bench, install.
#
#   make            build build/docket
#   make demo       evaluate the shipped synthetic caseloads (the main job)
#   make test       unit tests (ASan+UBSan), golden tests, fmt round-trips, policy tests,
#                   the HTML report in headless Chromium (when installed)
#   make bench      synthetic caseloads (10k-40k cases): wall, peak memory, rows/s, MB/s, x floor
#   make valgrind   the unit tests and a demo run under valgrind
#   make install PREFIX=/usr/local
#
# Build dependencies (flex, bison, cmocka, jansson, pkg-config) and test
# dependencies (xmllint from libxml2-utils for the JUnit schema, python3-jsonschema
# for docs/schemas/) are installed with apt-get when missing; see `make deps`.

CC       ?= cc
PREFIX   ?= /usr/local
VERSION  := 0.1.0
BUILD    := build

WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wwrite-strings -Wformat=2 -Wimplicit-fallthrough -Wpointer-arith \
            -Wcast-qual -Wundef -Wvla -Wswitch-enum
# Generated scanner/parser code gets a relaxed set.
GENWARN  := -Wall -Wno-unused-function -Wno-sign-compare -Wno-unused-parameter
DATADIR  := $(PREFIX)/share/docket
BASEFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L -DDOCKET_VERSION='"$(VERSION)"' \
             -DDOCKET_DATADIR='"$(DATADIR)"' \
             -I. -I$(BUILD) -MMD -MP
OPT      ?= -O2 -g
SANFLAGS := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

JANSSON_CFLAGS := $(shell pkg-config --cflags jansson 2>/dev/null)
JANSSON_LIBS   := $(shell pkg-config --libs jansson 2>/dev/null || echo -ljansson)
LIBS     := $(JANSSON_LIBS) -lcmark -lm -pthread

LIB_SRC  := $(filter-out interpreter/cli/main.c,$(wildcard lang/*.c interpreter/*.c interpreter/time/*.c interpreter/ci/*.c interpreter/lsp/*.c interpreter/cli/*.c))
GEN_SRC  := $(BUILD)/gen/lexer.c $(BUILD)/gen/parser.c
TEST_SRC := $(wildcard tests/unit/test_*.c)

# Two configurations: release (build/rel) for the binary and demo/bench,
# sanitized (build/san) for tests.
REL_OBJ  := $(patsubst %.c,$(BUILD)/rel/%.o,$(LIB_SRC)) $(BUILD)/rel/gen/lexer.o $(BUILD)/rel/gen/parser.o
SAN_OBJ  := $(patsubst %.c,$(BUILD)/san/%.o,$(LIB_SRC)) $(BUILD)/san/gen/lexer.o $(BUILD)/san/gen/parser.o
UNIT_BIN := $(patsubst tests/unit/%.c,$(BUILD)/san/tests/%,$(TEST_SRC))

DOCKET     := $(BUILD)/docket
DOCKET_SAN := $(BUILD)/docket-san

.PHONY: all deps demo test unit golden browser bench valgrind install clean fuzz docs FORCE

all: deps $(DOCKET)

# ---------------------------------------------------------------- dependencies
DEB_PKGS := flex bison libcmocka-dev libjansson-dev libcmark-dev pkg-config libxml2-utils python3-jsonschema
deps: $(BUILD)/.deps-ok
$(BUILD)/.deps-ok:
	@missing=""; \
	command -v flex >/dev/null 2>&1 || missing="$$missing flex"; \
	command -v bison >/dev/null 2>&1 || missing="$$missing bison"; \
	command -v pkg-config >/dev/null 2>&1 || missing="$$missing pkg-config"; \
	[ -f /usr/include/cmocka.h ] || missing="$$missing libcmocka-dev"; \
	[ -f /usr/include/jansson.h ] || missing="$$missing libjansson-dev"; \
	[ -f /usr/include/cmark.h ] || missing="$$missing libcmark-dev"; \
	command -v xmllint >/dev/null 2>&1 || missing="$$missing libxml2-utils"; \
	python3 -c 'import jsonschema' >/dev/null 2>&1 || missing="$$missing python3-jsonschema"; \
	if [ -n "$$missing" ]; then \
	  echo "docket: installing build dependencies:$$missing"; \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DEB_PKGS)) \
	      || { echo "docket: apt-get failed; run: sudo apt-get install $(DEB_PKGS)"; exit 1; }; \
	  elif command -v sudo >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && sudo -n true 2>/dev/null; then \
	    (sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DEB_PKGS)) \
	      || { echo "docket: apt-get failed; run: sudo apt-get install $(DEB_PKGS)"; exit 1; }; \
	  else \
	    echo "docket: missing build dependencies:$$missing"; \
	    echo "docket: run: sudo apt-get install $(DEB_PKGS)"; exit 1; \
	  fi; \
	fi
	@mkdir -p $(BUILD) && touch $@

# ---------------------------------------------------------------- generated
$(BUILD)/gen/parser.c $(BUILD)/gen/parser.h &: lang/parser.y | $(BUILD)/.deps-ok
	@mkdir -p $(BUILD)/gen
	@$(if $(V),,echo "  BISON   $<")
	$(Q)bison -Wall -Werror --defines=$(BUILD)/gen/parser.h -o $(BUILD)/gen/parser.c $<

$(BUILD)/gen/lexer.c $(BUILD)/gen/lexer.h &: lang/lexer.l $(BUILD)/gen/parser.h | $(BUILD)/.deps-ok
	@mkdir -p $(BUILD)/gen
	@$(if $(V),,echo "  FLEX    $<")
	$(Q)flex --header-file=$(BUILD)/gen/lexer.h -o $(BUILD)/gen/lexer.c $<

# The installed data directory is compiled into program.c: rebuild it when
# PREFIX changes.
$(BUILD)/datadir: FORCE
	@mkdir -p $(BUILD)
	@echo '$(DATADIR)' | cmp -s - $@ || echo '$(DATADIR)' > $@
$(BUILD)/rel/lang/program.o $(BUILD)/san/lang/program.o: $(BUILD)/datadir
FORCE:

# Every object may include the generated headers.
GEN_HDR := $(BUILD)/gen/parser.h $(BUILD)/gen/lexer.h

# ---------------------------------------------------------------- objects
# V=1 shows the full compiler command lines.
Q := $(if $(V),,@)

$(BUILD)/rel/%.o: %.c $(GEN_HDR)
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  CC      $<")
	$(Q)$(CC) $(BASEFLAGS) $(OPT) $(WARN) $(JANSSON_CFLAGS) -c $< -o $@
$(BUILD)/san/%.o: %.c $(GEN_HDR)
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  CC san  $<")
	$(Q)$(CC) $(BASEFLAGS) $(SANFLAGS) $(WARN) $(JANSSON_CFLAGS) -c $< -o $@
$(BUILD)/rel/gen/%.o: $(BUILD)/gen/%.c $(GEN_HDR)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(BASEFLAGS) $(OPT) $(GENWARN) -c $< -o $@
$(BUILD)/san/gen/%.o: $(BUILD)/gen/%.c $(GEN_HDR)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(BASEFLAGS) $(SANFLAGS) $(GENWARN) -c $< -o $@

$(BUILD)/rel/libdocket.a: $(REL_OBJ)
	$(Q)rm -f $@ && ar rcs $@ $^
$(BUILD)/san/libdocket.a: $(SAN_OBJ)
	$(Q)rm -f $@ && ar rcs $@ $^

$(DOCKET): $(BUILD)/rel/interpreter/cli/main.o $(BUILD)/rel/libdocket.a
	@$(if $(V),,echo "  LINK    $@")
	$(Q)$(CC) $(OPT) -o $@ $^ $(LIBS)
$(DOCKET_SAN): $(BUILD)/san/interpreter/cli/main.o $(BUILD)/san/libdocket.a
	@$(if $(V),,echo "  LINK    $@")
	$(Q)$(CC) $(SANFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/san/tests/%: tests/unit/%.c $(BUILD)/san/libdocket.a
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  TEST    $<")
	$(Q)$(CC) $(BASEFLAGS) $(SANFLAGS) $(WARN) -Wno-missing-prototypes $(JANSSON_CFLAGS) \
	  $< -o $@ $(BUILD)/san/libdocket.a -lcmocka $(LIBS)

# The scripted LSP client's framing tool (tests/lsp.sh).
$(BUILD)/frames: tests/lsp/frames.c
	@mkdir -p $(BUILD)
	$(Q)$(CC) -std=c11 -D_POSIX_C_SOURCE=200809L $(OPT) $(WARN) -o $@ $<

# ---------------------------------------------------------------- tests
# Sanitizer findings abort the process (halt_on_error), so they fail the test.
export ASAN_OPTIONS := detect_leaks=1:halt_on_error=1:abort_on_error=0
export UBSAN_OPTIONS := print_stacktrace=1:halt_on_error=1

POLICY_FILES = $(shell find policies -name '*.docket' -not -path 'policies/mappings/*' | sort)
# Mapping files (docs/data.md): checked against the vocabulary they name.
MAPPING_FILES = $(shell find policies/mappings -name '*.docket' | sort)
# Policies whose tests must cover every rule and kill every mutant.
TESTED_POLICIES = policies/examples/sample-tests.docket policies/lincolnshire/cp_plans_and_isos.docket \
                  policies/islington/supervision_orders.docket
# Policy and caseload pairs whose history tests/history.py checks.
HISTORY_CASELOADS = policies/examples/sample.docket policies/examples/sample-caseload.csv \
                    policies/islington/supervision_orders.docket policies/islington/examples/caseload.csv \
                    policies/lincolnshire/cp_plans_and_isos.docket policies/lincolnshire/examples/caseload.csv
# Policies checked against their guidance's normative sentences.
GUIDED_POLICIES = policies/examples/sample.docket policies/lincolnshire/cp_plans_and_isos.docket \
                  policies/islington/supervision_orders.docket

# The fuzz harnesses replayed over their corpus by `make test` (tests/fuzz/
# replay.c, gcc with ASan and UBSan: no clang needed); `make fuzz` grows it.
FUZZ_REPLAYED := parse fmt table date calendar date_args eval
FUZZ_REPLAY := $(patsubst %,$(BUILD)/san/fuzz/replay_%,$(FUZZ_REPLAYED))
$(BUILD)/san/fuzz/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(BUILD)/san/libdocket.a
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  FUZZ    $<")
	$(Q)$(CC) $(BASEFLAGS) $(SANFLAGS) $(WARN) -Wno-missing-prototypes $(JANSSON_CFLAGS) \
	  tests/fuzz/fuzz_$*.c tests/fuzz/replay.c -o $@ $(BUILD)/san/libdocket.a $(LIBS)

# fuzz_date_args calls cmd_date, whose helpers are in main.c: its main is
# renamed so that the replay driver's (or libFuzzer's) is the program's.
$(BUILD)/san/fuzz/cli_main.o: interpreter/cli/main.c $(GEN_HDR)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(BASEFLAGS) $(SANFLAGS) $(WARN) -Wno-missing-prototypes -Dmain=docket_cli_main $(JANSSON_CFLAGS) -c $< -o $@
$(BUILD)/san/fuzz/replay_date_args $(BUILD)/san/fuzz/replay_eval: $(BUILD)/san/fuzz/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(BUILD)/san/fuzz/cli_main.o $(BUILD)/san/libdocket.a
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  FUZZ    $<")
	$(Q)$(CC) $(BASEFLAGS) $(SANFLAGS) $(WARN) -Wno-missing-prototypes $(JANSSON_CFLAGS) \
	  tests/fuzz/fuzz_$*.c tests/fuzz/replay.c $(BUILD)/san/fuzz/cli_main.o -o $@ $(BUILD)/san/libdocket.a $(LIBS)

test: deps $(DOCKET) $(DOCKET_SAN) $(UNIT_BIN) $(BUILD)/frames $(FUZZ_REPLAY)
	@echo "== the include graph follows the pipeline; docs/architecture.md names every source file"
	@sh tests/check-includes.sh --self-test
	@sh tests/check-includes.sh
	@sh tests/check-architecture.sh --self-test
	@sh tests/check-architecture.sh
	@sh tests/run-unit.sh $(UNIT_BIN)
	@sh tests/run-golden.sh $(DOCKET_SAN)
	@echo "== the catalogue of bad inputs (tests/bad/)"
	@sh tests/run-bad.sh $(DOCKET_SAN)
	@echo "== the fuzz corpus replayed (tests/fuzz/corpus/)"
	@for h in $(FUZZ_REPLAYED); do $(BUILD)/san/fuzz/replay_$$h tests/fuzz/corpus/$$h || exit 1; done
	@sh tests/fmt-roundtrip.sh $(DOCKET_SAN)
	@echo "== diagnostic codes are documented and carried by every diagnostic"
	@sh tests/diag-codes.sh $(DOCKET_SAN)
	@echo "== editor support: the TextMate grammar and the Vim syntax scope every keyword and literal"
	@python3 tests/grammar-check.py
	@sh tests/vim-check.sh
	@echo "== the CI jobs of docs/ci.md"
	@sh tests/ci-docs.sh $(DOCKET_SAN)
	@echo "== shell completion"
	@sh tests/completion.sh $(DOCKET_SAN)
	@echo "== the language server, driven by a scripted client"
	@sh tests/lsp.sh $(DOCKET_SAN) $(BUILD)/frames
	@echo "== JUnit, JSON and SARIF outputs: exact on a fixture, valid against their schemas"
	@sh tests/formats.sh $(DOCKET_SAN)
	@echo "== the same output whatever --jobs is"
	@sh tests/jobs.sh $(DOCKET_SAN)
	@echo "== docket check and docket test over policies/"
	@$(DOCKET_SAN) check $(POLICY_FILES)
	@$(DOCKET_SAN) fmt --check $(POLICY_FILES)
	@$(DOCKET_SAN) test $(POLICY_FILES)
	@$(DOCKET_SAN) check $(MAPPING_FILES)
	@echo "== the synthetic SSD extract is what its generator writes"
	@rm -rf $(BUILD)/ssd-extract && sh tests/ssd/gen-extract.sh $(BUILD)/ssd-extract && diff -r $(BUILD)/ssd-extract tests/ssd/extract \
	  || { echo "tests/ssd/extract is stale: run sh tests/ssd/gen-extract.sh tests/ssd/extract"; exit 1; }
	@echo "== coverage and mutation checks of the shipped test suites"
	@if ! $(DOCKET_SAN) test --coverage-min 100 --mutants $(TESTED_POLICIES) > $(BUILD)/test-coverage.txt 2>&1; \
	  then cat $(BUILD)/test-coverage.txt; exit 1; fi; tail -n 3 $(BUILD)/test-coverage.txt
	@echo "== history is not rewritten: each shipped caseload at every month-end"
	@python3 tests/history.py $(DOCKET_SAN) $(HISTORY_CASELOADS)
	@echo "== the command examples in the docs are what docket prints (UPDATE=1 python3 tests/doc-examples.py build/docket-san)"
	@python3 tests/doc-examples.py $(DOCKET_SAN)
	@echo "== the generated quick guides are up to date (make docs)"
	@$(DOCKET_SAN) doc policies/islington/supervision_orders.docket | cmp -s - docs/policies/islington-quick-guide.md \
	  || { echo "docs/policies/islington-quick-guide.md is stale: run make docs"; exit 1; }
	@$(DOCKET_SAN) doc policies/lincolnshire/cp_plans_and_isos.docket | cmp -s - docs/policies/lincolnshire-quick-guide.md \
	  || { echo "docs/policies/lincolnshire-quick-guide.md is stale: run make docs"; exit 1; }
	@sh tests/browser/run.sh $(DOCKET_SAN) $(BUILD)/browser
	@echo "== the git diff driver (tools/git-docket-diff) in a scratch repository"
	@if ! sh tests/git/driver-test.sh $(DOCKET_SAN) > $(BUILD)/git-driver.txt 2>&1; \
	  then cat $(BUILD)/git-driver.txt; exit 1; fi; tail -n 1 $(BUILD)/git-driver.txt
	@echo "== every normative sentence of the guidance is encoded or justified"
	@for p in $(GUIDED_POLICIES); do \
	  if ! $(DOCKET_SAN) doc --coverage $$p > $(BUILD)/doc-coverage.txt 2>&1; \
	  then cat $(BUILD)/doc-coverage.txt; exit 1; fi; \
	  printf '%s: ' $$p; tail -n 1 $(BUILD)/doc-coverage.txt; done

unit: deps $(UNIT_BIN)
	@sh tests/run-unit.sh $(UNIT_BIN)

golden: deps $(DOCKET_SAN)
	@sh tests/run-golden.sh $(DOCKET_SAN)

# The HTML report in headless Chromium (skipped, saying so, without it).
browser: deps $(DOCKET_SAN)
	@sh tests/browser/run.sh $(DOCKET_SAN) $(BUILD)/browser

# ---------------------------------------------------------------- demo
demo: deps $(DOCKET)
	@sh tests/demo.sh $(DOCKET)

# Generated documentation: the quick guides of the shipped policies, their
# graphs, and the screenshots of the HTML report (docs/images/, taken by the
# browser test). `make test` checks that the quick guides are up to date.
QUICK_GUIDES := docs/policies/islington-quick-guide.md docs/policies/islington-quick-guide.html \
                docs/policies/lincolnshire-quick-guide.md docs/policies/lincolnshire-quick-guide.html
docs: deps $(DOCKET)
	$(DOCKET) doc policies/islington/supervision_orders.docket > docs/policies/islington-quick-guide.md
	$(DOCKET) doc policies/islington/supervision_orders.docket --format html > docs/policies/islington-quick-guide.html
	$(DOCKET) doc policies/lincolnshire/cp_plans_and_isos.docket > docs/policies/lincolnshire-quick-guide.md
	$(DOCKET) doc policies/lincolnshire/cp_plans_and_isos.docket --format html > docs/policies/lincolnshire-quick-guide.html
	sh tests/render-graphs.sh $(DOCKET)
	DOCKET_BROWSER_REQUIRED=1 sh tests/browser/run.sh $(DOCKET) docs/images

bench: deps $(DOCKET)
	@sh tests/bench/bench.sh $(DOCKET)

# Unit tests without sanitizers (valgrind and ASan do not mix).
VG_BIN := $(patsubst tests/unit/%.c,$(BUILD)/vg/tests/%,$(TEST_SRC))
$(BUILD)/vg/tests/%: tests/unit/%.c $(BUILD)/rel/libdocket.a
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  TEST vg $<")
	$(Q)$(CC) $(BASEFLAGS) $(OPT) $(WARN) -Wno-missing-prototypes $(JANSSON_CFLAGS) \
	  $< -o $@ $(BUILD)/rel/libdocket.a -lcmocka $(LIBS)

valgrind: deps $(DOCKET) $(VG_BIN)
	@command -v valgrind >/dev/null || { echo "docket: valgrind is missing; run: sudo apt-get install valgrind"; exit 1; }
	@sh tests/valgrind.sh $(DOCKET) $(VG_BIN)

install: deps $(DOCKET)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	  $(DESTDIR)$(PREFIX)/share/docket/calendars
	install -m 755 $(DOCKET) $(DESTDIR)$(PREFIX)/bin/docket
	install -m 644 docs/docket.1 $(DESTDIR)$(PREFIX)/share/man/man1/docket.1
	install -m 644 policies/calendars/*.csv $(DESTDIR)$(PREFIX)/share/docket/calendars/
	install -d $(DESTDIR)$(PREFIX)/share/bash-completion/completions $(DESTDIR)$(PREFIX)/share/zsh/site-functions
	install -m 644 editors/completion/docket.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/docket
	install -m 644 editors/completion/_docket $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_docket

# libFuzzer (needs clang) over every input parser: policies (parser and
# checker), mapping files, case event files (CSV and JSON Lines) and dates with their
# arithmetic. FUZZ_SECONDS each (default 60).
FUZZ_SECONDS ?= 60
FUZZ_CC := clang -std=c11 -D_POSIX_C_SOURCE=200809L -g -O1 -fsanitize=fuzzer,address,undefined \
           -fno-sanitize-recover=all -I. -I$(BUILD) -I$(BUILD)/gen $(JANSSON_CFLAGS)
FUZZ_LIB_SRC := $(wildcard lang/*.c) interpreter/time/calendar.c interpreter/table.c $(GEN_SRC)
fuzz: deps $(GEN_SRC) $(BUILD)/frames
	@command -v clang >/dev/null || { echo "docket: clang is missing; run: sudo apt-get install clang"; exit 1; }
	@mkdir -p $(BUILD)/fuzz/corpus-parse $(BUILD)/fuzz/corpus-table $(BUILD)/fuzz/corpus-date
	$(FUZZ_CC) tests/fuzz/fuzz_parse.c $(FUZZ_LIB_SRC) -o $(BUILD)/fuzz/fuzz_parse $(LIBS)
	$(FUZZ_CC) tests/fuzz/fuzz_table.c $(FUZZ_LIB_SRC) -o $(BUILD)/fuzz/fuzz_table $(LIBS)
	$(FUZZ_CC) tests/fuzz/fuzz_date.c $(FUZZ_LIB_SRC) -o $(BUILD)/fuzz/fuzz_date $(LIBS)
	$(FUZZ_CC) tests/fuzz/fuzz_fmt.c $(FUZZ_LIB_SRC) -o $(BUILD)/fuzz/fuzz_fmt $(LIBS)
	$(FUZZ_CC) tests/fuzz/fuzz_calendar.c $(FUZZ_LIB_SRC) -o $(BUILD)/fuzz/fuzz_calendar $(LIBS)
	$(FUZZ_CC) -DDOCKET_VERSION='"$(VERSION)"' -DDOCKET_DATADIR='"$(DATADIR)"' -Dmain=docket_cli_main \
	  -c interpreter/cli/main.c -o $(BUILD)/fuzz/cli_main.o
	$(FUZZ_CC) -DDOCKET_VERSION='"$(VERSION)"' -DDOCKET_DATADIR='"$(DATADIR)"' tests/fuzz/fuzz_date_args.c \
	  $(BUILD)/fuzz/cli_main.o $(LIB_SRC) $(GEN_SRC) -o $(BUILD)/fuzz/fuzz_date_args $(LIBS)
	$(FUZZ_CC) -DDOCKET_VERSION='"$(VERSION)"' -DDOCKET_DATADIR='"$(DATADIR)"' tests/fuzz/fuzz_eval.c \
	  $(BUILD)/fuzz/cli_main.o $(LIB_SRC) $(GEN_SRC) -o $(BUILD)/fuzz/fuzz_eval $(LIBS)
	@mkdir -p $(BUILD)/fuzz/corpus-eval
	cp tests/fuzz/corpus/eval/* $(BUILD)/fuzz/corpus-eval/
	@mkdir -p $(BUILD)/fuzz/corpus-date_args
	cp tests/fuzz/corpus/date_args/* $(BUILD)/fuzz/corpus-date_args/
	@mkdir -p $(BUILD)/fuzz/corpus-fmt $(BUILD)/fuzz/corpus-calendar
	cp tests/fuzz/corpus/calendar/* $(BUILD)/fuzz/corpus-calendar/
	cp tests/fuzz/corpus/parse/* $(BUILD)/fuzz/corpus-parse/
	cp tests/fuzz/corpus/fmt/* $(BUILD)/fuzz/corpus-fmt/
	cp tests/fuzz/corpus/table/* $(BUILD)/fuzz/corpus-table/
	cp tests/fuzz/corpus/date/* $(BUILD)/fuzz/corpus-date/
	$(FUZZ_CC) tests/fuzz/fuzz_mapping.c $(FUZZ_LIB_SRC) -o $(BUILD)/fuzz/fuzz_mapping $(LIBS)
	@mkdir -p $(BUILD)/fuzz/corpus-mapping
	cp policies/mappings/*.docket tests/golden/map/data/*.docket $(BUILD)/fuzz/corpus-mapping/
	$(FUZZ_CC) -DDOCKET_VERSION='"$(VERSION)"' tests/fuzz/fuzz_lsp.c $(FUZZ_LIB_SRC) interpreter/lsp/*.c \
	  $(filter-out interpreter/time/calendar.c,$(wildcard interpreter/time/*.c)) -o $(BUILD)/fuzz/fuzz_lsp $(LIBS)
	@mkdir -p $(BUILD)/fuzz/corpus-lsp
	sed "s|@ROOT@|$$(pwd)|g" tests/lsp/session.txt | $(BUILD)/frames wrap > $(BUILD)/fuzz/corpus-lsp/session
	cp policies/examples/*.docket tests/golden/check/*.docket $(BUILD)/fuzz/corpus-parse/
	cp tests/unit/fixtures/csv-spectrum/csvs/*.csv policies/*/examples/*.csv tests/golden/eval/data/*.csv \
	  tests/golden/eval/data/*.jsonl $(BUILD)/fuzz/corpus-table/ 2>/dev/null || true
	printf '\001\002%s' 2025-04-10 > $(BUILD)/fuzz/corpus-date/a
	printf '\377\003%s' 2024-02-29 > $(BUILD)/fuzz/corpus-date/b
	$(BUILD)/fuzz/fuzz_parse -max_total_time=$(FUZZ_SECONDS) -max_len=4096 $(BUILD)/fuzz/corpus-parse
	$(BUILD)/fuzz/fuzz_table -max_total_time=$(FUZZ_SECONDS) -max_len=8192 $(BUILD)/fuzz/corpus-table
	$(BUILD)/fuzz/fuzz_date -max_total_time=$(FUZZ_SECONDS) -max_len=64 $(BUILD)/fuzz/corpus-date
	$(BUILD)/fuzz/fuzz_fmt -max_total_time=$(FUZZ_SECONDS) -max_len=4096 $(BUILD)/fuzz/corpus-fmt
	$(BUILD)/fuzz/fuzz_calendar -max_total_time=$(FUZZ_SECONDS) -max_len=8192 $(BUILD)/fuzz/corpus-calendar
	$(BUILD)/fuzz/fuzz_date_args -max_total_time=$(FUZZ_SECONDS) -max_len=256 $(BUILD)/fuzz/corpus-date_args
	$(BUILD)/fuzz/fuzz_eval -max_total_time=$(FUZZ_SECONDS) -max_len=8192 $(BUILD)/fuzz/corpus-eval
	$(BUILD)/fuzz/fuzz_mapping -max_total_time=$(FUZZ_SECONDS) -max_len=16384 $(BUILD)/fuzz/corpus-mapping
	$(BUILD)/fuzz/fuzz_lsp -max_total_time=$(FUZZ_SECONDS) -max_len=16384 $(BUILD)/fuzz/corpus-lsp

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
