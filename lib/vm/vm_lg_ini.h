/* SPDX-License-Identifier: MIT */
/*
 * The Looking Glass client's ini files (/etc/looking-glass-client.ini,
 * ~/.looking-glass-client.ini, ~/.config/looking-glass/client.ini, read in
 * that order, a later value winning), read by the B7 client's own rules, as
 * far as `vm check` compares them with the VM: which shared memory the
 * client opens and where it dials SPICE.
 *
 * The rules (common/src/option.c of B7): bytes outside printable ASCII,
 * tabs included, are dropped wherever they are, and '\r' too; "[module]"
 * starts at the beginning of a line and must be followed by the newline at
 * once (even a space is a syntax error); ';' as the first character of a
 * line comments it out ('#' does not); "name = value" is split at the first
 * '=', both sides trimmed of spaces; module and name match without regard
 * to case; a syntax error makes the client refuse to start.
 */
#ifndef VM_LG_INI_H
#define VM_LG_INI_H

#include <stdbool.h>
#include <stddef.h>

#define VM_LG_INI_VALUE_MAX 256

struct vm_lg_ini {
	unsigned int syntax_line; /* 1-based line of the first syntax error, or 0 */
	const char *syntax_what; /* static text, when syntax_line */
	bool have_shm;
	char shm_file[VM_LG_INI_VALUE_MAX]; /* app:shmFile */
	bool have_spice_enable;
	bool spice_enable; /* spice:enable, B7's bool words */
	bool have_spice_host;
	char spice_host[VM_LG_INI_VALUE_MAX];
	bool have_spice_port;
	long spice_port; /* spice:port through atol() */
	bool truncated; /* a value longer than VM_LG_INI_VALUE_MAX - 1 */
};

/**
 * vm_lg_ini_parse - read one client ini file over what earlier ones set
 * @text: the file (untrusted; need not be NUL-terminated)
 * @len: its length
 * @ini: result; zero it before the first file, keep it across files
 *
 * Return: true when the client would load the file, false on a syntax
 * error (@ini->syntax_line says where; the client then does not start).
 */
bool vm_lg_ini_parse(const char *text, size_t len, struct vm_lg_ini *ini);

#endif
