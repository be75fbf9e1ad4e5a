// SPDX-License-Identifier: MIT
/*
 * The in-kernel self-test scenarios (kernel/selftest/pf_scenarios.c), run in
 * user space: one cmocka test per scenario, so that the module's KTAP and
 * this suite check the same things.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "selftest/pf_scenarios.h"

/* Show the scenarios' "# ..." diagnostics, as the module's log would. */
static void print_diagnostics(int level, const char *msg)
{
	if (level <= COMPAT_LOGLEVEL_WARNING || msg[0] == '#' || getenv("GUC_TEST_VERBOSE"))
		fprintf(stderr, "%s", msg);
}

static void run_scenario(void **state)
{
	const struct pf_scenario *s = *state;

	assert_int_equal(s->run(), 0);
}

int main(void)
{
	struct CMUnitTest *tests = calloc(pf_num_scenarios, sizeof(*tests));
	unsigned int i;
	int failed;

	if (!tests)
		return 1;
	compat_log_sink = print_diagnostics;
	for (i = 0; i < pf_num_scenarios; i++) {
		tests[i].name = pf_scenarios[i].name;
		tests[i].test_func = run_scenario;
		tests[i].initial_state = (void *)&pf_scenarios[i];
	}
	failed = _cmocka_run_group_tests("pf_selftest", tests, pf_num_scenarios, NULL, NULL);
	free(tests);
	return failed;
}
