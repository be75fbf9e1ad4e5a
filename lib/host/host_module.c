// SPDX-License-Identifier: MIT
/*
 * Kernel module state (see host_module.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/host_fs.h"
#include "host/host_module.h"

/* Module names compare with '-' == '_', as in the kernel and kmod. */
static bool mod_eq(const char *a, size_t alen, const char *b)
{
	size_t i;

	if (alen != strlen(b))
		return false;
	for (i = 0; i < alen; i++)
		if ((a[i] == '-' ? '_' : a[i]) != (b[i] == '-' ? '_' : b[i]))
			return false;
	return true;
}

bool host_module_loaded(const char *root, const char *name)
{
	char *text, *line, *save = NULL;
	bool found = false;

	if (host_read(root, "/proc/modules", &text, NULL))
		return false;
	for (line = strtok_r(text, "\n", &save); line && !found; line = strtok_r(NULL, "\n", &save))
		found = mod_eq(line, strcspn(line, " "), name);
	free(text);
	return found;
}

int host_module_file(const char *root, const char *release, const char *name, char *buf,
		     size_t size)
{
	char path[300], *text, *line, *save = NULL;
	int ret = -ENOENT;

	snprintf(path, sizeof(path), "/lib/modules/%s/modules.dep", release);
	ret = host_read(root, path, &text, NULL);
	if (ret)
		return ret;
	ret = -ENOENT;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		size_t n = strcspn(line, ":");
		const char *base = line, *s;
		size_t blen;

		if (!line[n])
			continue;
		for (s = line; s < line + n; s++)
			if (*s == '/')
				base = s + 1;
		/* "i915.ko", "i915.ko.xz", "i915.ko.zst" */
		blen = strcspn(base, ".");
		if (mod_eq(base, blen, name) && !strncmp(base + blen, ".ko", 3)) {
			line[n] = '\0';
			ret = (size_t)snprintf(buf, size, "%s", line) >= size ? -ENAMETOOLONG : 0;
			break;
		}
	}
	free(text);
	return ret;
}

int host_module_param(const char *root, const char *module, const char *param, char *buf,
		      size_t size)
{
	char path[256];

	snprintf(path, sizeof(path), "/sys/module/%s/parameters/%s", module, param);
	return host_read_line(root, path, buf, size);
}
