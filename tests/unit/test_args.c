// SPDX-License-Identifier: MIT
/*
 * The shared argument grammar (lib/args): every form lspci prints for an
 * address and a device ID, resolutions with and without a refresh rate,
 * and that each error sentence carries the accepted forms or range. Then
 * the real lspci (pciutils) on this machine: every address it prints, with
 * and without -D, and every ID of -n and -nn, must parse, and the short and
 * the long form of each device must be the same address.
 */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "args/args.h"

static void pci_ok(const char *s, const char *canon)
{
	char buf[ARGS_PCI_STR], err[ARGS_ERR_MAX];

	if (args_pci_canonical(s, buf, sizeof(buf), err, sizeof(err)))
		fail_msg("'%s' refused: %s", s, err);
	assert_string_equal(buf, canon);
}

static void pci_bad(const char *s, const char *why)
{
	struct args_pci a;
	char err[ARGS_ERR_MAX];

	assert_int_equal(args_pci_parse(s, &a, err, sizeof(err)), -22);
	if (!strstr(err, why) || !strstr(err, "00:02.1 or 0000:00:02.1"))
		fail_msg("'%s': %s", s, err);
}

static void test_pci(void **state)
{
	(void)state;
	pci_ok("00:02.1", "0000:00:02.1"); /* lspci */
	pci_ok("0000:00:02.1", "0000:00:02.1"); /* lspci -D, sysfs */
	pci_ok("0000:00:1F.3", "0000:00:1f.3");
	pci_ok("0:2.7", "0000:00:02.7");
	pci_ok("10000:e1:00.0", "10000:e1:00.0"); /* a VMD domain, lspci -D */
	pci_bad("", "empty");
	pci_bad("00:02", "not a PCI address");
	pci_bad("00:02.1 ", "not a PCI address");
	pci_bad("00:20.0", "slot 20 is above 1f");
	pci_bad("00:02.8", "function 8 is above 7");
	pci_bad("0000:00:02:1", "not a PCI address");
	pci_bad("-0:02.1", "not a PCI address");
	pci_bad("000000000:00:02.1", "not a PCI address");
}

static void test_res(void **state)
{
	struct args_res r, big = { 0 };
	char err[ARGS_ERR_MAX];

	(void)state;
	assert_int_equal(args_res_parse("2560x1440", &r, err, sizeof(err)), 0);
	assert_int_equal(r.width, 2560);
	assert_int_equal(r.refresh, 60);
	assert_false(r.refresh_given);
	assert_int_equal(args_res_parse("3840X2160@120", &r, err, sizeof(err)), 0);
	assert_int_equal(r.height, 2160);
	assert_int_equal(r.refresh, 120);
	assert_true(r.refresh_given);
	assert_true(args_res_larger(&r, &big));
	big = r;
	assert_int_equal(args_res_parse("3840x2160@60", &r, err, sizeof(err)), 0);
	assert_false(args_res_larger(&r, &big));
	static const char *const bad[] = { "-1x5",	"1920x",	 "x1080",
					   "1920*1080", "1920x1080@",	 "1920x1080@0",
					   "100x100",	"99999999999x2", "1920x1080@60Hz" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(args_res_parse(bad[i], &r, err, sizeof(err)), -22);
		/* each error gives the whole accepted range */
		if (!strstr(err, bad[i]) ||
		    !strstr(err, "width 320 to 16384, height 200 to 16384, 1 to 1000 Hz"))
			fail_msg("'%s': %s", bad[i], err);
	}
	assert_int_equal(args_res_parse("100x100", &r, err, sizeof(err)), -22);
	assert_non_null(strstr(err, "the width is out of range (accepted: width 320 to 16384"));
}

static void test_devid(void **state)
{
	static const char *const ok[] = { "a7a0",      "0xa7a0",      "A7A0",
					  "8086:a7a0", "[8086:a7a0]", "0x8086:0xa7a0" };
	struct args_devid d;
	char err[ARGS_ERR_MAX];

	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		if (args_devid_parse(ok[i], &d, err, sizeof(err)))
			fail_msg("'%s' refused: %s", ok[i], err);
		assert_int_equal(d.device, 0xa7a0);
		assert_int_equal(d.vendor_given, strchr(ok[i], ':') != NULL);
		if (d.vendor_given)
			assert_int_equal(d.vendor, 0x8086);
	}
	static const char *const bad[] = { "",	    "a7a0a", "[8086:a7a0",   "8086:a7a0]",
					   "8086:", "g7a0",  "[8086:a7a0]x", "0x" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(args_devid_parse(bad[i], &d, err, sizeof(err)), -22);
		assert_non_null(strstr(err, "[8086:a7a0]"));
	}
}

