/* SPDX-License-Identifier: MIT */
/*
 * Looking Glass's ini files, and the client's among them (/etc/looking-glass-client.ini,
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

/* One option's value as the reader hands it over (NUL-terminated). */
struct vm_lg_ini_value {
	const char *s;
	size_t n;
	bool over; /* longer than the reader keeps: cut */
};

struct vm_lg_ini_error {
	unsigned int line; /* 1-based, 0 when none */
	const char *what; /* static text */
};

/* Called per "name[=value]" line; @value is NULL when the line has no '='. */
typedef void (*vm_lg_ini_fn)(void *ctx, const char *module, const char *name,
			     const struct vm_lg_ini_value *value, unsigned int line);

/**
 * vm_lg_ini_read - read a Looking Glass ini file by B7's rules
 * @text: the file (untrusted; need not be NUL-terminated)
 * @len: its length
 * @fn: called for each option line, in file order
 * @ctx: passed to @fn
 * @err: where the first syntax error is, when there is one
 *
 * The client and the host (looking-glass-host.ini) share this reader
 * (common/src/option.c). A syntax error stops the reading: the client then
 * refuses to start, the host goes on as if the file were not there.
 *
 * Return: true when the file reads, false on a syntax error.
 */
bool vm_lg_ini_read(const char *text, size_t len, vm_lg_ini_fn fn, void *ctx,
		    struct vm_lg_ini_error *err);

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
