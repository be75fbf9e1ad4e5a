// SPDX-License-Identifier: MIT
/*
 * lib/host/host_udev: rule lines read as systemd-udevd reads them
 * (src/udev/udev-rules.c: blanks around the operator, keys compared whole,
 * quoted values, prefixes, comments, continuations, a malformed pair
 * dropping its line), and the real-world lines of tests/fixtures/udev.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "host/host_udev.h"

static void events(const char *line, bool add, bool bind)
{
	struct host_udev_boot ev;

	host_udev_boot_events(line, &ev);
	if (ev.on_add != add || ev.on_bind != bind)
		fail_msg("%s: add %d bind %d, want %d %d", line, ev.on_add, ev.on_bind, add, bind);
}

/* udev skips blanks on both sides of the operator. */
static void blanks_around_the_operator(void **state)
{
	(void)state;
	events("ACTION == \"add\", SUBSYSTEM==\"pci\", ATTR{sriov_numvfs}=\"7\"", true, false);
	events("ACTION  !=  \"add\", ATTR{sriov_numvfs} = \"7\"", false, true);
	events("ACTION\t==\t\"bind\",ATTR{sriov_numvfs}=\"7\"", false, true);
}

/* The key is compared whole: XACTION is no ACTION, and udev drops a line
 * with a key it does not know; a value that reads ACTION=="..." is text. */
static void keys_are_whole_words(void **state)
{
	(void)state;
	events("SUBSYSTEM==\"pci\", XACTION==\"add\", ATTR{sriov_numvfs}=\"7\"", false, false);
	events("ACTION==\"add|bind\", ENV{NOTE}=\"x ACTION==\", ATTR{sriov_numvfs}=\"7\"", true,
	       true);
	events("ACTION==\"bind\", RUN+=\"/bin/sh -c 'ACTION==\\\"add\\\"'\"", false, true);
}

/* ACTION only matches: an assignment, an attribute or "i" on an
 * assignment make udev drop the line; "i" on a match folds case. */
static void action_udev_refuses_drops_the_line(void **state)
{
	(void)state;
	events("ACTION:=\"add\", ATTR{sriov_numvfs}=\"7\"", false, false);
	events("ACTION=\"add\", ATTR{sriov_numvfs}=\"7\"", false, false);
	events("ACTION{x}==\"add\", ATTR{sriov_numvfs}=\"7\"", false, false);
	events("ACTION==\"add\", ATTR{sriov_numvfs}=i\"7\"", false, false);
	events("ACTION==i\"ADD\", ATTR{sriov_numvfs}=\"7\"", true, false);
	events("ACTION==\"ADD\", ATTR{sriov_numvfs}=\"7\"", false, false);
}

/* Values: "|" alternatives, globs, "?*", "" and empty alternatives. */
static void values_as_udev_compiles_them(void **state)
{
	(void)state;
	events("ACTION==\"add|bind\"", true, true);
	events("ACTION==\"b*\"", false, true);
	events("ACTION==\"?*\"", true, true);
	events("ACTION==\"\"", false, false);
	events("ACTION!=\"\"", true, true);
	events("ACTION==\"|add\"", true, false);
	events("ACTION==\"change||bind\"", false, true);
	events("ACTION==\"add\", ACTION!=\"bind\"", true, false);
	events("ACTION==\"add\" ACTION==\"bind\"", false, false);
}

/* Malformed lines, which udev ignores whole, run on nothing. */
static void malformed_lines_run_on_nothing(void **state)
{
	(void)state;
	events("ACTION==\"add, ATTR{sriov_numvfs}=\"7\"", false, false);
	events("ACTION==add, ATTR{sriov_numvfs}=\"7\"", false, false);
	events("ACTION==\"add\", ATTR{sriov_numvfs", false, false);
	events("ACTION==\"add\", SUBSYSTEM", false, false);
	events("ACTION==\"add\", SUBSYSTEM~\"pci\"", false, false);
	events("ACTION==ee\"add\"", false, false);
	events("# ACTION==\"add\", ATTR{sriov_numvfs}=\"7\"", false, false);
	events("   #ACTION==\"add\"", false, false);
	events("", true, true); /* no key at all: no ACTION to refuse it */
	/* one physical line of a continued rule: read up to the mark */
	events("ACTION==\"add\", SUBSYSTEM==\"pci\", \\", true, false);
	events("ACTION==\"add\", \\ KERNEL==\"x\"", false, false);
}

