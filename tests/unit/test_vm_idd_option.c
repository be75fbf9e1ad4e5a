// SPDX-License-Identifier: MIT
/*
 * IddSampleDriver's option.txt as the driver reads it (ge9's Driver.cpp:
 * getline, split at ',', exactly three fields whose first does not begin
 * with '#', std::stoi on each), and what `vm check --idd-options` makes of
 * it: the largest mode sizes the IVSHMEM, and a file the driver would choke
 * on is an error before the user blames Looking Glass. The guide author's
 * own file is the real case; the rest are the ways such a file goes wrong.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tests/unit/test_uefi_util.h"
#include "tests/unit/vm_def_util.h"
#include "vm/vm_check.h"
#include "vm/vm_domain.h"
#include "vm/vm_guest_files.h"
#include "vm/vm_idd_option.h"

#define FIX "tests/fixtures/vm/"

static void parse(const char *text, struct vm_idd_options *p)
{
	vm_idd_option_parse(text, strlen(text), p);
}

static void test_guide_author_file(void **state)
{
	struct tbuf b = t_read(FIX "idd/guide-author-option.txt");
	struct vm_idd_options p;

	(void)state;
	vm_idd_option_parse((const char *)b.p, b.len, &p);
	assert_int_equal(p.fatal, VM_IDD_OK);
	assert_int_equal(p.monitors, 1);
	assert_int_equal(p.n_modes, 9);
	assert_int_equal(p.largest.width, 3840);
	assert_int_equal(p.largest.height, 2160);
	/* the first of the largest: the driver's order, 60 Hz */
	assert_int_equal(p.largest.refresh, 60);
	assert_int_equal(p.n_skipped, 0);
	assert_int_equal(p.n_unusable, 0);
	t_free(&b);
}

/* std::stoi: leading white space and a sign, digits, anything after them. */
static void test_stoi_rules(void **state)
{
	struct vm_idd_options p;

	(void)state;
	parse(" \t2 monitors\n1920x, 1080 px,60Hz\n", &p);
	assert_int_equal(p.fatal, VM_IDD_OK);
	assert_int_equal(p.monitors, 2);
	assert_int_equal(p.n_modes, 1);
	assert_int_equal(p.largest.width, 1920);
	assert_int_equal(p.largest.height, 1080);
	assert_int_equal(p.largest.refresh, 60);

	parse("+1\r\n2560, 1440, 60\r\n", &p);
	assert_int_equal(p.fatal, VM_IDD_OK);
	assert_int_equal(p.monitors, 1);
	assert_int_equal(p.largest.width, 2560);

	/* 0x10 is 0 in base 10 */
	parse("0x10\n", &p);
	assert_int_equal(p.fatal, VM_IDD_OK);
	assert_int_equal(p.monitors, 0);

	parse("2147483647\n", &p);
	assert_int_equal(p.fatal, VM_IDD_OK);
	parse("2147483648\n", &p);
	assert_int_equal(p.fatal, VM_IDD_COUNT_RANGE);
	parse("-2147483648\n", &p);
	assert_int_equal(p.fatal, VM_IDD_OK);
	assert_int_equal(p.monitors, INT_MIN);
	parse("99999999999999999999999\n", &p);
	assert_int_equal(p.fatal, VM_IDD_COUNT_RANGE);
}

