// SPDX-License-Identifier: MIT
/* ci/results: KTAP extraction from logs, IGT results.json verdicts, JUnit. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ci/results/igt_results.h"
#include "ci/results/junit.h"
#include "ci/results/ktap_doc.h"

#define IGT_FIXTURE "tests/fixtures/ci/igt/results.json"

/* Run ktap_doc_read over @log; the clean document goes to *ktap. */
static void read_log(const char *log, struct junit_suite *js, struct ktap_doc *doc, char **ktap)
{
	FILE *in = fmemopen((void *)log, strlen(log), "r");
	size_t len;
	FILE *out = open_memstream(ktap, &len);

	assert_non_null(in);
	assert_non_null(out);
	assert_int_equal(junit_init(js, "t"), 0);
	assert_int_equal(ktap_doc_read(in, out, js, doc), 0);
	fclose(in);
	fclose(out);
}

static char *junit_text(const struct junit_suite *js)
{
	char *buf;
	size_t len;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(junit_write(js, f), 0);
	fclose(f);
	return buf;
}

static void test_ktap_from_dmesg(void **state)
{
	static const char log[] = "[    5.000001] i915 0000:00:02.0: Running in SR-IOV PF mode\n"
				  "<6>[   12.345678] KTAP version 1\n"
				  "[   12.345679] 1..4\n"
				  "[   12.345680] # pf_scenarios: enable 7 VFs\n"
				  "[   12.345681] i915_sriov_pf: unrelated line between results\n"
				  "[   12.345682] ok 1 enable_seven\n"
				  "[   12.345683]     KTAP version 1\n"
				  "[   12.345684]     1..2\n"
				  "[   12.345685]     ok 1 flr_vf1\n"
				  "[   12.345686]     not ok 2 flr_vf2\n"
				  "[   12.345687] # flr: expected FLR_DONE, got nothing\n"
				  "[   12.345688] not ok 2 flr\n"
				  "[   12.345689] ok 3 relay # SKIP no relay in this build\n"
				  "[   12.345690] ok 4 - restart\n"
				  "[   12.345691] ok 5 not part of the plan\n";
	struct junit_suite js;
	struct ktap_doc doc;
	char *ktap;

	(void)state;
	read_log(log, &js, &doc, &ktap);
	assert_true(doc.found);
	assert_int_equal(doc.planned, 4);
	assert_int_equal(doc.passed, 2);
	assert_int_equal(doc.failed, 1);
	assert_int_equal(doc.skipped, 1);
	assert_false(ktap_doc_ok(&doc));
	/* Prefixes stripped, noise left out, the nested block kept, stops at the plan. */
	assert_string_equal(ktap, "KTAP version 1\n1..4\n# pf_scenarios: enable 7 VFs\n"
				  "ok 1 enable_seven\n    KTAP version 1\n    1..2\n"
				  "    ok 1 flr_vf1\n    not ok 2 flr_vf2\n"
				  "# flr: expected FLR_DONE, got nothing\nnot ok 2 flr\n"
				  "ok 3 relay # SKIP no relay in this build\nok 4 - restart\n");
	assert_int_equal(js.n, 4);
	assert_string_equal(js.cases[1].name, "flr");
	assert_int_equal(js.cases[1].status, JUNIT_FAIL);
	assert_non_null(strstr(js.cases[1].message, "expected FLR_DONE"));
	assert_non_null(strstr(js.cases[1].output, "    not ok 2 flr_vf2"));
	assert_int_equal(js.cases[2].status, JUNIT_SKIP);
	assert_string_equal(js.cases[2].message, "no relay in this build");
	assert_string_equal(js.cases[3].name, "restart");
	free(ktap);
	junit_free(&js);
}

static void test_ktap_all_ok(void **state)
{
	static const char log[] = "booting\nKTAP version 1\n1..2\nok 1 a\nok 2 b # SKIP\n";
	struct junit_suite js;
	struct ktap_doc doc;
	char *ktap;

	(void)state;
	read_log(log, &js, &doc, &ktap);
	assert_true(ktap_doc_ok(&doc));
	assert_int_equal(js.passed, 1);
	assert_int_equal(js.skipped, 1);
	free(ktap);
	junit_free(&js);
}

static void test_ktap_incomplete_and_missing(void **state)
{
	static const char cut[] = "KTAP version 1\n1..3\nok 1 a\nok 2 b\n";
	static const char none[] = "ok 1 looks like TAP but no version line\n";
	static const char bail[] = "TAP version 13\n1..2\nok 1 a\nBail out! no GuC\n";
	static const char noplan[] = "KTAP version 1\nok 1 a\n";
	struct junit_suite js;
	struct ktap_doc doc;
	char *ktap;

	(void)state;
	read_log(cut, &js, &doc, &ktap);
	assert_int_equal(doc.passed, 2);
	assert_false(ktap_doc_ok(&doc));
	free(ktap);
	junit_free(&js);

	read_log(none, &js, &doc, &ktap);
	assert_false(doc.found);
	assert_false(ktap_doc_ok(&doc));
	assert_string_equal(ktap, "");
	free(ktap);
	junit_free(&js);

	read_log(bail, &js, &doc, &ktap);
	assert_true(doc.bail_out);
	assert_false(ktap_doc_ok(&doc));
	free(ktap);
	junit_free(&js);

	read_log(noplan, &js, &doc, &ktap);
	assert_int_equal(doc.planned, -1);
	assert_false(ktap_doc_ok(&doc));
	free(ktap);
	junit_free(&js);
}

