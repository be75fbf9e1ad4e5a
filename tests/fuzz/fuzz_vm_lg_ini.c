// SPDX-License-Identifier: MIT
/*
 * libFuzzer target: the Looking Glass client's ini files as B7 reads them
 * (a user's file, so untrusted).
 *
 * Properties: values are NUL-terminated printable ASCII without a tab or a
 * CR, never start with a space, and a syntax error names a line that the
 * input has.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vm/vm_lg_ini.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_value(const char *v)
{
	size_t i, n = strnlen(v, VM_LG_INI_VALUE_MAX);

	if (n == VM_LG_INI_VALUE_MAX)
		abort();
	for (i = 0; i < n; i++)
		if ((unsigned char)v[i] < 32 || (unsigned char)v[i] > 126)
			abort();
	if (n && v[0] == ' ' && n > 1)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vm_lg_ini ini = { 0 };
	size_t lines = 1, i;

	for (i = 0; i < size; i++)
		lines += data[i] == '\n';
	if (!vm_lg_ini_parse((const char *)data, size, &ini)) {
		if (!ini.syntax_line || ini.syntax_line > lines || !ini.syntax_what)
			abort();
		return 0;
	}
	if (ini.syntax_line)
		abort();
	check_value(ini.shm_file);
	check_value(ini.spice_host);
	return 0;
}
