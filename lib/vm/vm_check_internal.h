/* SPDX-License-Identifier: MIT */
/*
 * Shared by the vm_check*.c files only.
 */
#ifndef VM_CHECK_INTERNAL_H
#define VM_CHECK_INTERNAL_H

#include <libxml/tree.h>
#include <libxml/xpath.h>

#include "vm/vm_check.h"

struct vm_ck {
	xmlDocPtr doc;
	xmlXPathContextPtr xp;
	const struct vm_check_opts *o;
	const char *root;
	struct vm_check_report *r;
	int err; /* first allocation failure */
};

/* Record a finding; message and hint are printf formats. */
void vm_ck_add(struct vm_ck *c, const char *id, enum vm_severity sev, const char *hint,
	       const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Nodes an XPath selects (NULL when none); free with xmlXPathFreeObject. */
xmlXPathObjectPtr vm_ck_nodes(struct vm_ck *c, const char *xpath);
/* String value of an XPath; malloc'ed, "" when nothing. NULL on ENOMEM. */
char *vm_ck_str(struct vm_ck *c, const char *xpath);
/* An attribute of a node as a malloc'ed string, or NULL. */
char *vm_ck_attr(xmlNodePtr n, const char *name);
/* The <qemu:commandline> arguments as an argv, NULL-terminated (NULL: none). */
char **vm_ck_qemu_argv(struct vm_ck *c, size_t *argc);
void vm_ck_free_argv(char **v, size_t n);
/*
 * The host-phys-bits-limit a -global of <qemu:commandline> gives a
 * host-passthrough CPU (vm_qemu_global_phys_limit()), or 0.
 */
unsigned int vm_ck_global_phys_limit(struct vm_ck *c);
/* Read a host file under the root prefix; 0 or a negative errno. */
int vm_ck_read(struct vm_ck *c, const char *path, uint8_t **buf, size_t *len, size_t max);

void vm_ck_vf(struct vm_ck *c);
void vm_ck_shm(struct vm_ck *c);
/* The romfile QEMU gives VF @bdf: readable, and a GOP driver (vm_check_rom.c). */
void vm_ck_romfile(struct vm_ck *c, const char *file, const char *bdf);
/* The GOP driver @pe of a romfile, which enforced Secure Boot would not run
 * unsigned (vm_check_secboot.c). */
void vm_ck_rom_secure_boot(struct vm_ck *c, const uint8_t *pe, size_t pe_len, const char *file,
			   const char *bdf);
/* What this host's libvirt drops from the domain (vm_check_libvirt.c). */
void vm_ck_libvirt(struct vm_ck *c);
/* The user's IddSampleDriver option.txt (vm_check_idd.c). */
void vm_ck_idd(struct vm_ck *c);
/* Its largest usable mode, when it lists one. */
bool vm_ck_idd_mode(const struct vm_check_opts *o, struct vm_resolution *mode);
/* The host's Looking Glass client.ini against the VM (vm_check_client.c). */
void vm_ck_client(struct vm_ck *c);
/* The guest's looking-glass-host.ini (vm_check_host_ini.c). */
void vm_ck_host_ini(struct vm_ck *c);
/* The AppArmor rule for a kvmfr device, where AppArmor confines libvirt. */
void vm_ck_apparmor(struct vm_ck *c, const char *dev);

#endif
