/* SPDX-License-Identifier: MIT */
/*
 * IDs of an SR-IOV virtual function, read from sysfs under a root prefix so
 * that tests can use a fixture tree.
 */
#ifndef PCI_VF_H
#define PCI_VF_H

#include <stdint.h>

#define PCI_IGPU_PF "0000:00:02.0"

/**
 * pci_vf_ids - vendor and device ID the VFs of a PF present
 * @root: root prefix ("/" on a live system)
 * @pf: PCI address of the physical function, e.g. PCI_IGPU_PF
 * @vendor: the PF's vendor ID
 * @device: the VF device ID (sriov_vf_device, else virtfn0/device)
 *
 * Return: 0, -ENOENT when the PF does not exist or exposes no VF device ID
 * (no SR-IOV support or driver), -EINVAL for unparsable files.
 */
int pci_vf_ids(const char *root, const char *pf, uint16_t *vendor, uint16_t *device);

#endif