static void pairs_are_tokenised_as_udev_does(void **state)
{
	const char *p = " ,ATTR{sriov_numvfs} := \"7\",,ENV{A}+=e\"x\\\"y\"  TAG-= i\"q\\\"\"";
	struct host_udev_pair kv;

	(void)state;
	assert_int_equal(host_udev_pair_next(&p, &kv), 1);
	assert_string_equal(kv.key, "ATTR");
	assert_true(kv.has_attr);
	assert_string_equal(kv.attr, "sriov_numvfs");
	assert_int_equal(kv.op, HOST_UDEV_ASSIGN_FINAL);
	assert_string_equal(kv.value, "7");
	assert_int_equal(host_udev_pair_next(&p, &kv), 1);
	assert_string_equal(kv.key, "ENV");
	assert_int_equal(kv.op, HOST_UDEV_ADD);
	assert_string_equal(kv.value, "x\\\"y"); /* e: escapes kept as written */
	assert_int_equal(host_udev_pair_next(&p, &kv), 1);
	assert_string_equal(kv.key, "TAG");
	assert_int_equal(kv.op, HOST_UDEV_REMOVE);
	assert_true(kv.nocase);
	assert_string_equal(kv.value, "q\"");
	assert_int_equal(host_udev_pair_next(&p, &kv), 0);
}

/* Continuations join lines (leading blanks of the next dropped), comment
 * lines are skipped even inside one, a blank line ends one. */
static void logical_lines_join_continuations(void **state)
{
	const char *text = "A==\"1\", \\\n    B==\"2\", \\\n# note\n  C=\"3\"\n\n#x\nD==\"4\"\\\n";
	char buf[256];
	size_t n;

	(void)state;
	n = host_udev_logical_line(text, buf, sizeof(buf));
	assert_string_equal(buf, "A==\"1\", B==\"2\", C=\"3\"");
	text += n;
	n = host_udev_logical_line(text, buf, sizeof(buf));
	assert_string_equal(buf, "");
	text += n;
	n = host_udev_logical_line(text, buf, sizeof(buf));
	assert_string_equal(buf, ""); /* the comment */
	text += n;
	n = host_udev_logical_line(text, buf, sizeof(buf));
	assert_string_equal(buf, "D==\"4\""); /* continued into the end */
	text += n;
	assert_int_equal(host_udev_logical_line(text, buf, sizeof(buf)), 0);
	/* a line too long for the buffer comes back empty, consumed whole */
	text = "ACTION==\"add\", \\\nATTR{sriov_numvfs}=\"7\"\nX";
	n = host_udev_logical_line(text, buf, 10);
	assert_string_equal(buf, "");
	assert_string_equal(text + n, "X");
}

/* tests/fixtures/udev/real.rules (README.md there): what each runs on. */
static void real_world_rules(void **state)
{
	static const struct {
		bool add, bind;
	} want[] = {
		{ true, false }, /* NixOS i915/xe, no blank after a comma */
		{ false, true }, /* NixOS xe on bind */
		{ true, false }, /* NixOS kvmfr host */
		{ true, true }, /* ixgbe how-to: no ACTION key */
		{ false, true }, /* vfio-pci-bind: ACTION!="add" */
		{ true, true }, /* nvidia-modprobe, continued over two lines */
	};
	FILE *f = fopen("tests/fixtures/udev/real.rules", "r");
	char text[4096], line[2048];
	size_t len, k = 0;

	(void)state;
	assert_non_null(f);
	len = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[len] = '\0';
	for (const char *t = text; *t;) {
		t += host_udev_logical_line(t, line, sizeof(line));
		if (!line[0])
			continue;
		assert_true(k < sizeof(want) / sizeof(want[0]));
		events(line, want[k].add, want[k].bind);
		k++;
	}
	assert_int_equal(k, sizeof(want) / sizeof(want[0]));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(blanks_around_the_operator),
		cmocka_unit_test(keys_are_whole_words),
		cmocka_unit_test(action_udev_refuses_drops_the_line),
		cmocka_unit_test(values_as_udev_compiles_them),
		cmocka_unit_test(malformed_lines_run_on_nothing),
		cmocka_unit_test(pairs_are_tokenised_as_udev_does),
		cmocka_unit_test(logical_lines_join_continuations),
		cmocka_unit_test(real_world_rules),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
