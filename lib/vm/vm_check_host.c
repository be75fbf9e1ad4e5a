// SPDX-License-Identifier: MIT
/*
 * `vm check`: what the host must allow besides the domain itself. Here,
 * AppArmor: on Debian and Ubuntu libvirt confines each QEMU with an
 * AppArmor profile built from the libvirt-qemu abstraction, which does not
 * list /dev/kvmfrN; QEMU is then denied the kvmfr device even when the
 * device cgroup allows it. The rule goes in the abstraction's local
 * include, which package upgrades leave alone.
 */
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vm/vm_check_internal.h"
#include "vm/vm_qemu_conf.h"

#define AA_ENABLED "/sys/module/apparmor/parameters/enabled"
#define AA_ABSTRACTION "/etc/apparmor.d/abstractions/libvirt-qemu"
#define AA_LOCAL "/etc/apparmor.d/local/abstractions/libvirt-qemu"

/* security_driver = "none" in qemu.conf turns libvirt's confinement off. */
static bool security_driver_none(const char *conf)
{
	const char *p = conf;
	bool none = false;

	while (p && *p) {
		const char *s = p + strspn(p, " \t"), *eol = strchr(p, '\n');
		size_t n = eol ? (size_t)(eol - s) : strlen(s);

		if (!strncmp(s, "security_driver", 15) && s[15] != '_') {
			const char *q = memchr(s, '=', n);

			/* the last setting wins, as in libvirt */
			none = q && memmem(q, n - (size_t)(q - s), "\"none\"", 6);
		}
		p = eol ? eol + 1 : NULL;
	}
	return none;
}

/* A rule "PATH PERMS," whose PATH matches @dev and whose PERMS hold r and w. */
static bool has_rule(const char *text, const char *dev)
{
	const char *p = text;

	while (p && *p) {
		const char *eol = strchr(p, '\n');
		char line[512], path[256], perms[32];

		snprintf(line, sizeof(line), "%.*s", (int)(eol ? eol - p : (long)strlen(p)), p);
		p = eol ? eol + 1 : NULL;
		if (sscanf(line, " %255s %31[a-zA-Z]", path, perms) != 2 || path[0] != '/')
			continue;
		if (!fnmatch(path, dev, 0) && strchr(perms, 'r') && strchr(perms, 'w') &&
		    strchr(line, ','))
			return true;
	}
	return false;
}

void vm_ck_apparmor(struct vm_ck *c, const char *dev)
{
	static const char *const files[] = { AA_LOCAL, AA_ABSTRACTION };
	uint8_t *buf;
	size_t len, i;
	bool found = false, enabled;
	char hint[512];

	if (vm_ck_read(c, AA_ENABLED, &buf, &len, 64))
		return; /* no AppArmor in this kernel */
	enabled = buf[0] == 'Y';
	free(buf);
	if (!enabled || vm_ck_read(c, AA_ABSTRACTION, &buf, &len, 1 << 20))
		return; /* AppArmor does not confine libvirt here */
	free(buf);
	if (!vm_ck_read(c, VM_QEMU_CONF_PATH, &buf, &len, 1 << 20)) {
		enabled = !security_driver_none((const char *)buf);
		free(buf);
		if (!enabled)
			return;
	}
	for (i = 0; i < 2 && !found; i++) {
		if (vm_ck_read(c, files[i], &buf, &len, 1 << 20))
			continue;
		found = has_rule((const char *)buf, dev);
		free(buf);
	}
	if (found)
		return;
	snprintf(
		hint, sizeof(hint),
		"add the line '%.64s rw,' to %s (echo '%.64s rw,' | sudo tee -a %s), then restart libvirtd (or virtqemud)",
		dev, AA_LOCAL, dev, AA_LOCAL);
	vm_ck_add(
		c, "apparmor-kvmfr", VM_SEV_ERROR, hint,
		"AppArmor confines libvirt's QEMU here and neither %s nor %s allows %s: QEMU is denied the device and the VM does not start",
		AA_LOCAL, AA_ABSTRACTION, dev);
}
