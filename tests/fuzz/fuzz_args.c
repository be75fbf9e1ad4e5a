// SPDX-License-Identifier: MIT
/*
 * libFuzzer target: the shared argument grammar (lib/args) over arbitrary
 * command-line text. Besides memory safety: an accepted PCI address written
 * back in the sysfs form parses to the same address, and every refusal
 * leaves a sentence.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "args/args.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char s[256], err[ARGS_ERR_MAX], buf[ARGS_PCI_STR];
	struct args_pci a, b;
	struct args_res r;
	struct args_devid d;
	unsigned long v;

	if (size >= sizeof(s))
		return 0;
	memcpy(s, data, size);
	s[size] = 0;
	err[0] = 0;
	if (!args_pci_parse(s, &a, err, sizeof(err))) {
		args_pci_format(&a, buf, sizeof(buf));
		/* field by field: the struct has padding */
		if (args_pci_parse(buf, &b, NULL, 0) || a.domain != b.domain || a.bus != b.bus ||
		    a.slot != b.slot || a.func != b.func)
			abort();
	} else if (!err[0]) {
		abort();
	}
	err[0] = 0;
	if (args_res_parse(s, &r, err, sizeof(err)) ? !err[0] : r.width > ARGS_RES_MAX_W)
		abort();
	err[0] = 0;
	if (args_devid_parse(s, &d, err, sizeof(err)) && !err[0])
		abort();
	err[0] = 0;
	if (args_uint_parse(s, "a count", 1, 1000, &v, err, sizeof(err)) ? !err[0] : v > 1000)
		abort();
	return 0;
}
