/* SPDX-License-Identifier: MIT */
/*
 * Shared by the vm_pve*.c files only: the Proxmox configuration turned
 * into the libvirt domain the vm_check*.c checks read, and what only
 * Proxmox has, found on the way.
 */
#ifndef VM_PVE_INTERNAL_H
#define VM_PVE_INTERNAL_H

#include "vm/vm_check.h"
#include "vm/vm_pve_conf.h"

/* Where qemu-server looks for romfile= (it always puts this in front). */
#define VM_PVE_ROM_DIR "/usr/share/kvm/"
/* pve-edk2-firmware's OVMF images. */
#define VM_PVE_EDK2_DIR "/usr/share/pve-edk2-firmware/"
#define VM_PVE_MAPPING_PATH "/etc/pve/mapping/pci.cfg"
#define VM_PVE_MAX_EXTRA 16

/* What the translation learnt, for the Proxmox wording of the findings. */
struct vm_pve_facts {
	char vf_key[16]; /* the hostpciN of the iGPU, "" when none */
	bool rom_absolute; /* that entry's romfile= starts with '/' */
	bool rom_from_set; /* its romfile is args:' -set device.hostpciN.romfile= */
	struct vm_finding extra[VM_PVE_MAX_EXTRA]; /* Proxmox-only findings */
	size_t n_extra;
};

/**
 * vm_pve_domain_xml - the libvirt domain a Proxmox configuration amounts to
 * @c: the parsed configuration
 * @root: host root prefix (for /etc/pve/mapping/pci.cfg and /etc/hostname)
 * @xml: result, malloc'ed, NUL-terminated
 * @len: its length
 * @facts: what only Proxmox has; zeroed first
 *
 * Only what the checks read: machine, firmware (qemu-server's OVMF image
 * rule), CPU, the hostpciN devices with their ROM settings, the display,
 * ivshmem and `args:` as <qemu:commandline>.
 *
 * Return: 0 or -ENOMEM.
 */
int vm_pve_domain_xml(const struct vm_pve_conf *c, const char *root, char **xml, size_t *len,
		      struct vm_pve_facts *facts);

/**
 * vm_pve_mapping_path - the PCI address a cluster mapping gives this node
 * @root: host root prefix
 * @id: the mapping= name
 * @path: output, the map entry's path= (maybe several, ';'-separated)
 * @n: its size
 *
 * The entry of the node named in /etc/hostname, or the only entry.
 *
 * Return: 1 when found, 0 when the mapping or this node's entry is not
 * there, a negative errno when the file cannot be read.
 */
int vm_pve_mapping_path(const char *root, const char *id, char *path, size_t n);

/* A host file under the root prefix, NUL-terminated; 0 or a negative errno. */
int vm_pve_read(const char *root, const char *path, char **buf, size_t *len);

/* Record a Proxmox-only finding; message is a printf format. */
void vm_pve_extra(struct vm_pve_facts *f, const char *id, enum vm_severity sev, const char *hint,
		  const char *fmt, ...) __attribute__((format(printf, 5, 6)));

#endif
