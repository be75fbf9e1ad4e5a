// SPDX-License-Identifier: MIT
/*
 * GOP producer/consumer verdict from the protocol GUIDs an image holds.
 *
 * Checked against Debian's OVMF (tests/unit/test_uefi_ovmf.c): QemuVideoDxe
 * and VirtioGpuDxe hold GOP + driver binding + PCI I/O and no Simple Text
 * Output; GraphicsConsoleDxe, ConSplitterDxe and ConPlatformDxe hold GOP and
 * Simple Text Output; QemuRamfbDxe (a producer without the driver model)
 * and PlatformDxe (a consumer) hold only GOP and device path, so the GUIDs
 * cannot tell them apart: unsure.
 */
#include <string.h>
#include <strings.h>

#include "uefi/uefi_gop_role.h"
#include "uefi/uefi_guid.h"

static const struct uefi_guid driver_binding =
	UEFI_GUID(0x18A031AB, 0xB443, 0x4D1A, 0xA5, 0xC0, 0x0C, 0x09, 0x26, 0x1E, 0x9F, 0x71);
static const struct uefi_guid pci_io =
	UEFI_GUID(0x4CF5B200, 0x68B8, 0x4CA5, 0x9E, 0xEC, 0xB2, 0x3E, 0x3F, 0x50, 0x02, 0x9A);
static const struct uefi_guid text_out =
	UEFI_GUID(0x387477C2, 0x69C7, 0x11D2, 0x8E, 0x39, 0x00, 0xA0, 0xC9, 0x69, 0x72, 0x3B);
static const struct uefi_guid edid_discovered =
	UEFI_GUID(0x1C0C34F6, 0xD380, 0x41FA, 0xA0, 0x49, 0x8A, 0xD0, 0x6C, 0x1A, 0x66, 0xAA);
static const struct uefi_guid edid_active =
	UEFI_GUID(0xBD8C1056, 0x9F36, 0x44EC, 0x92, 0xA8, 0xA6, 0x33, 0x7F, 0x81, 0x79, 0x86);

/* FFS file GUIDs of Intel GOP builds, named as in UEFITool's GUID database
 * (research notes, section 4). */
static const struct {
	const char *guid;
	const char *name;
} intel_files[] = {
	{ "FF0C8745-3270-4439-B74F-3E45F8C77064", "IntelGopDriver" },
	{ "7755CA7B-CA8F-43C5-889B-E1F59A93D575", "IntelGopDriver" },
	{ "5BBA83E6-F027-4CA7-BFD0-16358CC9E123", "IntelIvbGopDriver" },
	{ "F82E0BF0-95F7-41DB-9299-2D054546B3D0", "IntelGopDriverRkl" },
	{ "5C266089-E103-4D43-9AB5-12D7095BE2AF", "IntelSaGopDriver" },
	{ "8D59EBC8-B85E-400E-970A-1F995D1DB91E", "IntelSnbGopDriver" },
	{ "F706D0C8-F6FC-4F7A-AC98-96BA5CC43AAA", "SandyBridgeGopDriver" },
	{ "A0327FE0-1FDA-4E5B-905D-B510C45A61D0", "GOP freeform file of an AMI ADL-P board" },
};

const char *uefi_gop_intel_file(const char *file_guid)
{
	size_t i;

	for (i = 0; file_guid && i < sizeof(intel_files) / sizeof(intel_files[0]); i++)
		if (!strcasecmp(intel_files[i].guid, file_guid))
			return intel_files[i].name;
	return NULL;
}

static bool holds(const uint8_t *pe, size_t len, const struct uefi_guid *g)
{
	return memmem(pe, len, g->b, sizeof(g->b)) != NULL;
}

static void set(struct uefi_gop_role_info *out, enum uefi_gop_role role, enum uefi_gop_confidence c,
		const char *why)
{
	out->role = role;
	out->confidence = c;
	out->why = why;
}

void uefi_gop_role(const uint8_t *pe, size_t len, const char *file_guid, const char *ui_name,
		   const char *known, struct uefi_gop_role_info *out)
{
	bool binding, pci, text, edid;

	if (!holds(pe, len, &uefi_guid_gop)) {
		set(out, UEFI_GOP_ROLE_NONE, UEFI_GOP_SURE_HIGH,
		    "does not reference the Graphics Output Protocol");
		return;
	}
	if (known) {
		set(out, UEFI_GOP_ROLE_PRODUCER, UEFI_GOP_SURE_HIGH,
		    "its SHA-256 is a known GOP driver build");
		return;
	}
	if (uefi_gop_intel_file(file_guid) || (ui_name && strcasestr(ui_name, "GopDriver"))) {
		set(out, UEFI_GOP_ROLE_PRODUCER, UEFI_GOP_SURE_HIGH,
		    "file GUID or name of Intel's GOP driver");
		return;
	}
	binding = holds(pe, len, &driver_binding);
	pci = holds(pe, len, &pci_io);
	text = holds(pe, len, &text_out);
	edid = holds(pe, len, &edid_discovered) || holds(pe, len, &edid_active);
	if (text) {
		set(out, UEFI_GOP_ROLE_CONSUMER, UEFI_GOP_SURE_MEDIUM,
		    "also references Simple Text Output: a console driver that draws on a GOP");
		return;
	}
	if (binding && pci) {
		set(out, UEFI_GOP_ROLE_PRODUCER, edid ? UEFI_GOP_SURE_HIGH : UEFI_GOP_SURE_MEDIUM,
		    edid ? "a driver-binding driver for PCI devices with GOP and EDID protocols: a display driver" :
			   "a driver-binding driver for PCI devices with GOP and no text console: the shape of a display driver");
		return;
	}
	set(out, UEFI_GOP_ROLE_UNSURE, UEFI_GOP_SURE_LOW,
	    "references the GOP GUID without the driver-binding and PCI I/O pattern of a display driver");
}

const char *uefi_gop_role_str(enum uefi_gop_role role)
{
	switch (role) {
	case UEFI_GOP_ROLE_PRODUCER:
		return "producer";
	case UEFI_GOP_ROLE_CONSUMER:
		return "consumer";
	case UEFI_GOP_ROLE_UNSURE:
		return "unsure";
	case UEFI_GOP_ROLE_NONE:
		break;
	}
	return "none";
}

const char *uefi_gop_confidence_str(enum uefi_gop_confidence c)
{
	switch (c) {
	case UEFI_GOP_SURE_HIGH:
		return "high";
	case UEFI_GOP_SURE_MEDIUM:
		return "medium";
	case UEFI_GOP_SURE_LOW:
		break;
	}
	return "low";
}
