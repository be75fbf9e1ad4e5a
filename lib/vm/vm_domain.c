// SPDX-License-Identifier: MIT
/*
 * The VM model: defaults, value parsing and validation.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args/args.h"
#include "vm/vm_domain.h"
#include "vm/vm_host.h"
#include "vm/vm_shm.h"

void vm_domain_init(struct vm_domain *d)
{
	memset(d, 0, sizeof(*d));
	d->has_vf = true;
	d->memory_mib = VM_DEFAULT_MEMORY_MIB;
	d->vcpus = VM_DEFAULT_VCPUS;
	d->shm = VM_SHM_KVMFR;
	d->display = VM_DISPLAY_SPICE;
}

int vm_bdf_parse(const char *s, struct vm_bdf *bdf)
{
	struct args_pci a;

	/* libvirt's and QEMU's host addresses have a 16-bit domain */
	if (args_pci_parse(s, &a, NULL, 0) || a.domain > 0xffff)
		return -EINVAL;
	bdf->domain = (uint16_t)a.domain;
	bdf->bus = a.bus;
	bdf->slot = a.slot;
	bdf->func = a.func;
	return 0;
}

void vm_bdf_format(const struct vm_bdf *bdf, char *buf, size_t n)
{
	snprintf(buf, n, "%04x:%02x:%02x.%x", bdf->domain, bdf->bus, bdf->slot, bdf->func);
}

bool vm_bdf_is_igpu_pf(const struct vm_bdf *bdf)
{
	return bdf->domain == 0 && bdf->bus == VM_IGPU_PF_BUS && bdf->slot == VM_IGPU_PF_SLOT &&
	       bdf->func == 0;
}

int vm_resolution_parse(const char *s, struct vm_resolution *r)
{
	struct args_res a;

	if (args_res_parse(s, &a, NULL, 0))
		return -EINVAL;
	r->width = a.width;
	r->height = a.height;
	r->refresh = a.refresh;
	return 0;
}

int vm_domain_add_resolution(struct vm_domain *d, const struct vm_resolution *r)
{
	size_t i;

	for (i = 0; i < d->n_res; i++)
		if (d->res[i].width == r->width && d->res[i].height == r->height &&
		    d->res[i].refresh == r->refresh)
			return 0;
	if (d->n_res == VM_MAX_RESOLUTIONS)
		return -ENOSPC;
	d->res[d->n_res++] = *r;
	return 0;
}

const struct vm_resolution *vm_domain_largest(const struct vm_domain *d)
{
	const struct vm_resolution *best = &d->res[0];
	size_t i;

	for (i = 1; i < d->n_res; i++)
		if ((uint64_t)d->res[i].width * d->res[i].height >
		    (uint64_t)best->width * best->height)
			best = &d->res[i];
	return best;
}

uint64_t vm_domain_shm_mib(const struct vm_domain *d)
{
	const struct vm_resolution *r = vm_domain_largest(d);

	return vm_shm_size_mib(r->width, r->height, d->hdr);
}

void vm_domain_shm_path(const struct vm_domain *d, char *buf, size_t n)
{
	if (d->shm == VM_SHM_KVMFR)
		snprintf(buf, n, "/dev/kvmfr%u", d->kvmfr_minor);
	else
		snprintf(buf, n, "/dev/shm/%s", vm_domain_shm_name(d));
}

const char *vm_domain_shm_name(const struct vm_domain *d)
{
	return d->shm_name ? d->shm_name : VM_SHM_FILE_NAME;
}

unsigned int vm_domain_spice_port(const struct vm_domain *d)
{
	return d->spice_port ? d->spice_port : VM_DEFAULT_SPICE_PORT;
}

const char *vm_domain_network(const struct vm_domain *d)
{
	return d->network ? d->network : VM_DEFAULT_NETWORK;
}

/*
 * libvirt accepts more, but a name also becomes file names and a QEMU -name;
 * the same rule serves the /dev/shm file and the libvirt network names.
 */
static bool name_ok(const char *s)
{
	size_t i, n = s ? strlen(s) : 0;

	if (!n || n > 64 || s[0] == '-' || s[0] == '.')
		return false;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("-_.", s[i]))
			return false;
	return true;
}

/* Paths end up in XML attributes and in QEMU's comma-separated options. */
static bool path_ok(const char *s)
{
	return s && s[0] == '/' && !strchr(s, ',') && strlen(s) < VM_PATH_MAX;
}

