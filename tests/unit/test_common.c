// SPDX-License-Identifier: MIT
/*
 * lib/common: the whole-file reader against what real files do (a FIFO whose
 * writer is slow or absent, a pipe giving short reads, a directory, a
 * procfs file that says it is empty, an endless device, a file one byte
 * over the limit), and the HTML and XML escapes byte for byte.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "common/common_escape.h"
#include "common/common_file.h"

struct tmp {
	char dir[512];
	char path[600];
};

static int setup(void **state)
{
	struct tmp *t = calloc(1, sizeof(*t));
	const char *tmp = getenv("TMPDIR");

	if (!t)
		return -1;
	snprintf(t->dir, sizeof(t->dir), "%s/test_common.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(t->dir))
		return -1;
	snprintf(t->path, sizeof(t->path), "%s/f", t->dir);
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct tmp *t = *state;

	unlink(t->path);
	rmdir(t->dir);
	free(t);
	return 0;
}

static void put(const char *path, const char *data, size_t n)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

/* The reader's outputs after a failure: nothing, whatever was there. */
static void read_fails(const char *path, size_t max, unsigned int flags, int want)
{
	char *buf = (char *)"stale";
	size_t len = 99;

	assert_int_equal(common_read_file(path, max, flags, &buf, &len), want);
	assert_null(buf);
	assert_int_equal(len, 0);
}

static void test_a_regular_file_is_read_whole_and_nul_terminated(void **state)
{
	struct tmp *t = *state;
	static const char data[] = "line one\nline\0two\n";
	char *buf;
	size_t len;

	put(t->path, data, sizeof(data) - 1);
	assert_int_equal(common_read_file(t->path, 1 << 20, COMMON_READ_REGULAR, &buf, &len), 0);
	assert_int_equal(len, sizeof(data) - 1);
	assert_memory_equal(buf, data, len);
	assert_int_equal(buf[len], '\0');
	free(buf);
	/* @len may be NULL for text */
	assert_int_equal(common_read_file(t->path, 1 << 20, 0, &buf, NULL), 0);
	assert_string_equal(buf, "line one\nline");
	free(buf);
}

static void test_an_empty_file_gives_an_empty_string_not_null(void **state)
{
	struct tmp *t = *state;
	char *buf;
	size_t len = 7;

	put(t->path, "", 0);
	assert_int_equal(common_read_file(t->path, 16, 0, &buf, &len), 0);
	assert_non_null(buf);
	assert_int_equal(len, 0);
	assert_string_equal(buf, "");
	free(buf);
}

static void test_the_limit_is_inclusive_and_one_byte_more_is_efbig(void **state)
{
	struct tmp *t = *state;
	char data[20000], *buf;
	size_t len;

	memset(data, 'x', sizeof(data));
	put(t->path, data, sizeof(data));
	assert_int_equal(common_read_file(t->path, sizeof(data), 0, &buf, &len), 0);
	assert_int_equal(len, sizeof(data));
	free(buf);
	read_fails(t->path, sizeof(data) - 1, 0, -EFBIG);
	read_fails(t->path, 0, 0, -EFBIG);
}

static void test_a_directory_is_eisdir_and_a_missing_file_enoent(void **state)
{
	struct tmp *t = *state;

	read_fails(t->dir, 1 << 20, 0, -EISDIR);
	read_fails(t->dir, 1 << 20, COMMON_READ_REGULAR, -EISDIR);
	read_fails(t->path, 1 << 20, 0, -ENOENT);
}

static void test_a_fifo_without_writer_reads_empty_at_once(void **state)
{
	struct tmp *t = *state;
	char *buf;
	size_t len = 1;

	assert_int_equal(mkfifo(t->path, 0600), 0);
	/* a blocking open would hang here: the alarm fails the test instead */
	alarm(10);
	assert_int_equal(common_read_file(t->path, 1 << 20, 0, &buf, &len), 0);
	alarm(0);
	assert_int_equal(len, 0);
	free(buf);
	read_fails(t->path, 1 << 20, COMMON_READ_REGULAR, -EINVAL);
}

