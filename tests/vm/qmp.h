/* SPDX-License-Identifier: MIT */
/* Minimal QMP client over a unix socket (json-c): commands, key events. */
#ifndef VM_QMP_H
#define VM_QMP_H

#include <stdbool.h>
#include <stddef.h>

struct json_object;

struct qmp {
	int fd;
	char buf[65536];
	size_t len;
};

/**
 * qmp_connect - connect, read the greeting, negotiate capabilities
 * @q: client
 * @path: QMP unix socket
 * @timeout_ms: keep retrying the connect this long (QEMU creates it late)
 *
 * Return: 0 or a negative errno.
 */
int qmp_connect(struct qmp *q, const char *path, int timeout_ms);

/**
 * qmp_execute - run a command and wait for its return, skipping events
 * @q: client
 * @cmd: command name
 * @args: arguments object or NULL; ownership is taken
 * @timeout_ms: limit
 *
 * Return: 0, -EIO if QEMU answered with an error, -ETIMEDOUT, -EPIPE.
 */
int qmp_execute(struct qmp *q, const char *cmd, struct json_object *args, int timeout_ms);

/**
 * qmp_send_key - inject one key press or release (input-send-event)
 * @q: client
 * @qcode: QEMU key code name, e.g. "a"
 * @down: press or release
 * @timeout_ms: limit for the reply
 *
 * Return: as qmp_execute().
 */
int qmp_send_key(struct qmp *q, const char *qcode, bool down, int timeout_ms);

/**
 * qmp_close - close the connection
 * @q: client
 */
void qmp_close(struct qmp *q);

#endif