/* What the driver takes as a mode line and what it skips. */
static void test_mode_lines(void **state)
{
	struct vm_idd_options p;

	(void)state;
	/* a trailing comma adds no field; "#" only counts at the very start */
	parse("1\n1920,1080,60,\n#4096, 2160, 60\n\n,,\n1280, 720\n", &p);
	assert_int_equal(p.fatal, VM_IDD_OK);
	assert_int_equal(p.n_modes, 1);
	assert_int_equal(p.largest.width, 1920);
	/* "1280, 720" looks like a mode but has two fields */
	assert_int_equal(p.n_skipped, 1);
	assert_int_equal(p.first_skipped, 6);

	/* four fields, and the x form users write: both skipped */
	parse("1\n1920, 1080, 60, 1\n2560x1440@60\n# 3840, 2160\n", &p);
	assert_int_equal(p.n_modes, 0);
	assert_int_equal(p.n_skipped, 2);
	assert_int_equal(p.first_skipped, 2);
	assert_int_equal(p.largest.width, 0);

	/* a comment after a space is not a comment: three fields, stoi throws */
	parse("1\n # 1920, 1080, 60\n2560, 1440, 60\n", &p);
	assert_int_equal(p.fatal, VM_IDD_MODE_NAN);
	assert_int_equal(p.fatal_line, 2);
	assert_int_equal(p.fatal_field, 1);
	/* reading goes on: the mode after it is what the fixed file offers */
	assert_int_equal(p.largest.width, 2560);

	/* an empty first field is not '#' either */
	parse("1\n,1080,60\n", &p);
	assert_int_equal(p.fatal, VM_IDD_MODE_NAN);
	parse("1\n1920,1080,\n", &p);
	assert_int_equal(p.n_modes, 0);
	assert_int_equal(p.n_skipped, 1);
	parse("1\n1920, 1080, 99999999999\n", &p);
	assert_int_equal(p.fatal, VM_IDD_MODE_RANGE);
	assert_int_equal(p.fatal_field, 3);

	parse("1\n0, 1080, 60\n-1920, 1080, 60\n", &p);
	assert_int_equal(p.fatal, VM_IDD_OK);
	assert_int_equal(p.n_modes, 2);
	assert_int_equal(p.n_unusable, 2);
	assert_int_equal(p.first_unusable, 2);
	assert_int_equal(p.largest.width, 0);
}

static void test_first_line(void **state)
{
	struct vm_idd_options p;
	static const char utf16[] = "\xFF\xFE"
				    "1\0\r\0\n\0";

	(void)state;
	parse("# monitors\n1\n1920, 1080, 60\n", &p);
	assert_int_equal(p.fatal, VM_IDD_COUNT_NAN);
	assert_int_equal(p.fatal_line, 1);
	/* the modes are still read, for the size check once it is fixed */
	assert_int_equal(p.largest.width, 1920);

	parse("\xEF\xBB\xBF"
	      "1\n1920, 1080, 60\n",
	      &p);
	assert_int_equal(p.fatal, VM_IDD_BOM);

	vm_idd_option_parse(utf16, sizeof(utf16) - 1, &p);
	assert_int_equal(p.fatal, VM_IDD_UTF16);

	/* an empty file reads like a missing one: no number */
	vm_idd_option_parse("", 0, &p);
	assert_int_equal(p.fatal, VM_IDD_COUNT_NAN);
	parse("\n", &p);
	assert_int_equal(p.fatal, VM_IDD_COUNT_NAN);
	/* no newline at the end */
	parse("1\n1920, 1080, 60", &p);
	assert_int_equal(p.fatal, VM_IDD_OK);
	assert_int_equal(p.n_modes, 1);
}

static int check(const char *domain, const char *idd, size_t len, struct vm_check_report *r)
{
	struct vm_check_opts o = {
		.root = "/nonexistent", .idd_text = idd, .idd_len = len, .idd_name = "option.txt"
	};

	return t_vm_check_fixture(domain, &o, r);
}

/* Guide section 3 step 7: the memory against the virtual monitor's modes. */
static void test_check_sizes_from_option_txt(void **state)
{
	struct tbuf b = t_read(FIX "idd/guide-author-option.txt");
	struct vm_check_report r;
	const struct vm_finding *f;

	(void)state;
	/* the author's 128 MiB kvmfr holds his largest mode, 3840x2160 */
	assert_int_equal(check("guide-author.xml", (const char *)b.p, b.len, &r), 0);
	assert_string_equal(r.mode_source, "option.txt");
	assert_int_equal(r.mode.width, 3840);
	assert_null(vm_check_find(&r, "shm-too-small"));
	assert_int_equal(t_vm_count_findings(&r, "idd-option-"), 0);
	vm_check_report_free(&r);

	/* a 32 MiB IVSHMEM does not: before, the check assumed 1920x1080 */
	assert_int_equal(check("good.xml", (const char *)b.p, b.len, &r), 0);
	f = vm_check_find(&r, "shm-too-small");
	assert_non_null(f);
	assert_non_null(strstr(f->message, "3840x2160"));
	assert_non_null(strstr(f->message, "option.txt"));
	assert_non_null(strstr(f->hint, "128 MiB"));
	vm_check_report_free(&r);
	t_free(&b);
}

