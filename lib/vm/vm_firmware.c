// SPDX-License-Identifier: MIT
/*
 * OVMF selection from QEMU firmware descriptors (see vm_firmware.h).
 */
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "vm/vm_firmware.h"

#define MAX_DESCRIPTORS 256

static const char *const fw_dirs[] = {
	"usr/share/qemu/firmware", /* the distribution's */
	"etc/qemu/firmware", /* the administrator's, wins by name */
};

struct fw_entry {
	char name[256];
	char path[VM_PATH_MAX + 258];
};

static int entry_cmp(const void *a, const void *b)
{
	return strcmp(((const struct fw_entry *)a)->name, ((const struct fw_entry *)b)->name);
}

static void join(char *out, size_t n, const char *root, const char *rel)
{
	size_t rl = strlen(root);

	snprintf(out, n, "%s%s%s", root, rl && root[rl - 1] == '/' ? "" : "/", rel);
}

/* Adds or replaces by name: a later directory overrides an earlier one. */
static void collect(const char *root, const char *dir, struct fw_entry *e, size_t *n)
{
	char path[VM_PATH_MAX];
	struct dirent *de;
	DIR *d;
	size_t i;

	join(path, sizeof(path), root, dir);
	d = opendir(path);
	if (!d)
		return;
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);

		if (len < 6 || len >= sizeof(e->name) || strcmp(de->d_name + len - 5, ".json"))
			continue;
		for (i = 0; i < *n; i++)
			if (!strcmp(e[i].name, de->d_name))
				break;
		if (i == *n) {
			if (*n == MAX_DESCRIPTORS)
				continue;
			(*n)++;
		}
		snprintf(e[i].name, sizeof(e[i].name), "%s", de->d_name);
		snprintf(e[i].path, sizeof(e[i].path), "%s/%s", path, de->d_name);
	}
	closedir(d);
}

static bool array_has(struct json_object *arr, const char *s)
{
	size_t i, n;

	if (!arr || !json_object_is_type(arr, json_type_array))
		return false;
	n = json_object_array_length(arr);
	for (i = 0; i < n; i++) {
		const char *v = json_object_get_string(json_object_array_get_idx(arr, i));

		if (v && !strcmp(v, s))
			return true;
	}
	return false;
}

static const char *get_str(struct json_object *o, const char *k1, const char *k2)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, k1, &v))
		return NULL;
	if (k2 && !json_object_object_get_ex(v, k2, &v))
		return NULL;
	return json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}

/* "pc-q35-*" in a target's machines, for architecture x86_64. */
static bool targets_q35(struct json_object *targets)
{
	size_t i, j;

	if (!targets || !json_object_is_type(targets, json_type_array))
		return false;
	for (i = 0; i < json_object_array_length(targets); i++) {
		struct json_object *t = json_object_array_get_idx(targets, i), *m;
		const char *arch = get_str(t, "architecture", NULL);

		if (!arch || strcmp(arch, "x86_64") ||
		    !json_object_object_get_ex(t, "machines", &m) ||
		    !json_object_is_type(m, json_type_array))
			continue;
		for (j = 0; j < json_object_array_length(m); j++) {
			const char *pat = json_object_get_string(json_object_array_get_idx(m, j));

			/* A q35 machine of any version the descriptor may list. */
			if (pat && !fnmatch(pat, "pc-q35-99.0", 0))
				return true;
		}
	}
	return false;
}

static bool pick(struct json_object *o, struct vm_firmware *fw)
{
	struct json_object *v, *mapping, *features = NULL;
	const char *dev, *code, *vars;

	if (!json_object_object_get_ex(o, "interface-types", &v) || !array_has(v, "uefi"))
		return false;
	if (!json_object_object_get_ex(o, "mapping", &mapping))
		return false;
	dev = get_str(mapping, "device", NULL);
	code = get_str(mapping, "executable", "filename");
	vars = get_str(mapping, "nvram-template", "filename");
	if (!dev || strcmp(dev, "flash") || !code || !vars)
		return false;
	json_object_object_get_ex(o, "features", &features);
	if (array_has(features, "requires-smm") || array_has(features, "secure-boot") ||
	    array_has(features, "enrolled-keys"))
		return false;
	if (!json_object_object_get_ex(o, "targets", &v) || !targets_q35(v))
		return false;
	if (strlen(code) >= sizeof(fw->code) || strlen(vars) >= sizeof(fw->vars))
		return false;
	snprintf(fw->code, sizeof(fw->code), "%s", code);
	snprintf(fw->vars, sizeof(fw->vars), "%s", vars);
	return true;
}

int vm_firmware_find(const char *root, struct vm_firmware *fw)
{
	struct fw_entry *e = calloc(MAX_DESCRIPTORS, sizeof(*e));
	size_t n = 0, i;
	int ret = -ENOENT;

	if (!e)
		return -ENOMEM;
	memset(fw, 0, sizeof(*fw));
	for (i = 0; i < sizeof(fw_dirs) / sizeof(fw_dirs[0]); i++)
		collect(root, fw_dirs[i], e, &n);
	qsort(e, n, sizeof(*e), entry_cmp);
	for (i = 0; i < n && ret; i++) {
		struct json_object *o = json_object_from_file(e[i].path);

		/* An empty or broken file (a mask in /etc) yields NULL: skipped. */
		if (o && pick(o, fw)) {
			snprintf(fw->descriptor, sizeof(fw->descriptor), "%s", e[i].path);
			ret = 0;
		}
		json_object_put(o);
	}
	free(e);
	return ret;
}