static void test_uint(void **state)
{
	unsigned long v;
	char err[ARGS_ERR_MAX];

	(void)state;
	assert_int_equal(args_uint_parse("7", "a VF count", 1, 7, &v, err, sizeof(err)), 0);
	assert_int_equal(v, 7);
	assert_int_equal(args_uint_parse("8", "a VF count", 1, 7, &v, err, sizeof(err)), -22);
	assert_string_equal(err, "a VF count: 8 is outside 1 to 7");
	assert_int_equal(args_uint_parse("-1", "a VF count", 1, 7, &v, err, sizeof(err)), -22);
	assert_int_equal(args_uint_parse("99999999999999999999999", "a VF count", 1, 7, &v, err,
					 sizeof(err)),
			 -22);
	assert_int_equal(args_uint_parse("", "a VF count", 1, 7, &v, NULL, 0), -22);
}

/* The lines lspci prints with @opts; NULL when lspci cannot run here. */
static char **lspci(const char *opts, size_t *n)
{
	char cmd[128], line[1024], **v = NULL;
	FILE *p;

	*n = 0;
	snprintf(cmd, sizeof(cmd), "lspci %s 2>/dev/null", opts);
	p = popen(cmd, "r");
	if (!p)
		return NULL;
	while (fgets(line, sizeof(line), p)) {
		v = realloc(v, (*n + 1) * sizeof(*v));
		assert_non_null(v);
		line[strcspn(line, "\n")] = 0;
		v[(*n)++] = strdup(line);
	}
	if (pclose(p) || !*n) {
		while (*n)
			free(v[--*n]);
		free(v);
		return NULL;
	}
	return v;
}

static void free_lines(char **v, size_t n)
{
	while (n)
		free(v[--n]);
	free(v);
}

static void test_real_lspci(void **state)
{
	size_t n_short, n_long, n_num, n_nn, i;
	char **s = lspci("", &n_short), **l = lspci("-D", &n_long);
	char **num = lspci("-n", &n_num), **nn = lspci("-nn", &n_nn);
	char a[ARGS_PCI_STR], b[ARGS_PCI_STR], err[ARGS_ERR_MAX], word[64];

	(void)state;
	if (!s || !l || !num || !nn) {
		free_lines(s, n_short);
		free_lines(l, n_long);
		free_lines(num, n_num);
		free_lines(nn, n_nn);
		print_message(
			"lspci (pciutils, scripts/deps/args.txt) cannot list PCI devices here\n");
		skip();
	}
	assert_int_equal(n_short, n_long);
	for (i = 0; i < n_short; i++) {
		struct args_devid d;
		const char *br;
		unsigned int vendor, device;

		/* the address is the first word of each line */
		sscanf(s[i], "%63s", word);
		if (args_pci_canonical(word, a, sizeof(a), err, sizeof(err)))
			fail_msg("lspci printed '%s': %s", word, err);
		sscanf(l[i], "%63s", word);
		if (args_pci_canonical(word, b, sizeof(b), err, sizeof(err)))
			fail_msg("lspci -D printed '%s': %s", word, err);
		assert_string_equal(a, b);
		/* lspci -n: "00:02.0 0300: 8086:a780"; the third word is vendor:device */
		if (sscanf(num[i], "%*s %*s %63s", word) != 1 ||
		    args_devid_parse(word, &d, err, sizeof(err)))
			fail_msg("lspci -n line '%s': %s", num[i], err);
		assert_true(d.vendor_given);
		/* lspci -nn: the last "[vvvv:dddd]" (the class is "[cccc]"), as people paste it */
		br = NULL;
		for (const char *q = strchr(nn[i], '['); q; q = strchr(q + 1, '['))
			if (strlen(q) >= 11 && q[5] == ':' && q[10] == ']')
				br = q;
		assert_non_null(br);
		snprintf(word, sizeof(word), "%.11s", br);
		if (args_devid_parse(word, &d, err, sizeof(err)))
			fail_msg("lspci -nn printed '%s': %s", word, err);
		sscanf(word, "[%x:%x]", &vendor, &device);
		assert_int_equal(d.vendor, vendor);
		assert_int_equal(d.device, device);
	}
	free_lines(s, n_short);
	free_lines(l, n_long);
	free_lines(num, n_num);
	free_lines(nn, n_nn);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pci),	   cmocka_unit_test(test_res),
		cmocka_unit_test(test_devid),	   cmocka_unit_test(test_uint),
		cmocka_unit_test(test_real_lspci),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