static void test_igt_status_mapping(void **state)
{
	(void)state;
	assert_int_equal(igt_result_status("pass"), JUNIT_PASS);
	assert_int_equal(igt_result_status("skip"), JUNIT_SKIP);
	assert_int_equal(igt_result_status("notrun"), JUNIT_SKIP);
	assert_int_equal(igt_result_status("fail"), JUNIT_FAIL);
	assert_int_equal(igt_result_status("crash"), JUNIT_FAIL);
	assert_int_equal(igt_result_status("timeout"), JUNIT_FAIL);
	assert_int_equal(igt_result_status("incomplete"), JUNIT_FAIL);
	assert_int_equal(igt_result_status("abort"), JUNIT_FAIL);
	assert_int_equal(igt_result_status("dmesg-warn"), JUNIT_FAIL);
	assert_int_equal(igt_result_status("dmesg-fail"), JUNIT_FAIL);
	assert_int_equal(igt_result_status("warn"), JUNIT_FAIL);
	assert_int_equal(igt_result_status("something-new"), JUNIT_FAIL);
}

static void test_igt_results_json(void **state)
{
	struct junit_suite js;
	char *xml;
	size_t i;
	int found = 0;

	(void)state;
	assert_int_equal(junit_init(&js, "igt"), 0);
	assert_int_equal(igt_results_read(IGT_FIXTURE, &js), 0);
	assert_int_equal(js.n, 6);
	assert_int_equal(js.passed, 1);
	assert_int_equal(js.failed, 3); /* fail, dmesg-warn, runner abort */
	assert_int_equal(js.skipped, 2);
	for (i = 0; i < js.n; i++) {
		if (strcmp(js.cases[i].name, "enable-vfs-autoprobe-on@numvfs-7"))
			continue;
		found = 1;
		assert_string_equal(js.cases[i].classname, "igt@sriov_basic");
		assert_int_equal(js.cases[i].status, JUNIT_FAIL);
		assert_non_null(strstr(js.cases[i].message, "fail: (sriov_basic:123) CRITICAL"));
		assert_true(js.cases[i].seconds > 1.99 && js.cases[i].seconds < 2.01);
	}
	assert_true(found);
	xml = junit_text(&js);
	assert_non_null(strstr(xml, "tests=\"6\" failures=\"3\" errors=\"0\" skipped=\"2\""));
	assert_non_null(strstr(xml, "probed(pf, vf) &lt;&amp;&gt;"));
	assert_null(strstr(xml, "<&>"));
	free(xml);
	/* what run-igt.sh shows of a failed run: result and whole name, as the
	 * results.json key */
	{
		char *list = NULL;
		size_t n = 0;
		FILE *f = open_memstream(&list, &n);

		assert_non_null(f);
		igt_results_print_failed(&js, f);
		fclose(f);
		assert_string_equal(
			list, "  fail       igt@sriov_basic@enable-vfs-autoprobe-on@numvfs-7\n"
			      "  dmesg-warn igt@i915_sriov_provisioning@vf-flr\n"
			      "  fail       igt@runner@aborted\n");
		free(list);
	}
	junit_free(&js);
}

static void test_igt_results_bad_input(void **state)
{
	struct junit_suite js;
	char path[] = "/tmp/ci-results-XXXXXX";
	int fd;
	FILE *f;

	(void)state;
	assert_int_equal(junit_init(&js, "igt"), 0);
	assert_int_equal(igt_results_read("tests/fixtures/ci/igt/absent.json", &js), -ENOENT);

	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fputs("{\"results_version\": 10, \"tests\": {}}", f);
	fclose(f);
	assert_int_equal(igt_results_read(path, &js), -ENODATA);

	f = fopen(path, "w");
	fputs("{\"results_version\": 10}", f);
	fclose(f);
	assert_int_equal(igt_results_read(path, &js), -EBADMSG);

	f = fopen(path, "w");
	fputs("{\"tests\": {\"igt@a@b\": ", f); /* cut short */
	fclose(f);
	assert_int_equal(igt_results_read(path, &js), -EBADMSG);
	unlink(path);
	junit_free(&js);
}

static void test_junit_escaping(void **state)
{
	struct junit_suite js;
	char *xml;

	(void)state;
	assert_int_equal(junit_init(&js, "s\"<1>"), 0);
	assert_int_equal(
		junit_add(&js, NULL, "a&b", JUNIT_FAIL, "x 'y' \x01\x1b[1m", "out\r\n", 0.5), 0);
	assert_int_equal(junit_add(&js, "c", "ok", JUNIT_PASS, NULL, NULL, 0.25), 0);
	xml = junit_text(&js);
	assert_non_null(strstr(xml,
			       "<testsuite name=\"s&quot;&lt;1&gt;\" tests=\"2\" failures=\"1\" "
			       "errors=\"0\" skipped=\"0\" time=\"0.750\">"));
	assert_non_null(strstr(xml, "classname=\"s&quot;&lt;1&gt;\" name=\"a&amp;b\""));
	assert_non_null(strstr(xml, "<failure message=\"x &apos;y&apos; [1m\"/>"));
	assert_non_null(strstr(xml, "<system-out>out&#13;\n</system-out>"));
	assert_non_null(strstr(xml, "<testcase classname=\"c\" name=\"ok\" time=\"0.250\"/>"));
	free(xml);
	junit_free(&js);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ktap_from_dmesg),
		cmocka_unit_test(test_ktap_all_ok),
		cmocka_unit_test(test_ktap_incomplete_and_missing),
		cmocka_unit_test(test_igt_status_mapping),
		cmocka_unit_test(test_igt_results_json),
		cmocka_unit_test(test_igt_results_bad_input),
		cmocka_unit_test(test_junit_escaping),
	};

	return cmocka_run_group_tests_name("ci_results", tests, NULL, NULL);
}