/* A Linux network interface name (IFNAMSIZ - 1 characters). */
static bool ifname_ok(const char *s)
{
	size_t i, n = s ? strlen(s) : 0;

	if (!n || n > 15)
		return false;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("-_.", s[i]))
			return false;
	return true;
}

#define BAD(o, text)              \
	do {                      \
		*why = text;      \
		if (opt)          \
			*opt = o; \
		return -EINVAL;   \
	} while (0)

int vm_domain_check(const struct vm_domain *d, const char **why, const char **opt)
{
	if (!name_ok(d->name))
		BAD("name",
		    "the VM name must be 1 to 64 letters, digits, '-', '_' or '.', not starting with '-' or '.'");
	if (d->has_vf && vm_bdf_is_igpu_pf(&d->vf))
		BAD("vf",
		    "0000:00:02.0 is the physical function; passing it takes the GPU from the host and removes every VF, pass a VF such as 0000:00:02.1");
	if (d->has_vf && !d->romfile)
		BAD("romfile",
		    "a VF without a romfile gets Code 43 in Windows; give the GOP driver (vfctl gop extract) as the romfile");
	if (d->romfile && !path_ok(d->romfile))
		BAD("romfile",
		    "the romfile must be an absolute path without commas (QEMU reads it relative to its firmware directory otherwise)");
	if (d->disk && !path_ok(d->disk))
		BAD("disk", "the disk must be an absolute path without commas");
	if (d->cdrom && !path_ok(d->cdrom))
		BAD("cdrom", "the install media must be an absolute path without commas");
	if (d->nvram && !path_ok(d->nvram))
		BAD("nvram", "the NVRAM file must be an absolute path without commas");
	if (d->serial && !path_ok(d->serial))
		BAD("serial", "the serial log must be an absolute path without commas");
	if (d->kernel && !path_ok(d->kernel))
		BAD("kernel", "the kernel must be an absolute path without commas");
	if ((d->initrd || d->cmdline) && !d->kernel)
		BAD(d->initrd ? "initrd" : "cmdline",
		    "an initrd or a kernel command line needs a kernel to boot directly");
	if (d->initrd && !path_ok(d->initrd))
		BAD("initrd", "the initrd must be an absolute path without commas");
	if (d->shm_name && (d->shm != VM_SHM_FILE || !name_ok(d->shm_name)))
		BAD("shm-name",
		    "a shared memory name is a file name in /dev/shm (letters, digits, '-', '_', '.'), for the shm kind only");
	if (d->network && (d->net != VM_NET_NETWORK || !name_ok(d->network)))
		BAD("network", "a libvirt network name is letters, digits, '-', '_' or '.'");
	if (d->net == VM_NET_BRIDGE && !ifname_ok(d->bridge))
		BAD("bridge",
		    "a bridge is a host network interface name: 1 to 15 letters, digits, '-', '_' or '.'");
	if (!d->n_res)
		BAD("resolution",
		    "at least one resolution is needed: it sets the shared memory size");
	if (d->memory_mib < 256 || d->memory_mib > (1ull << 24))
		BAD("memory", "the memory size must be between 256 MiB and 16 TiB");
	if (!d->vcpus || d->vcpus > 1024)
		BAD("vcpus", "the vCPU count must be between 1 and 1024");
	if (d->kvmfr_minor > 9)
		BAD("kvmfr", "kvmfr creates at most 10 devices, /dev/kvmfr0 to /dev/kvmfr9");
	if (d->shm == VM_SHM_KVMFR && vm_domain_shm_mib(d) > VM_SHM_KVMFR_MAX_MIB)
		BAD("resolution",
		    "these modes need 2 GiB or more of shared memory, which kvmfr's static_size_mb cannot hold");
	if (d->phys_bits && (d->phys_bits < VM_PHYS_BITS_MIN || d->phys_bits > VM_PHYS_BITS_MAX))
		BAD("phys-bits", "the guest physical-address width must be 32 to 52 bits");
	if (d->spice_port && d->spice_port > 65535)
		BAD("spice-port", "a SPICE port is 1 to 65535");
	if (!d->fw.code[0] || !d->fw.vars[0])
		BAD(NULL, "no OVMF firmware was found: install the ovmf package");
	return 0;
}

int vm_domain_validate(const struct vm_domain *d, const char **why)
{
	return vm_domain_check(d, why, NULL);
}
