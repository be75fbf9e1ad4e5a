// SPDX-License-Identifier: MIT
/*
 * Proxmox's cluster-wide PCI mappings (hostpciN: mapping=NAME): the file
 * is a section config where each section starts with the bare mapping
 * name and its indented "map" lines are property strings, one per node
 * (node=, path=, id=, ...). qemu-server takes the entries of the node it
 * runs on.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/common_file.h"
#include "vm/vm_pve_internal.h"

int vm_pve_read(const char *root, const char *path, char **buf, size_t *len)
{
	size_t rl = strlen(root);
	char full[VM_PVE_VALUE_MAX];

	snprintf(full, sizeof(full), "%.*s%s", (int)(rl && root[rl - 1] == '/' ? rl - 1 : rl), root,
		 path);
	return common_read_file(full, 1 << 20, COMMON_READ_REGULAR, buf, len);
}

/* This node's name: /etc/hostname up to the first dot, or "". */
static void node_name(const char *root, char *name, size_t n)
{
	char *buf;
	size_t len, i;

	name[0] = '\0';
	if (vm_pve_read(root, "/etc/hostname", &buf, &len))
		return;
	for (i = 0; i < len && i + 1 < n && buf[i] != '.' && buf[i] != '\n' && buf[i] != ' '; i++)
		name[i] = buf[i];
	name[i] = '\0';
	free(buf);
}

int vm_pve_mapping_path(const char *root, const char *id, char *path, size_t n)
{
	char node[128], *buf, *line, *save = NULL, v[256], only[256] = "";
	size_t len;
	bool in = false;
	int ret, entries = 0, found = 0;

	ret = vm_pve_read(root, VM_PVE_MAPPING_PATH, &buf, &len);
	if (ret)
		return ret;
	node_name(root, node, sizeof(node));
	for (line = strtok_r(buf, "\n", &save); line && !found;
	     line = strtok_r(NULL, "\n", &save)) {
		const char *p = line;

		if (*p != ' ' && *p != '\t') {
			size_t l = strcspn(p, " \t\r");

			in = l == strlen(id) && !strncmp(p, id, l);
			continue;
		}
		while (*p == ' ' || *p == '\t')
			p++;
		if (!in || strncmp(p, "map ", 4))
			continue;
		p += 4;
		if (vm_pve_prop(p, "path", v, sizeof(v)) != 1)
			continue;
		entries++;
		snprintf(only, sizeof(only), "%s", v);
		if (node[0] && vm_pve_prop(p, "node", v + 0, sizeof(v)) == 1 && !strcmp(v, node)) {
			vm_pve_prop(p, "path", path, n);
			found = 1;
		}
	}
	free(buf);
	if (!found && entries == 1 && !node[0]) {
		snprintf(path, n, "%s", only);
		found = 1;
	}
	return found;
}
