// SPDX-License-Identifier: MIT
/*
 * libFuzzer target: the kernel .config parser (/boot/config-*, a
 * decompressed /proc/config.gz).
 *
 * Properties: every entry names a symbol "CONFIG_" plus at least one
 * character, no value holds a newline, and host_kconfig_get() finds each
 * entry's own value.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "host/host_kconfig.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct host_kconfig k;
	size_t i;

	if (host_kconfig_parse((const char *)data, size, &k))
		return 0;
	for (i = 0; i < k.n; i++) {
		bool listed;
		const char *v = host_kconfig_get(&k, k.e[i].name, &listed);

		if (strncmp(k.e[i].name, "CONFIG_", 7) || strlen(k.e[i].name) < 8 || !listed)
			abort();
		if (v != k.e[i].value || (v && strchr(v, '\n')))
			abort();
	}
	host_kconfig_free(&k);
	return 0;
}
