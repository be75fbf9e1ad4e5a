/* SPDX-License-Identifier: MIT */
/*
 * The VM model: defaults, parsing of the command-line forms of its values,
 * and the rules a definition must follow before it is written out.
 */
#ifndef VM_DOMAIN_H
#define VM_DOMAIN_H

#include <stddef.h>

#include "vm/vm_domain_types.h"

/* The iGPU's physical function; passing it to a VM takes the VFs away. */
#define VM_IGPU_PF_BUS 0
#define VM_IGPU_PF_SLOT 2

#define VM_DEFAULT_MEMORY_MIB 8192
#define VM_DEFAULT_VCPUS 4
#define VM_DEFAULT_REFRESH 60
#define VM_SHM_FILE_NAME "looking-glass" /* libvirt <shmem name>: /dev/shm/<name> */
#define VM_DEFAULT_NETWORK "default" /* libvirt's NAT network */
/* SPICE on a fixed port: the Looking Glass client dials it (client.ini). */
#define VM_DEFAULT_SPICE_PORT 5900
/* What TCG runs with the Hyper-V enlightenments; vmx it has not anyway. */
#define VM_TCG_CPU_MODEL "qemu64"

/**
 * vm_domain_init - fill a domain with the defaults of the guide
 * @d: domain to reset
 *
 * 8 GiB, 4 vCPUs, KVM, kvmfr on /dev/kvmfr0, SPICE, SDR, a VF expected,
 * a NIC on libvirt's "default" network, no serial port, boot from disk.
 */
void vm_domain_init(struct vm_domain *d);

/**
 * vm_bdf_parse - parse a PCI address (the shared grammar, lib/args)
 * @s: "0000:00:02.1" or "00:02.1" (hexadecimal fields)
 * @bdf: result
 *
 * Return: 0 or -EINVAL.
 */
int vm_bdf_parse(const char *s, struct vm_bdf *bdf);

/**
 * vm_bdf_format - write a PCI address as "dddd:bb:ss.f"
 * @bdf: address
 * @buf: output
 * @n: its size (13 bytes are enough)
 */
void vm_bdf_format(const struct vm_bdf *bdf, char *buf, size_t n);

/**
 * vm_bdf_is_igpu_pf - whether an address is the iGPU PF, 0000:00:02.0
 * @bdf: address
 *
 * Return: true for the PF.
 */
bool vm_bdf_is_igpu_pf(const struct vm_bdf *bdf);

/**
 * vm_resolution_parse - parse "WIDTHxHEIGHT" or "WIDTHxHEIGHT@HZ" (lib/args)
 * @s: text
 * @r: result; the refresh rate defaults to 60
 *
 * Return: 0 or -EINVAL (also for sizes outside 320x200 .. 16384x16384 and
 * rates outside 1..1000 Hz, which no virtual monitor offers).
 */
int vm_resolution_parse(const char *s, struct vm_resolution *r);

/**
 * vm_domain_add_resolution - append a mode unless it is already listed
 * @d: domain
 * @r: mode
 *
 * Return: 0, or -ENOSPC beyond VM_MAX_RESOLUTIONS.
 */
int vm_domain_add_resolution(struct vm_domain *d, const struct vm_resolution *r);

/**
 * vm_domain_largest - the mode with the largest frame
 * @d: domain with at least one mode
 *
 * Return: the mode that decides the shared memory size.
 */
const struct vm_resolution *vm_domain_largest(const struct vm_domain *d);

/**
 * vm_domain_shm_mib - the IVSHMEM size the domain gets, in MiB
 * @d: domain with at least one mode
 *
 * Return: vm_shm_size_mib() of the largest mode.
 */
uint64_t vm_domain_shm_mib(const struct vm_domain *d);

/**
 * vm_domain_shm_path - the host path of the shared memory
 * @d: domain
 * @buf: output, "/dev/kvmfrN" or "/dev/shm/NAME" (looking-glass by default)
 * @n: its size
 */
void vm_domain_shm_path(const struct vm_domain *d, char *buf, size_t n);

/**
 * vm_domain_shm_name - the name of the /dev/shm file (libvirt <shmem name>)
 * @d: domain
 *
 * Return: @d->shm_name, or VM_SHM_FILE_NAME when none was given.
 */
const char *vm_domain_shm_name(const struct vm_domain *d);

/**
 * vm_domain_network - the libvirt network the NIC of VM_NET_NETWORK joins
 * @d: domain
 *
 * Return: @d->network, or VM_DEFAULT_NETWORK when none was given.
 */
const char *vm_domain_network(const struct vm_domain *d);

/**
 * vm_domain_spice_port - the SPICE port of the domain
 * @d: domain
 *
 * Return: @d->spice_port, or VM_DEFAULT_SPICE_PORT.
 */
unsigned int vm_domain_spice_port(const struct vm_domain *d);

/**
 * vm_domain_check - vm_domain_validate() that also names the option at fault
 * @d: domain
 * @why: on failure, a static sentence saying what is wrong
 * @opt: on failure, the command-line option to change ("romfile"), or NULL
 *
 * Return: 0 or -EINVAL.
 */
int vm_domain_check(const struct vm_domain *d, const char **why, const char **opt);

/**
 * vm_domain_validate - check that a domain can be written out
 * @d: domain
 * @why: on failure, a static sentence saying what is wrong
 *
 * Return: 0 or -EINVAL.
 */
int vm_domain_validate(const struct vm_domain *d, const char **why);

#endif
