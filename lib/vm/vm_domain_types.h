/* SPDX-License-Identifier: MIT */
/*
 * The VM the setup guide describes, as data: everything `vfctl vm xml` and
 * `vfctl vm qemu-args` need, and nothing about how either is written out.
 */
#ifndef VM_DOMAIN_TYPES_H
#define VM_DOMAIN_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VM_MAX_RESOLUTIONS 16
#define VM_PATH_MAX 4096

/* A PCI address: domain:bus:slot.function */
struct vm_bdf {
	uint16_t domain;
	uint8_t bus;
	uint8_t slot;
	uint8_t func;
};

/* A display mode of the virtual monitor (IddSampleDriver) in the guest. */
struct vm_resolution {
	unsigned int width;
	unsigned int height;
	unsigned int refresh; /* Hz */
};

/* Where the IVSHMEM memory comes from on the host. */
enum vm_shm_kind {
	VM_SHM_KVMFR, /* /dev/kvmfrN, a kvmfr static device: zero-copy DMA-BUF */
	VM_SHM_FILE, /* /dev/shm/looking-glass: the client must copy */
};

/* How the guest CPU runs: KVM on real hosts, QEMU's TCG where there is no KVM. */
enum vm_accel {
	VM_ACCEL_KVM, /* libvirt type 'kvm', the host's CPU model (what users need) */
	VM_ACCEL_TCG, /* libvirt type 'qemu', a CPU model TCG emulates (tests) */
};

/* The guest's network card and what it is connected to. */
enum vm_net {
	VM_NET_NETWORK, /* a libvirt network, "default" (NAT) unless named */
	VM_NET_USER, /* QEMU user networking (no libvirt network needed) */
	VM_NET_BRIDGE, /* a host bridge such as br0 (the guide author's LAN setup) */
	VM_NET_NONE, /* no network card */
};

enum vm_display {
	VM_DISPLAY_SPICE, /* SPICE for input and as a fallback view */
	VM_DISPLAY_NONE, /* Looking Glass only */
};

/* OVMF as the distribution's firmware descriptor names it. */
struct vm_firmware {
	char code[VM_PATH_MAX]; /* read-only executable (pflash unit 0) */
	char vars[VM_PATH_MAX]; /* NVRAM template, copied per VM */
	char descriptor[VM_PATH_MAX]; /* the JSON it came from, for messages */
};

struct vm_domain {
	const char *name;
	bool has_vf; /* false only for tests that have no VF to pass */
	struct vm_bdf vf;
	const char *romfile;
	struct vm_resolution res[VM_MAX_RESOLUTIONS];
	size_t n_res;
	bool hdr;
	uint64_t memory_mib;
	unsigned int vcpus;
	const char *disk; /* qcow2 or raw image, NULL for none */
	const char *cdrom; /* install media (ISO), NULL for none */
	bool qxl; /* keep a QXL adapter for the first boot (guide section 3) */
	enum vm_shm_kind shm;
	unsigned int kvmfr_minor; /* N of /dev/kvmfrN */
	enum vm_display display;
	struct vm_firmware fw;
	const char *nvram; /* per-VM copy of the VARS template (QEMU only) */
	enum vm_accel accel;
	enum vm_net net;
	const char *network; /* libvirt network of VM_NET_NETWORK; NULL: "default" */
	const char *bridge; /* host bridge of VM_NET_BRIDGE */
	/*
	 * The guest's physical-address width (libvirt <maxphysaddr>, QEMU
	 * host-phys-bits-limit): at most the host kernel's, or OVMF puts the
	 * 64-bit PCI window where the host cannot map it and crashes. 0: none.
	 */
	unsigned int phys_bits;
	unsigned int spice_port; /* fixed SPICE port the client dials; 0: default */
	struct vm_resolution window; /* the Looking Glass client window; 0x0: unknown */
	const char *shm_name; /* /dev/shm/<name> of VM_SHM_FILE; NULL: looking-glass */
	const char *serial; /* file the first serial port writes to, or NULL */
	/* Direct kernel boot through OVMF (Linux guests, boot tests), or NULL. */
	const char *kernel;
	const char *initrd;
	const char *cmdline;
};

#endif
