/* SPDX-License-Identifier: MIT */
/*
 * vfctl: the command table and the helpers every subcommand shares.
 *
 * A subcommand lives in its own cmd_<name>.c, defines one struct vfctl_cmd
 * and is listed in main.c. It parses its arguments, calls lib/ and prints:
 * a table for people, JSON with --json. Errors are one sentence plus a hint.
 */
#ifndef VFCTL_H
#define VFCTL_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tools/vfctl/vfctl_out.h"

/* Exit codes (DESIGN.md) */
enum {
	VFCTL_OK = 0,
	VFCTL_FAILED = 1, /* the check or the operation failed */
	VFCTL_USAGE = 2, /* bad command line */
	VFCTL_ENV = 3, /* something the environment lacks */
};

struct vfctl_cmd {
	const char *name;
	const char *summary;
	int (*run)(int argc, char **argv);
};

/* The argument grammar all commands share (PCI addresses, resolutions, IDs). */
#include "args/args.h"

extern const struct vfctl_cmd vfctl_cmd_gop;
extern const struct vfctl_cmd vfctl_cmd_provision;
extern const struct vfctl_cmd vfctl_cmd_kvmfr;
extern const struct vfctl_cmd vfctl_cmd_vm;
extern const struct vfctl_cmd vfctl_cmd_doctor;
extern const struct vfctl_cmd vfctl_cmd_vfs;
extern const struct vfctl_cmd vfctl_cmd_vfio;

/**
 * vfctl_error - report an error as one sentence and a fix hint
 * @json: unused: --json anywhere on the command line decides (vfctl_out.h)
 * @hint: what to do about it, best the corrected command line, or NULL
 * @fmt: printf format of the sentence
 *
 * Text: the sentence and hint on stderr. --json: recorded in the document's
 * "errors" and nothing on stderr.
 */
__attribute__((format(printf, 3, 4))) void vfctl_error(bool json, const char *hint, const char *fmt,
						       ...);

/**
 * vfctl_json_print - add a command's own keys to the JSON document
 * @obj: an object whose keys are added (consumed); printed by main()
 */
void vfctl_json_print(struct json_object *obj);

/**
 * vfctl_read_file - read a whole file
 * @path: file name
 * @buf: on success, the malloc'ed contents
 * @len: on success, their size
 *
 * Return: 0 or a negative errno.
 */
int vfctl_read_file(const char *path, uint8_t **buf, size_t *len);

/**
 * vfctl_write_file - write a file atomically (temporary file and rename),
 * mode 0644, refusing a symlink at @path (-ELOOP; see host_write_atomic())
 * @path: file name
 * @buf: contents
 * @len: their size
 *
 * Return: 0 or a negative errno.
 */
int vfctl_write_file(const char *path, const uint8_t *buf, size_t len);

/**
 * vfctl_parse_u16 - parse a 16-bit number (decimal or 0x-hex)
 * @s: text
 * @val: result
 *
 * Return: true when @s is a number that fits.
 */
bool vfctl_parse_u16(const char *s, uint16_t *val);

/**
 * vfctl_parse_size - parse a size with an optional K, M or G suffix
 * @s: text (decimal or 0x-hex, then the suffix)
 * @val: result in bytes
 *
 * Return: true when @s is such a number and fits in 64 bits.
 */
bool vfctl_parse_size(const char *s, uint64_t *val);

/**
 * vfctl_parse_size_plain - parse a plain number (decimal or 0x-hex)
 * @s: text
 * @val: result
 *
 * Return: true when @s is a number that fits in 64 bits.
 */
bool vfctl_parse_size_plain(const char *s, uint64_t *val);

#endif
