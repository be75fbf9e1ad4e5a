/* SPDX-License-Identifier: MIT */
/*
 * Helpers of the lib/uefi tests: the real OVMF image, and builders for
 * synthetic volumes, files and sections wrapped around real bytes.
 */
#ifndef TEST_UEFI_UTIL_H
#define TEST_UEFI_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "uefi/uefi_guid.h"

#define QEMU_VIDEO_SHA256 "56f78b7e9ef8eea2593999752d8b5f74b19f79666de92e5816d7a6a29412548b"
#define QEMU_VIDEO_SIZE 16896
#define QEMU_VIDEO_GUID "E3752948-B9A1-4770-90C4-DF41C38986BE"

struct tbuf {
	uint8_t *p;
	size_t len;
};

/* Path of Debian's OVMF_CODE_4M.fd: $OVMF_CODE, else from `dpkg -L ovmf`. */
const char *t_ovmf_path(void);
/* Whole file contents; fails the test when unreadable. */
struct tbuf t_read(const char *path);
/* OVMF_CODE_4M.fd, loaded once. */
const struct tbuf *t_ovmf(void);
/* The QemuVideoDxe PE body extracted from OVMF (checked against the oracle). */
const struct tbuf *t_qemu_video(void);
/* A copy of the PE body of the OVMF driver whose UI name is @ui (e.g. the
 * GOP consumer GraphicsConsoleDxe); fails the test when there is none. */
struct tbuf t_ovmf_driver(const char *ui);

void t_append(struct tbuf *b, const void *p, size_t n);
void t_fill(struct tbuf *b, uint8_t v, size_t n);
void t_align(struct tbuf *b, size_t a, uint8_t v);
void t_free(struct tbuf *b);

/* A section; @ext forces the 0xFFFFFF + u32 extended size form. */
struct tbuf t_section(uint8_t type, const void *body, size_t len, bool ext);
/* A GUID-defined section with DataOffset right after the header. */
struct tbuf t_guided(const struct uefi_guid *g, uint16_t attr, const void *body, size_t len);
/* A FREEFORM_SUBTYPE_GUID section. */
struct tbuf t_subtype(const struct uefi_guid *g, const void *body, size_t len);
/* A file: @erase is the volume's free byte; @large uses the FFSv3 form;
 * @state is the logical state before inversion. */
struct tbuf t_file(const struct uefi_guid *name, uint8_t type, const void *body, size_t len,
		   uint8_t erase, bool large, uint8_t state);
/* A volume with the files concatenated in @files (8-aligned by the caller
 * via t_append_file), with an extended header naming it when @named. */
struct tbuf t_volume(const struct uefi_guid *fs, uint8_t erase, const struct tbuf *files,
		     bool named, size_t min_len);
/* Append a file to a file list with the 8-byte alignment volumes need. */
void t_append_file(struct tbuf *files, const struct tbuf *file, uint8_t erase);

/* A DXE driver file holding a PE32 and a UI section named @ui. */
struct tbuf t_driver_sections(const void *pe, size_t len, const char *ui);

/* One PCI option ROM image as PCI Firmware 3.0 lays it out: the 0xAA55
 * header, a PCIR structure and @payload at offset 0x40, padded with zeros
 * to 512 bytes. An EFI image (@code_type 3) gets the EFI header fields
 * (x64 boot-service driver, @compression); @last sets the last-image bit. */
struct tbuf t_rom_image(const void *payload, size_t len, uint8_t code_type, uint16_t compression,
			bool last);

/* Encode with liblzma into an EDK2 LZMA section body (13-byte header). */
struct tbuf t_lzma_body(const void *p, size_t len, bool x86);

/* Count of files created by test helpers in temporary directories. */
char *t_mkdtemp(void);
void t_rm_rf(const char *dir);

#endif
