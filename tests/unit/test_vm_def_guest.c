// SPDX-License-Identifier: MIT
/*
 * lib/vm: the Looking Glass size formula against the research notes' table,
 * and the guest-side files: option.txt read the way IddSampleDriver's
 * loadOptions reads it, the two INI files read as key/value pairs.
 */
#include <ctype.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tests/unit/vm_def_util.h"
#include "vm/vm_domain.h"
#include "vm/vm_guest_files.h"
#include "vm/vm_shm.h"

static void test_size_table(void **state)
{
	/* looking-glass.md §2, B7 docs table: SDR, HDR */
	static const struct {
		unsigned int w, h;
		uint64_t sdr, hdr;
	} t[] = {
		{ 1920, 1080, 32, 64 },
		{ 1920, 1200, 32, 64 },
		{ 2560, 1440, 64, 128 },
		{ 3840, 2160, 128, 256 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		assert_int_equal(vm_shm_size_mib(t[i].w, t[i].h, false), t[i].sdr);
		assert_int_equal(vm_shm_size_mib(t[i].w, t[i].h, true), t[i].hdr);
	}
	/* the worked example: 16,588,800 B of frames + 10 MiB */
	assert_int_equal(vm_shm_need_bytes(1920, 1080, false), 16588800 + 10 * 1048576);
	/* exactly at a power of two it does not round up; one byte over it does */
	assert_int_equal(vm_shm_size_mib(1024, 768, false), 16); /* 6 MiB + 10 = 16 */
	assert_int_equal(vm_shm_size_mib(1024, 769, false), 32);
	assert_int_equal(vm_shm_size_mib(7680, 4320, false), 512);
	assert_true(vm_shm_is_pow2(1u << 25));
	assert_false(vm_shm_is_pow2(48u << 20));
	assert_false(vm_shm_is_pow2(0));
}

static void test_resolution_and_bdf_parsing(void **state)
{
	struct vm_resolution r;
	struct vm_bdf b;
	char s[16];

	(void)state;
	assert_int_equal(vm_resolution_parse("2560x1440@144", &r), 0);
	assert_int_equal(r.width, 2560);
	assert_int_equal(r.refresh, 144);
	assert_int_equal(vm_resolution_parse("1920X1080", &r), 0);
	assert_int_equal(r.refresh, 60);
	assert_int_equal(vm_resolution_parse("1920x", &r), -EINVAL);
	assert_int_equal(vm_resolution_parse("1920x1080@", &r), -EINVAL);
	assert_int_equal(vm_resolution_parse("100x100", &r), -EINVAL);
	assert_int_equal(vm_resolution_parse("1920x1080@0", &r), -EINVAL);
	assert_int_equal(vm_resolution_parse("-1920x1080", &r), -EINVAL);
	assert_int_equal(vm_bdf_parse("00:02.3", &b), 0);
	vm_bdf_format(&b, s, sizeof(s));
	assert_string_equal(s, "0000:00:02.3");
	assert_int_equal(vm_bdf_parse("0000:00:1f.7", &b), 0);
	assert_int_equal(b.slot, 0x1f);
	assert_false(vm_bdf_is_igpu_pf(&b));
	assert_int_equal(vm_bdf_parse("0000:00:02.0", &b), 0);
	assert_true(vm_bdf_is_igpu_pf(&b));
	assert_int_equal(vm_bdf_parse("00:02.8", &b), -EINVAL);
	assert_int_equal(vm_bdf_parse("00:20.1", &b), -EINVAL);
	assert_int_equal(vm_bdf_parse("0000:00:02.1x", &b), -EINVAL);
	assert_int_equal(vm_bdf_parse("02.1", &b), -EINVAL);
}

/*
 * IddSampleDriver's loadOptions as the research notes describe it: line 1
 * through stoi (throws if not a number), then every line split on ',' is
 * used if it has exactly 3 fields and the first does not start with '#';
 * stoi of a used field throws unless it starts (after spaces) with digits.
 */
static int idd_stoi(const char *s, size_t n, unsigned int *v)
{
	size_t i = 0;

	while (i < n && isspace((unsigned char)s[i]))
		i++;
	if (i == n || !isdigit((unsigned char)s[i]))
		return -1; /* std::invalid_argument: driver init fails */
	*v = (unsigned int)strtoul(s + i, NULL, 10);
	return 0;
}

static int idd_load(const char *txt, unsigned int *monitors, struct vm_resolution *modes, size_t *n)
{
	const char *line = txt;
	bool first = true;

	*n = 0;
	while (*line) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		const char *f[4];
		size_t nf = 1, i;

		if (first) {
			if (idd_stoi(line, len, monitors))
				return -1;
			first = false;
		} else {
			f[0] = line;
			for (i = 0; i < len; i++)
				if (line[i] == ',' && nf < 4)
					f[nf++] = line + i + 1;
			if (nf == 3 && line[0] != '#') {
				unsigned int v[3];
				size_t k;

				for (k = 0; k < 3; k++)
					if (idd_stoi(f[k], (size_t)(line + len - f[k]), &v[k]))
						return -1;
				modes[*n] = (struct vm_resolution){ v[0], v[1], v[2] };
				(*n)++;
			}
		}
		line = end ? end + 1 : line + len;
	}
	return first ? -1 : 0;
}

