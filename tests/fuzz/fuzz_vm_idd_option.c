// SPDX-License-Identifier: MIT
/*
 * libFuzzer target: IddSampleDriver's option.txt as the driver reads it
 * (a file the user copies out of the guest, so untrusted).
 *
 * Properties: every mode is a line after the first, a fatal problem names a
 * line that exists, and the largest mode is a positive one or none.
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>

#include "vm/vm_idd_option.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vm_idd_options p;
	const struct vm_resolution *m = &p.largest;

	vm_idd_option_parse((const char *)data, size, &p);
	if (p.fatal != VM_IDD_UTF16 && (p.n_lines < 1 || p.n_modes + 1 > p.n_lines))
		abort();
	if (p.fatal != VM_IDD_OK && (p.fatal_line < 1 || p.fatal_line > p.n_lines + 1))
		abort();
	if (p.n_unusable > p.n_modes || (p.n_skipped && p.first_skipped < 2))
		abort();
	if (m->width && (!m->height || !m->refresh || m->width > INT_MAX || m->height > INT_MAX ||
			 m->refresh > INT_MAX))
		abort();
	if (!m->width && (m->height || m->refresh))
		abort();
	return 0;
}
