/* SPDX-License-Identifier: MIT */
/*
 * vfctl: the command table and the helpers every subcommand shares.
 *
 * A command lives in its own cmd_<name>.c, defines one struct vfctl_cmd
 * (its subcommands a table of struct vfctl_sub, each with the getopt_long
 * options it parses) and is listed in main.c; shell completion is written
 * from these tables. It parses its arguments, calls lib/ and prints:
 * a table for people, JSON with --json. Errors are one sentence plus a hint.
 */
#ifndef VFCTL_H
#define VFCTL_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tools/vfctl/vfctl_out.h"

/* Exit codes (DESIGN.md) */
enum {
	VFCTL_OK = 0,
	VFCTL_FAILED = 1, /* the check or the operation failed */
	VFCTL_USAGE = 2, /* bad command line */
	VFCTL_ENV = 3, /* something the environment lacks */
};

struct option;

/*
 * What an option's value is, for completion: the parser's own knowledge of
 * it, next to the option in its command's file (shell completion offers
 * files, directories or these words; any other value is left to the user).
 */
enum vfctl_value_kind {
	VFCTL_VALUE_FILE = 1,
	VFCTL_VALUE_DIR,
	VFCTL_VALUE_WORDS,
};

struct vfctl_value {
	const char *opt; /* long name, as in the option table */
	enum vfctl_value_kind kind;
	const char *const *words; /* VFCTL_VALUE_WORDS: the parser's list, NULL-ended */
};

/*
 * A subcommand: "xml" of "vfctl vm xml". run() gets argv[0] == name and
 * parses the rest with getopt_long over @opts, the same table shell
 * completion offers.
 */
struct vfctl_sub {
	const char *name;
	int (*run)(int argc, char **argv);
	const struct option *opts; /* getopt_long's, { 0 }-ended; NULL: none */
	const char *shortopts; /* getopt_long's, or NULL */
	const struct vfctl_value *values; /* { NULL }-ended, or NULL */
	const char *synopsis; /* for the command's own usage(), or NULL */
	const char *help; /* the same; its first line is the summary */
	const char *notes; /* after help: text subcommands share (MODEL, BDF), or NULL */
};

/*
 * A command. Either run() does everything (and completion offers the name
 * only), or @subs lists its subcommands and vfctl_dispatch() picks one; a
 * command without subcommands that fills @opts has its options completed.
 */
struct vfctl_cmd {
	const char *name;
	const char *summary;
	int (*run)(int argc, char **argv);
	const struct vfctl_sub *subs; /* { NULL }-ended, or NULL */
	void (*usage)(FILE *out); /* with @subs: 'vfctl CMD --help' */
	const char *example; /* with @subs: words after CMD for the hint, or NULL */
	const struct option *opts; /* without @subs: run()'s getopt_long table */
	const char *shortopts;
	const struct vfctl_value *values;
};

/* Every command, NULL-ended, in the order 'vfctl --help' lists them. */
extern const struct vfctl_cmd *const vfctl_commands[];

/**
 * vfctl_dispatch - run the subcommand argv[1] of @cmd
 * @cmd: a command with subs
 * @argc: arguments from the command's name on
 * @argv: the same
 *
 * 'CMD --help' prints the command's usage; a missing or unknown subcommand
 * is a usage error that lists them. The subcommand gets argv from its own
 * name on, with getopt reset, and "CMD SUB" as the command's name.
 *
 * Return: the exit code.
 */
int vfctl_dispatch(const struct vfctl_cmd *cmd, int argc, char **argv);

/**
 * vfctl_cmd_find - the command named @name
 * @name: a word of the command line
 *
 * Return: it, or NULL.
 */
const struct vfctl_cmd *vfctl_cmd_find(const char *name);

/**
 * vfctl_run - run @cmd: through vfctl_dispatch() when it has subcommands
 * @cmd: a command of vfctl_commands
 * @argc: arguments from the command's name on
 * @argv: the same
 *
 * Return: the exit code.
 */
int vfctl_run(const struct vfctl_cmd *cmd, int argc, char **argv);

/*
 * The command and the subcommand vfctl_run() and vfctl_dispatch() started,
 * or NULL: whose options a bad-usage error lists, whose help --help prints.
 */
const struct vfctl_cmd *vfctl_current_cmd(void);
const struct vfctl_sub *vfctl_current_sub(void);

/**
 * vfctl_sub_usage - a command's usage, from its subcommands' synopsis and help
 * @out: stream
 * @cmd: a command whose subs fill synopsis and help
 *
 * While a subcommand runs (its --help): its synopsis, help and notes.
 * Otherwise every synopsis, each help's first line, the notes once each, and
 * how to ask for one subcommand.
 */
void vfctl_sub_usage(FILE *out, const struct vfctl_cmd *cmd);

/**
 * vfctl_sub_find - the subcommand of @cmd named @name
 * @cmd: a command
 * @name: a word of the command line
 *
 * Return: it, or NULL.
 */
const struct vfctl_sub *vfctl_sub_find(const struct vfctl_cmd *cmd, const char *name);

/* The argument grammar all commands share (PCI addresses, resolutions, IDs). */
#include "args/args.h"

extern const struct vfctl_cmd vfctl_cmd_gop;
extern const struct vfctl_cmd vfctl_cmd_provision;
extern const struct vfctl_cmd vfctl_cmd_kvmfr;
extern const struct vfctl_cmd vfctl_cmd_vm;
extern const struct vfctl_cmd vfctl_cmd_doctor;
extern const struct vfctl_cmd vfctl_cmd_vfs;
extern const struct vfctl_cmd vfctl_cmd_vfio;
extern const struct vfctl_cmd vfctl_cmd_setup;
extern const struct vfctl_cmd vfctl_cmd_completion;

/**
 * vfctl_error - report an error as one sentence and a fix hint
 * @hint: what to do about it, best the corrected command line, or NULL
 * @fmt: printf format of the sentence
 *
 * Text: the sentence and hint on stderr. --json (anywhere on the command
 * line, vfctl_out.h): recorded in the document's "errors" and nothing on
 * stderr.
 */
__attribute__((format(printf, 2, 3))) void vfctl_error(const char *hint, const char *fmt, ...);

/**
 * vfctl_json_print - add a command's own keys to the JSON document
 * @obj: an object whose keys are added (consumed); printed by main()
 */
void vfctl_json_print(struct json_object *obj);

/* The largest file vfctl_read_file() takes: a GOP driver or a domain XML is
 * far smaller, a whole firmware image smaller still than this. */
#define VFCTL_READ_MAX (64u << 20)

/**
 * vfctl_read_file - read a whole regular file (lib/common's reader)
 * @path: file name
 * @buf: on success, the malloc'ed contents, NUL-terminated
 * @len: on success, their size
 *
 * The bytes are copied, not mapped: a file truncated meanwhile cannot
 * fault the caller (SIGBUS), it is an error.
 *
 * Return: 0 or a negative errno: -EISDIR, -EINVAL when not a regular file,
 * -EFBIG beyond VFCTL_READ_MAX, -ENODATA when the file ends before the size
 * it had when opened (it was truncated while being read).
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