static void test_option_txt(void **state)
{
	struct vm_resolution m[32], r1440 = { 2560, 1440, 144 }, r4k = { 3840, 2160, 60 };
	struct vm_domain d;
	unsigned int mon;
	size_t n;
	char *txt;

	(void)state;
	t_vm_domain(&d);
	assert_int_equal(vm_domain_add_resolution(&d, &r1440), 0);
	assert_int_equal(vm_domain_add_resolution(&d, &r4k), 0);
	assert_int_equal(vm_domain_add_resolution(&d, &r4k), 0); /* listed once */
	assert_null(vm_idd_option_txt(&d, 0));
	assert_null(vm_idd_option_txt(&d, 5));
	txt = vm_idd_option_txt(&d, 2);
	assert_non_null(txt);
	assert_int_equal(strncmp(txt, "2\r\n", 3), 0);
	assert_int_equal(idd_load(txt, &mon, m, &n), 0);
	assert_int_equal(mon, 2);
	assert_int_equal(n, 3);
	assert_int_equal(m[0].width, 1920);
	assert_int_equal(m[0].height, 1080);
	assert_int_equal(m[0].refresh, 60);
	assert_int_equal(m[1].refresh, 144);
	assert_int_equal(m[2].width, 3840);
	assert_non_null(strstr(txt, "C:\\IddSampleDriver\\option.txt"));
	assert_non_null(strstr(txt, "128 MiB")); /* 4K SDR */
	/* the reader itself rejects what the driver rejects */
	assert_int_equal(idd_load("# comment first\r\n1920, 1080, 60\r\n", &mon, m, &n), -1);
	assert_int_equal(idd_load("1\r\n x1920, 1080, 60\r\n", &mon, m, &n), -1);
	free(txt);
}

/* Value of key in [section] of an INI text; comments start with ';'. */
static bool ini_get(const char *ini, const char *section, const char *key, char *out, size_t n)
{
	char sec[64] = "", line[512];
	const char *p = ini;

	while (*p) {
		size_t len = strcspn(p, "\n");
		char *eq;

		snprintf(line, sizeof(line), "%.*s", (int)len, p);
		line[strcspn(line, "\r")] = '\0';
		p += len + (p[len] == '\n');
		if (line[0] == '[') {
			snprintf(sec, sizeof(sec), "%.*s", (int)strcspn(line + 1, "]"), line + 1);
			continue;
		}
		if (line[0] == ';' || !line[0])
			continue;
		eq = strchr(line, '=');
		assert_non_null(eq); /* every other line is key=value */
		*eq = '\0';
		if (!strcmp(sec, section) && !strcmp(line, key)) {
			snprintf(out, n, "%s", eq + 1);
			return true;
		}
	}
	return false;
}

static void expect_ini(const char *ini, const char *section, const char *key, const char *want)
{
	char v[256];

	if (!ini_get(ini, section, key, v, sizeof(v)))
		fail_msg("%s:%s missing", section, key);
	if (strcmp(v, want))
		fail_msg("%s:%s = '%s', wanted '%s'", section, key, v, want);
}

static void test_lg_ini_files(void **state)
{
	struct vm_resolution r4k = { 3840, 2160, 60 };
	struct vm_domain d;
	char *host, *client, v[64];

	(void)state;
	t_vm_domain(&d);
	assert_int_equal(vm_domain_add_resolution(&d, &r4k), 0);
	/* the window is the host screen (as in the guide author's client ini), not the guest's 4K */
	d.window = (struct vm_resolution){ 2560, 1440, 60 };
	host = vm_lg_host_ini(&d);
	assert_non_null(host);
	expect_ini(host, "app", "capture", "dxgi");
	/* B6-only (B7 ignores it): vm check --host-ini would warn */
	assert_false(ini_get(host, "dxgi", "copyBackend", v, sizeof(v)));
	expect_ini(host, "dxgi", "disableDamage", "true");
	assert_non_null(strstr(host, "\r\n")); /* Windows line ends */
	client = vm_lg_client_ini(&d);
	assert_non_null(client);
	expect_ini(client, "app", "shmFile", "/dev/kvmfr0");
	expect_ini(client, "app", "allowDMA", "yes");
	expect_ini(client, "win", "size", "2560x1440");
	expect_ini(client, "spice", "enable", "yes");
	expect_ini(client, "spice", "host", "127.0.0.1");
	expect_ini(client, "spice", "port", "5900"); /* the domain's fixed SPICE port */
	free(client);
	d.spice_port = 5901;
	d.window.width = 0; /* host screen unknown: no size, the client decides */
	client = vm_lg_client_ini(&d);
	expect_ini(client, "spice", "port", "5901");
	assert_false(ini_get(client, "win", "size", v, sizeof(v)));
	free(client);
	d.shm = VM_SHM_FILE;
	d.display = VM_DISPLAY_NONE;
	client = vm_lg_client_ini(&d);
	expect_ini(client, "app", "shmFile", "/dev/shm/looking-glass");
	expect_ini(client, "app", "allowDMA", "no");
	expect_ini(client, "spice", "enable", "no");
	assert_false(ini_get(client, "spice", "port", v, sizeof(v)));
	free(client);
	free(host);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_size_table),
		cmocka_unit_test(test_resolution_and_bdf_parsing),
		cmocka_unit_test(test_option_txt),
		cmocka_unit_test(test_lg_ini_files),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
