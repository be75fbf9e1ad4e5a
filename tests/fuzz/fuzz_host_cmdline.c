// SPDX-License-Identifier: MIT
/*
 * libFuzzer target: the kernel command line parser (a saved /proc/cmdline
 * or a fixture is untrusted text).
 *
 * Properties besides memory safety: no parameter is longer than the input,
 * no key holds white space outside quotes, looking up each key finds a
 * parameter with the same key (the last one), the intel_iommu and
 * passthrough switches are on, off or unset (passthrough set only by a
 * word it names), an igfx_off word is an intel_iommu one, every value
 * read as an int is refused or a number a second read gives again, a
 * value read as a bool is on, off or refused, the nomodeset word found is
 * one, an initcall_blacklist word found lists the function and loses it
 * (only it) when it is taken out, and a module named as blacklisted is named by one of the two
 * blacklist parameters.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "host/host_cmdline.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct host_cmdline_param *by;
	const char *bl;
	struct host_cmdline c;
	int n, m, pt;
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
		if (c.p[i].value) {
			int b = host_cmdline_bool(c.p[i].value, strlen(c.p[i].value));

			if (b < -1 || b > 1)
				abort();
		}
		if (!host_cmdline_int(c.p[i].value, &n) &&
		    (host_cmdline_int(c.p[i].value, &m) || m != n))
			abort();
	}
	pt = host_cmdline_iommu_pt(&c, &by);
	if (pt < -1 || pt > 1 || (pt >= 0) != (by != NULL))
		abort();
	by = host_cmdline_igfx_off(&c);
	if (by && !host_cmdline_name_eq(by->key, strlen(by->key), "intel_iommu", 11))
		abort();
	if (host_cmdline_intel_iommu(&c) < -1 || host_cmdline_intel_iommu(&c) > 1)
		abort();
	by = host_cmdline_initcall_blacklisted(&c, "i915_init");
	if (by && !host_cmdline_list_has(by->value, "i915_init"))
		abort();
	if (by) {
		char rest[64];

		if (!host_cmdline_list_without(by->value, "i915_init", rest, sizeof(rest)) &&
		    (host_cmdline_list_has(rest, "i915_init") || strlen(rest) >= strlen(by->value)))
			abort();
	}
	by = host_cmdline_nomodeset(&c);
	if (by && strcmp(by->key, "nomodeset"))
		abort();
	bl = host_cmdline_blacklists(&c, "i915");
	if (bl && strcmp(bl, "module_blacklist") && strcmp(bl, "modprobe.blacklist"))
		abort();
	host_cmdline_free(&c);
	return 0;
}
