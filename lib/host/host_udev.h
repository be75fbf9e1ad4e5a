/* SPDX-License-Identifier: MIT */
/*
 * A udev rule line as udev reads it: its key/value pairs, and which events
 * its ACTION keys let through. One reader for the doctor (vfs.persist) and
 * for vfctl setup, which both judge a user's rule that writes sriov_numvfs
 * by the events the boot sends the PF.
 *
 * The syntax is systemd-udevd's (src/udev/udev-rules.c, parse_line() and
 * the file reader): pairs KEY[{ATTR}] OP "VALUE" apart by whitespace or
 * commas, OP one of == != += -= = :=, blanks allowed around it, VALUE
 * double-quoted with \" for a quote and an optional e (escaped) and i
 * (case-insensitive match) prefix; a line whose first non-blank is '#' is a
 * comment, a line ending in '\' goes on on the next one. One malformed
 * pair and udev drops the whole line.
 */
#ifndef HOST_UDEV_H
#define HOST_UDEV_H

#include <stdbool.h>
#include <stddef.h>

enum host_udev_op {
	HOST_UDEV_MATCH, /* == */
	HOST_UDEV_NOMATCH, /* != */
	HOST_UDEV_ADD, /* += */
	HOST_UDEV_REMOVE, /* -= */
	HOST_UDEV_ASSIGN, /* = */
	HOST_UDEV_ASSIGN_FINAL, /* := */
};

struct host_udev_pair {
	char key[64];
	char attr[256]; /* between the braces of KEY{ATTR} */
	bool has_attr;
	enum host_udev_op op;
	char value[4096]; /* \" unescaped; an e-prefixed value as written */
	bool nocase; /* the i prefix */
};

/**
 * host_udev_pair_next - read the next key/value pair of a rule line
 * @p: position in the line, moved past the pair
 * @kv: result
 *
 * Return: 1 with @kv filled, 0 at the end of the line, -EINVAL when the
 * rest is malformed (udev ignores such a line), -ENAMETOOLONG when a part
 * does not fit @kv.
 */
int host_udev_pair_next(const char **p, struct host_udev_pair *kv);

/**
 * host_udev_logical_line - one rule line as udev joins it from a file
 * @text: the file's text from the start of a physical line
 * @buf: result: the line with its continuations joined, "" for a comment
 *       or blank line
 * @size: size of @buf
 *
 * A trailing '\' joins the next physical line (its leading blanks dropped);
 * a line starting with '#' is skipped even inside a continuation. A line
 * too long for @buf comes back "" (udev drops over-long lines too).
 *
 * Return: the number of bytes of @text read (0 at its end).
 */
size_t host_udev_logical_line(const char *text, char *buf, size_t size);

/**
 * host_udev_action - whether the rule's ACTION keys let @action through
 * @line: one rule line (NUL-terminated)
 * @action: an event name: "add", "bind", "change", ...
 *
 * ACTION=="p" and ACTION!="p", every such key of the line, as udev matches
 * them: "|" between alternatives (an empty one matches an empty action),
 * shell globs, "?*" for any action, the i prefix case-insensitive. A line
 * without an ACTION key runs on every event; a comment, a malformed line,
 * one with a key udev does not know or an ACTION it refuses (ACTION{x},
 * ACTION="add") on none.
 *
 * Return: true when the line runs on @action.
 */
bool host_udev_action(const char *line, const char *action);

/*
 * The events that can create the PF's VFs at boot (setup_steps.h tells
 * which boots send which): the coldplug "add" (udevadm trigger
 * --action=add) and "bind" (the PF's driver binding in the root's udev).
 */
struct host_udev_boot {
	bool on_add, on_bind;
};

void host_udev_boot_events(const char *line, struct host_udev_boot *ev);

#endif
