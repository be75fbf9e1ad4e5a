/* SPDX-License-Identifier: MIT */
/*
 * PCI identity through libpci, with its sysfs path and ID database under
 * the root prefix, plus the sysfs attributes libpci does not cover
 * (driver, SR-IOV, IOMMU group).
 */
#ifndef HOST_PCI_H
#define HOST_PCI_H

#include <stdbool.h>
#include <stdint.h>

#define HOST_PF_BDF "0000:00:02.0"

struct host_pci_ident {
	uint16_t vendor, device;
	uint32_t class; /* 24 bits: class, subclass, prog-if */
	uint8_t rev;
	/* As lspci prints it: "VGA compatible controller: Intel Corporation
	 * Raptor Lake-S GT1 [UHD Graphics 770] (rev 04)" */
	char name[512];
};

/**
 * host_pci_ident - IDs and lspci-style name of one PCI function
 * @root: prefix; libpci reads <root>/sys/bus/pci and <root>/usr/share/misc/pci.ids
 * @bdf: address, "0000:00:02.0"
 * @id: result
 *
 * Names fall back to numbers when the prefix has no pci.ids (a fixture
 * tree never borrows the host's database).
 *
 * Return: 0, -ENOENT when the function does not exist, -EINVAL for a bad
 * address, -EIO when libpci fails.
 */
int host_pci_ident(const char *root, const char *bdf, struct host_pci_ident *id);

/**
 * host_pci_attr_path - "/sys/bus/pci/devices/<bdf>/<attr>"
 * @bdf: address
 * @attr: attribute, may be "" for the directory itself
 * @buf: result
 * @size: size of @buf
 *
 * Return: 0 or -ENAMETOOLONG.
 */
int host_pci_attr_path(const char *bdf, const char *attr, char *buf, size_t size);

/**
 * host_pci_driver - name of the driver bound to a function
 * @root: prefix
 * @bdf: address
 * @buf: result ("i915", "vfio-pci"); "" when none is bound
 * @size: size of @buf
 *
 * Return: 0 (also when unbound), -ENOENT when the function does not exist.
 */
int host_pci_driver(const char *root, const char *bdf, char *buf, size_t size);

/**
 * host_pci_iommu_group - the IOMMU group number of a function
 * @root: prefix
 * @bdf: address
 *
 * Return: the group (>= 0), or -ENOENT when it has none (IOMMU off).
 */
int host_pci_iommu_group(const char *root, const char *bdf);

/**
 * host_pci_virtfn - address of the n-th VF of a PF (virtfn<n-1> link)
 * @root: prefix
 * @pf: PF address
 * @vf: VF number, 1-based as in i915's "VF1"
 * @buf: result, e.g. "0000:00:02.1"
 * @size: size of @buf
 *
 * Return: 0, -ENOENT when that VF does not exist.
 */
int host_pci_virtfn(const char *root, const char *pf, unsigned int vf, char *buf, size_t size);

/**
 * host_pci_bdf_valid - whether a text is a full PCI address "DDDD:BB:DD.F"
 * @bdf: text
 *
 * Return: true when it is one.
 */
bool host_pci_bdf_valid(const char *bdf);

#endif
