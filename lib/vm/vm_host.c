// SPDX-License-Identifier: MIT
/*
 * The host's CPU address width and screen, under a root prefix (vm_host.h).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vm/vm_host.h"

static FILE *open_under(const char *root, const char *path)
{
	char full[VM_PATH_MAX * 2];
	size_t rl = strlen(root);

	snprintf(full, sizeof(full), "%.*s%s", (int)(rl && root[rl - 1] == '/' ? rl - 1 : rl), root,
		 path);
	return fopen(full, "re");
}

int vm_host_phys_bits(const char *root, unsigned int *bits)
{
	char line[512];
	FILE *f = open_under(root, "/proc/cpuinfo");
	int ret = -ENOENT;

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		unsigned int b;
		char *p;

		/* "address sizes\t: 39 bits physical, 48 bits virtual" */
		if (strncmp(line, "address sizes", 13))
			continue;
		p = strchr(line, ':');
		if (p && sscanf(p + 1, "%u bits physical", &b) == 1 && b >= VM_PHYS_BITS_MIN &&
		    b <= VM_PHYS_BITS_MAX) {
			*bits = b;
			ret = 0;
		}
		break; /* every CPU has the same line */
	}
	fclose(f);
	return ret;
}

/* "card0-DP-1" and the like: a connector, not a card or a render node. */
static bool is_connector(const char *name)
{
	return !strncmp(name, "card", 4) && strchr(name, '-');
}

int vm_host_screen(const char *root, struct vm_resolution *r)
{
	char path[VM_PATH_MAX], line[64];
	struct dirent *e;
	DIR *dir;
	FILE *f;
	int ret = -ENOENT;
	size_t rl = strlen(root);

	snprintf(path, sizeof(path), "%.*s/sys/class/drm",
		 (int)(rl && root[rl - 1] == '/' ? rl - 1 : rl), root);
	dir = opendir(path);
	if (!dir)
		return -ENOENT;
	while ((e = readdir(dir))) {
		unsigned int w, h;
		char sub[VM_PATH_MAX / 2];
		bool connected;

		if (!is_connector(e->d_name) || strlen(e->d_name) > 64)
			continue;
		snprintf(sub, sizeof(sub), "/sys/class/drm/%s/status", e->d_name);
		f = open_under(root, sub);
		if (!f)
			continue;
		connected = fgets(line, sizeof(line), f) && !strncmp(line, "connected", 9);
		fclose(f);
		if (!connected)
			continue;
		snprintf(sub, sizeof(sub), "/sys/class/drm/%s/modes", e->d_name);
		f = open_under(root, sub);
		if (!f)
			continue;
		if (fgets(line, sizeof(line), f) && sscanf(line, "%ux%u", &w, &h) == 2 && w && h &&
		    w <= 16384 && h <= 16384 &&
		    (ret || (uint64_t)w * h > (uint64_t)r->width * r->height)) {
			r->width = w;
			r->height = h;
			r->refresh = 60;
			ret = 0;
		}
		fclose(f);
	}
	closedir(dir);
	return ret;
}
