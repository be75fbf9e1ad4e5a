// SPDX-License-Identifier: MIT
/*
 * libFuzzer target: a dpkg status database (/var/lib/dpkg/status under a
 * root prefix the user names) as host_dpkg_status_has() reads it.
 *
 * Properties besides memory safety: the answer for a package is the same
 * on a second read, and a package named nowhere in the text has no files.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "host/host_distro.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const pkgs[] = { "initramfs-tools", "dracut", "dracut-core",
					    "mkinitcpio", "" };
	char *text = malloc(size + 1);

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	for (size_t i = 0; i < sizeof(pkgs) / sizeof(pkgs[0]); i++) {
		bool has = host_dpkg_status_has(text, pkgs[i]);

		if (has != host_dpkg_status_has(text, pkgs[i]))
			abort();
		if (has && pkgs[i][0] && !strstr(text, pkgs[i]))
			abort();
	}
	free(text);
	return 0;
}
