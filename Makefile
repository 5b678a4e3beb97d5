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

.PHONY: all deps demo test unit golden browser bench valgrind install clean fuzz fuzz-check docs FORCE

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
FUZZ_REPLAYED := parse fmt table date calendar date_args eval policy mapping lsp
FUZZ_REPLAY := $(patsubst %,$(BUILD)/san/fuzz/replay_%,$(FUZZ_REPLAYED))
$(BUILD)/san/fuzz/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c tests/fuzz/fuzz_cli.h $(BUILD)/san/libdocket.a
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  FUZZ    $<")
	$(Q)$(CC) $(BASEFLAGS) $(SANFLAGS) $(WARN) -Wno-missing-prototypes $(JANSSON_CFLAGS) \
	  tests/fuzz/fuzz_$*.c tests/fuzz/replay.c -o $@ $(BUILD)/san/libdocket.a $(LIBS)

# fuzz_date_args, fuzz_eval and fuzz_policy call the commands, whose helpers
# are in main.c: its main is renamed so that the replay driver's (or
# libFuzzer's) is the program's.
$(BUILD)/san/fuzz/cli_main.o: interpreter/cli/main.c $(GEN_HDR)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(BASEFLAGS) $(SANFLAGS) $(WARN) -Wno-missing-prototypes -Dmain=docket_cli_main $(JANSSON_CFLAGS) -c $< -o $@
$(BUILD)/san/fuzz/replay_date_args $(BUILD)/san/fuzz/replay_eval $(BUILD)/san/fuzz/replay_policy: $(BUILD)/san/fuzz/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c tests/fuzz/fuzz_cli.h $(BUILD)/san/fuzz/cli_main.o $(BUILD)/san/libdocket.a
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
# checker, the formatter's round trip), mapping files, case event files (CSV
# and JSON Lines), holiday calendars, dates with their arithmetic, `docket
# date` arguments, the evaluator with every report format and diff, the
# commands that write from a policy (doc, graph, test, check), and the
# language server. The library is compiled once with clang into
# build/fuzz/obj/ (instrumented for libFuzzer, ASan and UBSan) and each
# harness linked against it; tests/fuzz/run.sh then runs them one after the
# other, FUZZ_SECONDS each (default 60), seeded with tests/fuzz/corpus/, and
# prints the executions of each. A crash, leak, hang (10 s on one input) or
# sanitizer report fails the run (the other harnesses still run), its
# reproducer left in build/fuzz/ (SECURITY.md, "Fuzzing").
#   make fuzz FUZZ=eval FUZZ_SECONDS=600     one harness, ten minutes
#   sh tests/fuzz/run.sh --merge build eval  keep what it found in the corpus
FUZZ_SECONDS ?= 60
FUZZ_HARNESSES := parse fmt table date calendar date_args eval policy mapping lsp
FUZZ ?= $(FUZZ_HARNESSES)
FUZZ_CLANG := clang
FUZZ_SAN := -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_OBJ := $(patsubst %.c,$(BUILD)/fuzz/obj/%.o,$(LIB_SRC)) $(BUILD)/fuzz/obj/gen/lexer.o $(BUILD)/fuzz/obj/gen/parser.o
# The harnesses that call the commands (cmd_date, cmd_eval, cmd_doc, ...)
# link main.c too, its main renamed (as for the replay, above).
FUZZ_CLI := date_args eval policy
$(BUILD)/fuzz/obj/%.o: %.c $(GEN_HDR)
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  CC fuzz $<")
	$(Q)$(FUZZ_CLANG) $(BASEFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer-no-link $(JANSSON_CFLAGS) -c $< -o $@
$(BUILD)/fuzz/obj/gen/%.o: $(BUILD)/gen/%.c $(GEN_HDR)
	@mkdir -p $(dir $@)
	$(Q)$(FUZZ_CLANG) $(BASEFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer-no-link -c $< -o $@
$(BUILD)/fuzz/obj/cli_main.o: interpreter/cli/main.c $(GEN_HDR)
	@mkdir -p $(dir $@)
	$(Q)$(FUZZ_CLANG) $(BASEFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer-no-link -Dmain=docket_cli_main $(JANSSON_CFLAGS) -c $< -o $@
$(BUILD)/fuzz/libdocket.a: $(FUZZ_OBJ)
	$(Q)rm -f $@ && ar rcs $@ $^
$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(BUILD)/fuzz/libdocket.a $(BUILD)/fuzz/obj/cli_main.o
	@$(if $(V),,echo "  FUZZER  $<")
	$(Q)$(FUZZ_CLANG) $(BASEFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer $(JANSSON_CFLAGS) $< \
	  $(if $(filter $*,$(FUZZ_CLI)),$(BUILD)/fuzz/obj/cli_main.o) -o $@ $(BUILD)/fuzz/libdocket.a $(LIBS)
fuzz-check:
	@command -v $(FUZZ_CLANG) >/dev/null || { echo "docket: clang is missing; run: sudo apt-get install clang"; exit 1; }
fuzz: deps fuzz-check $(BUILD)/frames
	@$(MAKE) --no-print-directory $(patsubst %,$(BUILD)/fuzz/fuzz_%,$(FUZZ))
	@sh tests/fuzz/run.sh $(BUILD) $(FUZZ_SECONDS) $(FUZZ)

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
