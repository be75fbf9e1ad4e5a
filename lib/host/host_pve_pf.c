// SPDX-License-Identifier: MIT
/*
 * Which Proxmox VM passes the PF (see host_pve_pf.h). The configuration
 * is read by lib/vm's reader of qemu-server's format (vm_pve_conf.h); a
 * hostpciN value is a property string whose leading part (or host=) holds
 * one or more ';'-separated device IDs, read by vm_pve_pci_id() as
 * qemu-server reads them.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/host_fs.h"
#include "host/host_pve_pf.h"
#include "vm/vm_pve_conf.h"

#define PVE_CONF_DIR "/etc/pve/qemu-server"

bool host_pve_id_is_pf(const char *id, const char *pf, bool *all)
{
	struct vm_pve_pci_id i, p;

	if (!vm_pve_pci_id(id, &i) || !vm_pve_pci_id(pf, &p) || p.func < 0)
		return false;
	if (i.domain != p.domain || i.bus != p.bus || i.slot != p.slot ||
	    (i.func >= 0 && i.func != p.func))
		return false;
	*all = i.func < 0;
	return true;
}

/* The device part of a hostpciN value: host=IDS, or the leading IDS. */
static bool entry_is_pf(const char *value, const char *pf, struct host_pve_pf *out)
{
	char ids[256], *id, *save = NULL;
	const char *comma;
	bool all = false, found = false;

	if (vm_pve_prop(value, "host", ids, sizeof(ids)) != 1 &&
	    vm_pve_prop(value, NULL, ids, sizeof(ids)) != 1)
		return false;
	for (id = strtok_r(ids, ";", &save); id && !found; id = strtok_r(NULL, ";", &save))
		found = host_pve_id_is_pf(id, pf, &all);
	if (!found)
		return false;
	out->all_functions = all;
	snprintf(out->value, sizeof(out->value), "%s", value);
	out->opts[0] = '\0';
	/* the options are every part but the device's */
	for (const char *p = value; p && *p; p = comma ? comma + 1 : NULL) {
		size_t n;

		comma = strchr(p, ',');
		n = comma ? (size_t)(comma - p) : strlen(p);
		if (!memchr(p, '=', n) || !strncmp(p, "host=", 5))
			continue;
		snprintf(out->opts + strlen(out->opts), sizeof(out->opts) - strlen(out->opts),
			 ",%.*s", (int)n, p);
	}
	return true;
}

int host_pve_conf_pf(const char *text, size_t len, const char *pf, struct host_pve_pf *out)
{
	struct vm_pve_conf c;
	int ret = 0;
	size_t i;

	ret = vm_pve_conf_parse(text, len, &c);
	if (ret == -ENOMEM)
		return ret;
	if (ret)
		return 0;
	for (i = 0; i < c.n && !ret; i++) {
		const char *k = c.kv[i].key;

		if (strncmp(k, "hostpci", 7) || !k[7] ||
		    strspn(k + 7, "0123456789") != strlen(k + 7))
			continue;
		if (entry_is_pf(c.kv[i].value, pf, out)) {
			snprintf(out->key, sizeof(out->key), "%s", k);
			ret = 1;
		}
	}
	vm_pve_conf_free(&c);
	return ret;
}

bool host_pve_find_pf(const char *root, const char *pf, struct host_pve_pf *out)
{
	char p[HOST_PATH_MAX];
	struct dirent **list;
	bool found = false;
	int i, n;

	memset(out, 0, sizeof(*out));
	if (host_path(root, PVE_CONF_DIR, p, sizeof(p)))
		return false;
	n = scandir(p, &list, NULL, alphasort);
	for (i = 0; i < n; i++) {
		const char *name = list[i]->d_name;
		size_t l = strlen(name);
		char f[HOST_PATH_MAX], *text;
		size_t len;

		if (!found && l > 5 && l < 32 && !strcmp(name + l - 5, ".conf") &&
		    strspn(name, "0123456789") == l - 5) {
			snprintf(f, sizeof(f), PVE_CONF_DIR "/%s", name);
			if (!host_read(root, f, &text, &len)) {
				found = host_pve_conf_pf(text, len, pf, out) == 1;
				free(text);
				if (found) {
					snprintf(out->conf, sizeof(out->conf), "%.*s",
						 (int)sizeof(out->conf) - 1, f);
					snprintf(out->vmid, sizeof(out->vmid), "%.*s", (int)(l - 5),
						 name);
				}
			}
		}
		free(list[i]);
	}
	if (n >= 0)
		free(list);
	return found;
}
