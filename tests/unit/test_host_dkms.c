// SPDX-License-Identifier: MIT
/*
 * vfctl doctor's dkms findings (lib/host/host_check_dkms.c over lib/dkms)
 * on the host fixture trees: the healthy base, a driver release whose range
 * excludes the running kernel, a driver not built with no headers (the
 * range passes; the headers are driver.dkms's), and Secure Boot with dkms's
 * certificate not enrolled.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "host/host_doctor.h"
#include "tests/unit/host_fixture.h"

struct expect {
	const char *fixture;
	const char *id;
	enum host_status status;
	const char *hint; /* substring of the fix, or NULL for none */
	const char *evidence; /* substring of the evidence, or NULL */
};

static const struct expect cases[] = {
	{ "base", "dkms.kernel", HOST_PASS, NULL },
	{ "base", "dkms.signing", HOST_PASS, NULL },
	{ "dkms-excluded", "dkms.kernel", HOST_FAIL,
	  "boot an installed kernel it supports (6.17.9-amd64)" },
	{ "dkms-no-headers", "dkms.kernel", HOST_PASS, NULL, "no headers for 6.12.48+deb13-amd64" },
	{ "dkms-secureboot", "dkms.kernel", HOST_PASS, NULL },
	{ "dkms-secureboot", "dkms.signing", HOST_FAIL, "mokutil --import /var/lib/dkms/mok.pub" },
};

static void test_findings(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct expect *e = &cases[i];
		struct host_doctor_opts o = { 0 };
		struct host_report r = { 0 };
		const struct host_finding *f;
		struct host_fixture fx;

		assert_int_equal(host_fixture_make(e->fixture, &fx), 0);
		o.root = fx.root;
		assert_int_equal(host_doctor_run(&o, &r), 0);
		f = host_report_get(&r, e->id);
		if (!f)
			fail_msg("%s: no finding %s", e->fixture, e->id);
		if (f->status != e->status)
			fail_msg("%s: %s is %s, expected %s: %s | %s", e->fixture, e->id,
				 host_status_name(f->status), host_status_name(e->status),
				 f->message, f->evidence);
		assert_true(f->evidence[0]);
		if (e->hint && !strstr(f->hint, e->hint))
			fail_msg("%s: %s hint \"%s\" lacks \"%s\"", e->fixture, e->id, f->hint,
				 e->hint);
		if (e->evidence && !strstr(f->evidence, e->evidence))
			fail_msg("%s: %s evidence \"%s\" lacks \"%s\"", e->fixture, e->id,
				 f->evidence, e->evidence);
		if (e->status == HOST_FAIL)
			assert_true(f->hint[0]);
		host_report_free(&r);
		host_fixture_free(&fx);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_findings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
