/* SPDX-License-Identifier: MIT */
/*
 * Producer or consumer of the Graphics Output Protocol.
 *
 * Many drivers hold the GOP GUID: the display driver that installs the
 * protocol on a controller (what a VF's romfile needs) and the console,
 * splitter, boot-manager and platform drivers that only locate it. Without
 * executing the image the difference shows in what else it references:
 * a display driver follows the UEFI driver model for a PCI device (driver
 * binding + PCI I/O) and does not print text; a text console produces
 * Simple Text Output. The verdict says which evidence decided and how sure
 * it is.
 */
#ifndef UEFI_GOP_ROLE_H
#define UEFI_GOP_ROLE_H

#include <stddef.h>
#include <stdint.h>

enum uefi_gop_role {
	UEFI_GOP_ROLE_NONE = 0, /* no GOP GUID at all */
	UEFI_GOP_ROLE_PRODUCER, /* installs GOP: a display driver */
	UEFI_GOP_ROLE_CONSUMER, /* only uses GOP: console, splitter, setup */
	UEFI_GOP_ROLE_UNSURE, /* holds the GUID, neither pattern fits */
};

enum uefi_gop_confidence {
	UEFI_GOP_SURE_LOW = 0,
	UEFI_GOP_SURE_MEDIUM,
	UEFI_GOP_SURE_HIGH,
};

struct uefi_gop_role_info {
	enum uefi_gop_role role;
	enum uefi_gop_confidence confidence;
	const char *why; /* static sentence: the evidence */
};

/**
 * uefi_gop_role - classify a PE image as GOP producer or consumer
 * @pe: the PE body
 * @len: its length
 * @file_guid: its FFS file GUID (upper-case text), or NULL
 * @ui_name: its USER_INTERFACE name, or NULL
 * @known: uefi_gop_known() of its hash, or NULL
 * @out: the verdict
 */
void uefi_gop_role(const uint8_t *pe, size_t len, const char *file_guid, const char *ui_name,
		   const char *known, struct uefi_gop_role_info *out);

/**
 * uefi_gop_intel_file - name of a known Intel GOP FFS file GUID
 * @file_guid: upper-case GUID text
 *
 * Return: the name UEFITool's GUID database gives it, or NULL.
 */
const char *uefi_gop_intel_file(const char *file_guid);

const char *uefi_gop_role_str(enum uefi_gop_role role);
const char *uefi_gop_confidence_str(enum uefi_gop_confidence c);

#endif
