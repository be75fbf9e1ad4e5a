// SPDX-License-Identifier: MIT
/*
 * sysfs.conf lines as Debian's sysfsutils 2.1.1 boot script takes them
 * (/etc/init.d/sysfsutils: a sed expression, then read f1 f2 f3, then
 * mode/owner/value/syntax error), and values as kstrtou16() reads them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "host/host_sysfs_conf.h"

#define PF_NUMVFS "devices/pci0000:00/0000:00:02.0/sriov_numvfs"

static enum host_sysfs_conf_kind line(const char *s, struct host_sysfs_conf_line *l)
{
	return host_sysfs_conf_line(s, strlen(s), l);
}

static void want_value(const char *s, const char *attr, const char *value)
{
	struct host_sysfs_conf_line l;

	if (line(s, &l) != HOST_SYSFS_CONF_VALUE)
		fail_msg("'%s' is not a value line (%d)", s, l.kind);
	assert_string_equal(l.attr, attr);
	assert_string_equal(l.value, value);
}

static void test_values(void **state)
{
	(void)state;
	/* the guide's line, and the spellings the script takes the same */
	want_value(PF_NUMVFS " = 7", PF_NUMVFS, "7");
	want_value(PF_NUMVFS "=7", PF_NUMVFS, "7");
	want_value("  " PF_NUMVFS "\t=\t7  ", PF_NUMVFS, "7");
	/* no '=' at all: read still splits path and value */
	want_value(PF_NUMVFS " 7", PF_NUMVFS, "7");
	/* a comment goes, whatever numbers it holds */
	want_value(PF_NUMVFS " = 2 # up to 7", PF_NUMVFS, "2");
	want_value(PF_NUMVFS " = 2#7", PF_NUMVFS, "2");
	/* a CRLF file: read keeps the "\r" in the value */
	want_value(PF_NUMVFS " = 7\r", PF_NUMVFS, "7\r");
	want_value("bus/pci/devices/*/sriov_numvfs = 7", "bus/pci/devices/*/sriov_numvfs", "7");
}

static void test_other_kinds(void **state)
{
	struct host_sysfs_conf_line l;

	(void)state;
	assert_int_equal(line("", &l), HOST_SYSFS_CONF_NONE);
	assert_int_equal(line("   \t", &l), HOST_SYSFS_CONF_NONE);
	assert_int_equal(line("# " PF_NUMVFS " = 7", &l), HOST_SYSFS_CONF_NONE);
	assert_int_equal(line("  # x", &l), HOST_SYSFS_CONF_NONE);
	/* a chmod and a chown, not a VF count */
	assert_int_equal(line("mode " PF_NUMVFS " = 0664", &l), HOST_SYSFS_CONF_MODE);
	assert_string_equal(l.attr, PF_NUMVFS);
	assert_string_equal(l.value, "0664");
	assert_int_equal(line("owner " PF_NUMVFS " = root:kvm", &l), HOST_SYSFS_CONF_OWNER);
	/* the script's syntax errors: it stops there */
	assert_int_equal(line(PF_NUMVFS " = 7 8", &l), HOST_SYSFS_CONF_SYNTAX);
	assert_int_equal(line(PF_NUMVFS " =", &l), HOST_SYSFS_CONF_SYNTAX);
	assert_int_equal(line(PF_NUMVFS, &l), HOST_SYSFS_CONF_SYNTAX);
	assert_int_equal(line("echo 7 > /sys/" PF_NUMVFS, &l), HOST_SYSFS_CONF_SYNTAX);
	assert_int_equal(line("= 7", &l), HOST_SYSFS_CONF_SYNTAX);
	/* "mode = 5" is a value for an attribute named mode */
	assert_int_equal(line("mode = 5", &l), HOST_SYSFS_CONF_VALUE);
	assert_string_equal(l.attr, "mode");
	/* not terminated: the length is the limit */
	assert_int_equal(host_sysfs_conf_line(PF_NUMVFS " = 7 8", strlen(PF_NUMVFS) + 4, &l),
			 HOST_SYSFS_CONF_VALUE);
	assert_string_equal(l.value, "7");
}

static void test_u16(void **state)
{
	(void)state;
	assert_int_equal(host_sysfs_value_u16("7"), 7);
	assert_int_equal(host_sysfs_value_u16("7\n"), 7);
	assert_int_equal(host_sysfs_value_u16("+7"), 7);
	assert_int_equal(host_sysfs_value_u16("0x7"), 7);
	assert_int_equal(host_sysfs_value_u16("010"), 8);
	assert_int_equal(host_sysfs_value_u16("0"), 0);
	assert_int_equal(host_sysfs_value_u16("65535"), 65535);
	assert_int_equal(host_sysfs_value_u16("65536"), -1);
	assert_int_equal(host_sysfs_value_u16("7\r"), -1);
	assert_int_equal(host_sysfs_value_u16("7\n\n"), -1);
	assert_int_equal(host_sysfs_value_u16("08"), -1);
	assert_int_equal(host_sysfs_value_u16("-1"), -1);
	assert_int_equal(host_sysfs_value_u16(""), -1);
	assert_int_equal(host_sysfs_value_u16("0x"), -1); /* "0", then an x */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_other_kinds),
		cmocka_unit_test(test_u16),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
