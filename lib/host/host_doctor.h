/* SPDX-License-Identifier: MIT */
/*
 * The doctor: every step of the setup guide as a check that reads the
 * system (through the root prefix) and returns findings. Nothing here
 * writes. `vfctl doctor` prints the findings; IGT and VM tests call the
 * same functions and assert on the findings by id.
 */
#ifndef HOST_DOCTOR_H
#define HOST_DOCTOR_H

#include <stdbool.h>

#include "host/host_cmdline.h"
#include "host/host_distro.h"
#include "host/host_igpu.h"
#include "host/host_kconfig.h"
#include "host/host_klog.h"
#include "host/host_pci.h"
#include "host/host_report.h"

struct host_doctor_opts {
	const char *root; /* prefix; NULL or "/" for the live system */
	const char *dmesg; /* saved kernel log instead of /dev/kmsg, or NULL */
	const char *pf; /* PF address; NULL for HOST_PF_BDF */
	/* the Looking Glass resolution static_size_mb must hold; 0 = 1920x1080 */
	unsigned int width, height;
	bool hdr;
};

/* What every check shares, loaded once by host_doctor_load(). */
struct host_doctor {
	struct host_doctor_opts o;
	const char *root;
	const char *pf;
	char release[256];
	bool have_release;
	struct host_cmdline cmdline;
	int cmdline_err;
	struct host_kconfig kconfig;
	int kconfig_err;
	struct host_klog klog;
	int klog_err;
	struct host_pci_ident ident;
	int ident_err;
	/* the table's entry for the PF, with or without SR-IOV; NULL: unknown */
	const struct host_igpu *igpu;
	/* the driver of the DKMS package this host is set up for: xe when the
	 * command line or modprobe.d asks for xe.max_vfs or blacklists i915 */
	enum host_igpu_driver variant;
	const char *drv; /* "i915" or "xe" */
	/* boot loader, initramfs tool, package names: every hint uses them */
	struct host_distro distro;
};

/**
 * host_doctor_load - read what the checks share
 * @d: context; release with host_doctor_free()
 * @o: options
 *
 * Missing inputs are not errors: each check reports them as a skip or a
 * failure with the reason.
 *
 * Return: 0 or -ENOMEM.
 */
int host_doctor_load(struct host_doctor *d, const struct host_doctor_opts *o);

/**
 * host_doctor_free - release a context
 * @d: context
 */
void host_doctor_free(struct host_doctor *d);

/**
 * host_doctor_run - run every check in the order of the guide
 * @o: options
 * @r: findings (zeroed by the caller); release with host_report_free()
 *
 * When the machine has no supported Intel iGPU, the platform findings fail,
 * @r->unsupported is set, and every other group is one skip finding.
 *
 * Return: 0 or -ENOMEM.
 */
int host_doctor_run(const struct host_doctor_opts *o, struct host_report *r);

/*
 * The groups, each callable alone with a loaded context. Finding ids
 * start with the group name ("platform.igpu", "cmdline.enable_guc").
 */

/**
 * host_check_platform - Intel CPU, the iGPU at the PF address, supported ID
 * @d: context
 * @r: findings
 *
 * Return: true when the machine is supported (the other checks apply).
 */
bool host_check_platform(struct host_doctor *d, struct host_report *r);

/**
 * host_check_iommu - VMX, /dev/kvm, the DMAR table, IOMMU active, groups
 * @d: context
 * @r: findings
 */
void host_check_iommu(struct host_doctor *d, struct host_report *r);

/**
 * host_check_bios - SR-IOV capability (sriov_totalvfs) and MMIO resources
 * @d: context
 * @r: findings
 */
void host_check_bios(struct host_doctor *d, struct host_report *r);

/**
 * host_check_cmdline - every kernel parameter of the guide
 * @d: context
 * @r: findings
 */
void host_check_cmdline(struct host_doctor *d, struct host_report *r);

/**
 * host_check_kconfig - the kernel options of the guide
 * @d: context
 * @r: findings
 */
void host_check_kconfig(struct host_doctor *d, struct host_report *r);

/**
 * host_check_firmware - GuC, HuC and DMC blobs for the platform, and the
 * versions the log shows loaded
 * @d: context
 * @r: findings
 */
void host_check_firmware(struct host_doctor *d, struct host_report *r);

/**
 * host_check_driver - DKMS i915 installed, loaded and in PF mode (not the
 * stock one, not xe, not vfio-pci)
 * @d: context
 * @r: findings
 */
void host_check_driver(struct host_doctor *d, struct host_report *r);

/**
 * host_check_vfs - enabled VFs, their drivers, persistence at boot
 * @d: context
 * @r: findings
 */
void host_check_vfs(struct host_doctor *d, struct host_report *r);

/**
 * host_check_kvmfr - the Looking Glass module, its device and its size
 * @d: context
 * @r: findings
 */
void host_check_kvmfr(struct host_doctor *d, struct host_report *r);

/**
 * host_check_dkms - the DKMS driver's kernel range, headers and signing key
 * (lib/dkms's compatibility check), in lib/host/host_check_dkms.c
 * @d: context
 * @r: findings
 */
void host_check_dkms(struct host_doctor *d, struct host_report *r);

#endif
