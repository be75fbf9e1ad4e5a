/* SPDX-License-Identifier: MIT */
/*
 * /etc/sysfs.conf and the .conf files of /etc/sysfs.d, read as Debian's sysfsutils
 * boot script reads them (the guide's way of enabling VFs at boot).
 */
#ifndef HOST_SYSFS_CONF_H
#define HOST_SYSFS_CONF_H

#include <stddef.h>

enum host_sysfs_conf_kind {
	HOST_SYSFS_CONF_NONE, /* blank or a comment */
	HOST_SYSFS_CONF_VALUE, /* "attribute = value": the value is written */
	HOST_SYSFS_CONF_MODE, /* "mode attribute = 0660": a chmod */
	HOST_SYSFS_CONF_OWNER, /* "owner attribute = root:kvm": a chown */
	HOST_SYSFS_CONF_SYNTAX, /* the script stops here, this file and the rest */
};

struct host_sysfs_conf_line {
	enum host_sysfs_conf_kind kind;
	char attr[512]; /* under /sys, may be a glob(7) pattern */
	char value[128]; /* as written to the attribute (a "\r" stays) */
};

/**
 * host_sysfs_conf_line - one line as the sysfsutils script takes it
 * @line: the line, without its newline (untrusted; need not be terminated)
 * @len: its length
 * @out: result
 *
 * The script drops everything from a '#', skips blank lines, turns
 * "A [B] = C" (A and B words without '=' or space) into "A B C", and splits
 * the result into a first word, a second and the rest as the shell's read
 * does (spaces, tabs; a "\r" is no separator). "mode" and "owner" with a
 * path and an argument are chmod and chown; a path and one word write the
 * word ("path = 7", also "path 7"); anything else is a syntax error, after
 * which the script exits, so no later line or file is applied.
 *
 * Return: @out->kind; a part too long for @out is a syntax error.
 */
enum host_sysfs_conf_kind host_sysfs_conf_line(const char *line, size_t len,
					       struct host_sysfs_conf_line *out);

/**
 * host_sysfs_value_u16 - a value as a u16 sysfs attribute (sriov_numvfs)
 * takes it
 * @v: the value written
 *
 * kstrtou16(v, 0): an optional '+', "0x" hex, a leading 0 octal or decimal,
 * one trailing newline at most; anything else or above 65535 is refused
 * (the write fails and nothing changes).
 *
 * Return: the number, or -1 when it is refused.
 */
int host_sysfs_value_u16(const char *v);

#endif