static void test_check_findings(void **state)
{
	static const struct {
		const char *text, *id, *in_message;
		enum vm_severity sev;
	} cases[] = {
		{ "\xEF\xBB\xBF"
		  "1\n1920, 1080, 60\n",
		  "idd-option-unreadable", "byte-order mark", VM_SEV_ERROR },
		{ "#1\n1920, 1080, 60\n", "idd-option-unreadable", "line 1", VM_SEV_ERROR },
		{ "1\n1920, 1080, 60Hz\n 2560, 1440, sixty\n", "idd-option-unreadable",
		  "line 3, field 3", VM_SEV_ERROR },
		{ "0\n1920, 1080, 60\n", "idd-option-monitors", "0 virtual monitors",
		  VM_SEV_ERROR },
		{ "-1\n1920, 1080, 60\n", "idd-option-monitors", "4294967295", VM_SEV_ERROR },
		{ "1\n1920, 1080, 60\n2560x1440\n", "idd-option-skipped", "line 3",
		  VM_SEV_WARNING },
		{ "1\n1920, 0, 60\n1920, 1080, 60\n", "idd-option-unusable", "line 2",
		  VM_SEV_WARNING },
		{ "1\n# nothing\n", "idd-option-no-mode", "no usable mode", VM_SEV_WARNING },
	};
	struct vm_check_report r;
	const struct vm_finding *f;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(check("good.xml", cases[i].text, strlen(cases[i].text), &r), 0);
		f = vm_check_find(&r, cases[i].id);
		if (!f || f->severity != cases[i].sev || !strstr(f->message, cases[i].in_message))
			fail_msg("case %zu: want %s (%s) with '%s', got %s: %s", i, cases[i].id,
				 vm_severity_name(cases[i].sev), cases[i].in_message,
				 f ? vm_severity_name(f->severity) : "nothing",
				 f ? f->message : "");
		assert_int_equal(t_vm_count_findings(&r, "idd-option-"), 1);
		vm_check_report_free(&r);
	}
}

/* Without the option nothing changes; --resolution wins over the file. */
static void test_check_precedence(void **state)
{
	static const char four_k[] = "1\n3840, 2160, 60\n";
	struct vm_check_opts o = { .root = "/nonexistent",
				   .idd_text = four_k,
				   .idd_len = sizeof(four_k) - 1,
				   .have_mode = true,
				   .mode = { 1280, 720, 60 } };
	struct vm_check_report r;
	struct tbuf b = t_read(FIX "good.xml");

	(void)state;
	assert_int_equal(vm_check_xml((const char *)b.p, b.len, &o, &r), 0);
	assert_string_equal(r.mode_source, "option");
	assert_int_equal(r.mode.width, 1280);
	assert_null(vm_check_find(&r, "shm-too-small"));
	vm_check_report_free(&r);
	o.idd_text = NULL;
	o.have_mode = false;
	assert_int_equal(vm_check_xml((const char *)b.p, b.len, &o, &r), 0);
	assert_string_not_equal(r.mode_source, "option.txt");
	assert_int_equal(t_vm_count_findings(&r, "idd-option-"), 0);
	vm_check_report_free(&r);
	t_free(&b);
}

/* What `vfctl vm guest-files` writes, read back by the driver's rules. */
static void test_written_option_txt_reads_back(void **state)
{
	static const struct vm_resolution more[] = { { 3840, 2160, 60 }, { 2560, 1440, 144 } };
	struct vm_idd_options p;
	struct vm_domain d;
	unsigned int monitors;
	size_t i;

	(void)state;
	t_vm_domain(&d);
	for (i = 0; i < sizeof(more) / sizeof(more[0]); i++)
		assert_int_equal(vm_domain_add_resolution(&d, &more[i]), 0);
	for (monitors = 1; monitors <= 4; monitors++) {
		char *text = vm_idd_option_txt(&d, monitors);

		assert_non_null(text);
		parse(text, &p);
		assert_int_equal(p.fatal, VM_IDD_OK);
		assert_int_equal(p.monitors, monitors);
		assert_int_equal(p.n_modes, d.n_res);
		assert_int_equal(p.n_skipped, 0);
		assert_int_equal(p.largest.width, vm_domain_largest(&d)->width);
		assert_int_equal(p.largest.height, vm_domain_largest(&d)->height);
		free(text);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_guide_author_file),
		cmocka_unit_test(test_stoi_rules),
		cmocka_unit_test(test_mode_lines),
		cmocka_unit_test(test_first_line),
		cmocka_unit_test(test_check_sizes_from_option_txt),
		cmocka_unit_test(test_check_findings),
		cmocka_unit_test(test_check_precedence),
		cmocka_unit_test(test_written_option_txt_reads_back),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