/* A child that writes @total bytes of a known pattern in @chunk-byte
 * writes, pausing between them: the reader sees many short reads. */
static pid_t slow_writer(int fd, size_t total, size_t chunk)
{
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid)
		return pid;
	for (size_t done = 0; done < total;) {
		char b[4096];
		size_t n = total - done < chunk ? total - done : chunk;

		for (size_t i = 0; i < n; i++)
			b[i] = (char)('a' + (done + i) % 26);
		if (write(fd, b, n) != (ssize_t)n)
			_exit(1);
		done += n;
		if (done % (chunk * 64) == 0)
			usleep(1000);
	}
	_exit(0);
}

static void check_pattern(const char *buf, size_t len, size_t total)
{
	assert_int_equal(len, total);
	for (size_t i = 0; i < len; i++)
		if (buf[i] != (char)('a' + i % 26))
			fail_msg("byte %zu is %d", i, buf[i]);
}

static void test_a_fifo_with_a_slow_writer_is_read_to_its_end(void **state)
{
	struct tmp *t = *state;
	int fd, status;
	char *buf;
	size_t len;
	pid_t pid;

	assert_int_equal(mkfifo(t->path, 0600), 0);
	/* The writer holds the FIFO open before the reader comes (O_RDWR does
	 * not wait), so the reader cannot find it without one. */
	fd = open(t->path, O_RDWR);
	assert_true(fd >= 0);
	pid = slow_writer(fd, 100000, 777);
	close(fd);
	assert_int_equal(common_read_file(t->path, 1 << 20, 0, &buf, &len), 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	check_pattern(buf, len, 100000);
	free(buf);
}

static void test_a_pipe_of_short_reads_and_one_over_the_limit(void **state)
{
	int pfd[2], status;
	char *buf = (char *)"stale";
	size_t len;
	pid_t pid;

	(void)state;
	assert_int_equal(pipe(pfd), 0);
	pid = slow_writer(pfd[1], 300001, 13);
	close(pfd[1]);
	assert_int_equal(common_read_fd(pfd[0], 300001, &buf, &len), 0);
	close(pfd[0]);
	waitpid(pid, &status, 0);
	check_pattern(buf, len, 300001);
	free(buf);

	assert_int_equal(pipe(pfd), 0);
	pid = slow_writer(pfd[1], 300001, 13);
	close(pfd[1]);
	assert_int_equal(common_read_fd(pfd[0], 300000, &buf, &len), -EFBIG);
	assert_null(buf);
	close(pfd[0]);
	/* the writer may be stopped by SIGPIPE: that is the reader's right */
	waitpid(pid, &status, 0);
}

static void test_procfs_that_says_size_zero_is_read_anyway(void **state)
{
	struct stat st;
	char *buf;
	size_t len;

	(void)state;
	assert_int_equal(stat("/proc/self/status", &st), 0);
	assert_int_equal(st.st_size, 0);
	assert_int_equal(common_read_file("/proc/self/status", 1 << 20, 0, &buf, &len), 0);
	assert_true(len > 0);
	assert_non_null(strstr(buf, "Name:"));
	free(buf);
}

static void test_sysfs_that_says_4096_is_read_under_a_small_limit(void **state)
{
	static const char path[] = "/sys/kernel/mm/transparent_hugepage/enabled";
	struct stat st;
	char *buf;
	size_t len;

	(void)state;
	if (stat(path, &st)) {
		print_message("%s is absent (no sysfs, or a kernel without THP)\n", path);
		skip();
	}
	assert_true(st.st_size >= 4096);
	assert_int_equal(common_read_file(path, 256, 0, &buf, &len), 0);
	assert_true(len > 0 && len < 256);
	free(buf);
}

static void test_a_file_shorter_than_its_size_at_open_is_enodata_when_asked(void **state)
{
	static const char path[] = "/sys/kernel/uevent_seqnum";
	struct tmp *t = *state;
	char *buf;
	size_t len;

	/* sysfs: regular, 4096 bytes by stat, a few by read */
	if (access(path, R_OK)) {
		print_message("%s is absent (no sysfs)\n", path);
		skip();
	}
	read_fails(path, 1 << 20, COMMON_READ_STABLE, -ENODATA);
	assert_int_equal(common_read_file(path, 1 << 20, 0, &buf, &len), 0);
	assert_true(len > 0 && len < 4096);
	free(buf);
	/* a file that stays as it was opened reads whole, and a FIFO has no size */
	put(t->path, "stable\n", 7);
	assert_int_equal(common_read_file(t->path, 1 << 20, COMMON_READ_STABLE, &buf, &len), 0);
	assert_int_equal(len, 7);
	free(buf);
	unlink(t->path);
	assert_int_equal(mkfifo(t->path, 0600), 0);
	assert_int_equal(common_read_file(t->path, 1 << 20, COMMON_READ_STABLE, &buf, &len), 0);
	assert_int_equal(len, 0);
	free(buf);
}

static void test_an_endless_device_stops_at_the_limit(void **state)
{
	(void)state;
	read_fails("/dev/zero", 1 << 20, 0, -EFBIG);
	read_fails("/dev/zero", 1 << 20, COMMON_READ_REGULAR, -EINVAL);
}

struct failing {
	int calls;
};

static ssize_t fail_third(void *ctx, void *dst, size_t n)
{
	struct failing *f = ctx;

	if (++f->calls == 3)
		return -EIO;
	memset(dst, 'y', n < 5 ? n : 5);
	return n < 5 ? (ssize_t)n : 5;
}

static void test_a_read_error_midway_gives_nothing(void **state)
{
	struct failing f = { 0 };
	char *buf = (char *)"stale";
	size_t len = 3;

	(void)state;
	assert_int_equal(common_read_stream(fail_third, &f, 1 << 20, &buf, &len), -EIO);
	assert_null(buf);
	assert_int_equal(len, 0);
}

static void escaped(const char *s, enum common_escape_mode mode, const char *want)
{
	char out[256] = "";
	FILE *f = fmemopen(out, sizeof(out) - 1, "w");

	assert_non_null(f);
	common_escape(f, s, mode);
	fclose(f);
	assert_string_equal(out, want);
}

static void test_html_escapes_four_and_passes_the_rest(void **state)
{
	(void)state;
	escaped("a<b>&\"c\"'d'\t\n\r\x01\xc2\xb5", COMMON_ESCAPE_HTML,
		"a&lt;b&gt;&amp;&quot;c&quot;'d'\t\n\r\x01\xc2\xb5");
	escaped(NULL, COMMON_ESCAPE_HTML, "");
	escaped("", COMMON_ESCAPE_HTML, "");
}

static void test_xml_also_escapes_apostrophe_cr_and_drops_controls(void **state)
{
	(void)state;
	escaped("a<b>&\"c\"'d'\t\n\r\x01\x1f\x7f\xc2\xb5", COMMON_ESCAPE_XML,
		"a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;\t\n&#13;\x7f\xc2\xb5");
	escaped(NULL, COMMON_ESCAPE_XML, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			test_a_regular_file_is_read_whole_and_nul_terminated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_an_empty_file_gives_an_empty_string_not_null,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_the_limit_is_inclusive_and_one_byte_more_is_efbig, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_a_directory_is_eisdir_and_a_missing_file_enoent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_fifo_without_writer_reads_empty_at_once,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_fifo_with_a_slow_writer_is_read_to_its_end,
						setup, teardown),
		cmocka_unit_test(test_a_pipe_of_short_reads_and_one_over_the_limit),
		cmocka_unit_test(test_procfs_that_says_size_zero_is_read_anyway),
		cmocka_unit_test(test_sysfs_that_says_4096_is_read_under_a_small_limit),
		cmocka_unit_test_setup_teardown(
			test_a_file_shorter_than_its_size_at_open_is_enodata_when_asked, setup,
			teardown),
		cmocka_unit_test(test_an_endless_device_stops_at_the_limit),
		cmocka_unit_test(test_a_read_error_midway_gives_nothing),
		cmocka_unit_test(test_html_escapes_four_and_passes_the_rest),
		cmocka_unit_test(test_xml_also_escapes_apostrophe_cr_and_drops_controls),
	};

	/* a writer stopped early must not take the test down with it */
	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
