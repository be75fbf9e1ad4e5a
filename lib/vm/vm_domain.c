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

#include "vm/vm_domain.h"
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

/* A hexadecimal field of at most @max digits followed by @end. */
static const char *hex_field(const char *s, unsigned int max, char end, unsigned long *v)
{
	unsigned int n = 0;

	*v = 0;
	while (isxdigit((unsigned char)s[n]) && n < max) {
		char c = (char)tolower((unsigned char)s[n]);

		*v = *v * 16 + (unsigned long)(isdigit((unsigned char)c) ? c - '0' : c - 'a' + 10);
		n++;
	}
	if (!n || s[n] != end)
		return NULL;
	return s + n + (end ? 1 : 0);
}

int vm_bdf_parse(const char *s, struct vm_bdf *bdf)
{
	unsigned long dom = 0, bus, slot, func;
	const char *p = s;

	if (!s)
		return -EINVAL;
	/* The domain is optional: "00:02.1" is what lspci prints. */
	if (strlen(s) > 8 && s[4] == ':') {
		p = hex_field(p, 4, ':', &dom);
		if (!p)
			return -EINVAL;
	}
	p = p ? hex_field(p, 2, ':', &bus) : NULL;
	p = p ? hex_field(p, 2, '.', &slot) : NULL;
	p = p ? hex_field(p, 1, '\0', &func) : NULL;
	if (!p || slot > 0x1f || func > 7)
		return -EINVAL;
	bdf->domain = (uint16_t)dom;
	bdf->bus = (uint8_t)bus;
	bdf->slot = (uint8_t)slot;
	bdf->func = (uint8_t)func;
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

static bool parse_uint(const char *s, const char **end, unsigned int *v)
{
	unsigned long x;
	char *e;

	if (!isdigit((unsigned char)*s))
		return false;
	errno = 0;
	x = strtoul(s, &e, 10);
	if (errno || x > 100000)
		return false;
	*v = (unsigned int)x;
	*end = e;
	return true;
}

int vm_resolution_parse(const char *s, struct vm_resolution *r)
{
	const char *p;

	if (!s || !parse_uint(s, &p, &r->width) || (*p != 'x' && *p != 'X'))
		return -EINVAL;
	if (!parse_uint(p + 1, &p, &r->height))
		return -EINVAL;
	r->refresh = VM_DEFAULT_REFRESH;
	if (*p == '@' && !parse_uint(p + 1, &p, &r->refresh))
		return -EINVAL;
	if (*p)
		return -EINVAL;
	if (r->width < 320 || r->height < 200 || r->width > 16384 || r->height > 16384 ||
	    !r->refresh || r->refresh > 1000)
		return -EINVAL;
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

int vm_domain_validate(const struct vm_domain *d, const char **why)
{
	if (!name_ok(d->name)) {
		*why = "the VM name must be 1 to 64 letters, digits, '-', '_' or '.', not starting with '-' or '.'";
		return -EINVAL;
	}
	if (d->has_vf && vm_bdf_is_igpu_pf(&d->vf)) {
		*why = "0000:00:02.0 is the physical function; passing it takes the GPU from the host and removes every VF, pass a VF such as 0000:00:02.1";
		return -EINVAL;
	}
	if (d->has_vf && !d->romfile) {
		*why = "a VF without a romfile gets Code 43 in Windows; give the GOP driver (vfctl gop extract) as the romfile";
		return -EINVAL;
	}
	if (d->romfile && !path_ok(d->romfile)) {
		*why = "the romfile must be an absolute path without commas (QEMU reads it relative to its firmware directory otherwise)";
		return -EINVAL;
	}
	if (d->disk && !path_ok(d->disk)) {
		*why = "the disk must be an absolute path without commas";
		return -EINVAL;
	}
	if (d->nvram && !path_ok(d->nvram)) {
		*why = "the NVRAM file must be an absolute path without commas";
		return -EINVAL;
	}
	if (d->serial && !path_ok(d->serial)) {
		*why = "the serial log must be an absolute path without commas";
		return -EINVAL;
	}
	if (d->kernel && !path_ok(d->kernel)) {
		*why = "the kernel must be an absolute path without commas";
		return -EINVAL;
	}
	if ((d->initrd || d->cmdline) && !d->kernel) {
		*why = "an initrd or a kernel command line needs a kernel to boot directly";
		return -EINVAL;
	}
	if (d->initrd && !path_ok(d->initrd)) {
		*why = "the initrd must be an absolute path without commas";
		return -EINVAL;
	}
	if (d->shm_name && (d->shm != VM_SHM_FILE || !name_ok(d->shm_name))) {
		*why = "a shared memory name is a file name in /dev/shm (letters, digits, '-', '_', '.'), for the shm kind only";
		return -EINVAL;
	}
	if (d->network && (d->net != VM_NET_NETWORK || !name_ok(d->network))) {
		*why = "a libvirt network name is letters, digits, '-', '_' or '.'";
		return -EINVAL;
	}
	if (!d->n_res) {
		*why = "at least one resolution is needed: it sets the shared memory size";
		return -EINVAL;
	}
	if (d->memory_mib < 256 || d->memory_mib > (1ull << 24)) {
		*why = "the memory size must be between 256 MiB and 16 TiB";
		return -EINVAL;
	}
	if (!d->vcpus || d->vcpus > 1024) {
		*why = "the vCPU count must be between 1 and 1024";
		return -EINVAL;
	}
	if (d->kvmfr_minor > 9) {
		*why = "kvmfr creates at most 10 devices, /dev/kvmfr0 to /dev/kvmfr9";
		return -EINVAL;
	}
	if (d->shm == VM_SHM_KVMFR && vm_domain_shm_mib(d) > VM_SHM_KVMFR_MAX_MIB) {
		*why = "these modes need 2 GiB or more of shared memory, which kvmfr's static_size_mb cannot hold";
		return -EINVAL;
	}
	if (!d->fw.code[0] || !d->fw.vars[0]) {
		*why = "no OVMF firmware was found: install the ovmf package";
		return -EINVAL;
	}
	return 0;
}
