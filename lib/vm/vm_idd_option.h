/* SPDX-License-Identifier: MIT */
/*
 * Reading a user's IddSampleDriver option.txt (ge9's fork, the one the
 * guide installs) the way the driver itself reads it, so `vm check` can
 * size the shared memory for the modes the virtual monitor really offers
 * (guide section 3, step 7) and say which lines the driver skips or
 * stumbles on. vm_guest_files.c writes the same format.
 *
 * The driver's rules: line 1 is the monitor count, read with std::stoi;
 * every later line is split at each ',' and is a mode only when it has
 * exactly three fields and the first field does not begin with '#'; each
 * field of a mode goes through std::stoi. std::stoi skips leading white
 * space, takes an optional sign and at least one decimal digit, ignores
 * what follows the digits, and throws when there is no digit or the value
 * does not fit an int. Nothing in the driver catches that exception, so
 * one such line means no virtual monitor at all. A missing file reads as
 * an empty first line and fails the same way.
 */
#ifndef VM_IDD_OPTION_H
#define VM_IDD_OPTION_H

#include <stdbool.h>
#include <stddef.h>

#include "vm/vm_domain_types.h"

/* What stops the driver: the first such problem, in file order. */
enum vm_idd_fatal {
	VM_IDD_OK,
	VM_IDD_UTF16, /* saved as UTF-16 ("Unicode" in Notepad) */
	VM_IDD_BOM, /* UTF-8 byte-order mark before the count */
	VM_IDD_COUNT_NAN, /* line 1 has no number */
	VM_IDD_COUNT_RANGE, /* line 1's number does not fit an int */
	VM_IDD_MODE_NAN, /* a mode field without a number */
	VM_IDD_MODE_RANGE, /* a mode field that does not fit an int */
};

struct vm_idd_options {
	enum vm_idd_fatal fatal;
	unsigned int fatal_line; /* 1-based line of @fatal */
	unsigned int fatal_field; /* 1-based field, for the MODE_* kinds */
	long long monitors; /* line 1's value when it parsed (the driver keeps
			     * it as an unsigned int: -1 is 4294967295) */
	unsigned int n_modes; /* lines the driver takes as modes */
	struct vm_resolution largest; /* by area, among the usable modes */
	unsigned int n_unusable; /* modes with a value below 1 */
	unsigned int first_unusable; /* its line */
	unsigned int n_skipped; /* lines that look like a mode but are not one */
	unsigned int first_skipped; /* its line */
	unsigned int n_lines;
};

/**
 * vm_idd_option_parse - read option.txt as IddSampleDriver does
 * @text: the file's bytes (untrusted; need not be NUL-terminated)
 * @len: their number
 * @out: result
 *
 * The driver gives up at the first line that throws; this reads on, so
 * that @n_modes and @largest are what the driver offers once that line is
 * fixed, and @fatal names the first problem.
 */
void vm_idd_option_parse(const char *text, size_t len, struct vm_idd_options *out);

#endif
