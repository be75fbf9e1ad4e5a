// SPDX-License-Identifier: MIT
/*
 * QMP client. QEMU sends one JSON object per line; asynchronous events can
 * arrive between a command and its return, so replies are matched by the
 * presence of "return"/"error" and events are skipped.
 */
#include "tests/vm/qmp.h"

#include <errno.h>
#include <json-c/json.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Next JSON object from the socket, or NULL with *err set. */
static struct json_object *qmp_read(struct qmp *q, int timeout_ms, int *err)
{
	long end = now_ms() + timeout_ms;

	for (;;) {
		char *nl = memchr(q->buf, '\n', q->len);
		struct pollfd pfd = { .fd = q->fd, .events = POLLIN };
		long left;
		ssize_t r;

		if (nl) {
			struct json_object *o;
			size_t n = (size_t)(nl - q->buf) + 1;

			*nl = '\0';
			o = json_tokener_parse(q->buf);
			memmove(q->buf, q->buf + n, q->len - n);
			q->len -= n;
			if (o)
				return o;
			continue;
		}
		if (q->len == sizeof(q->buf)) {
			*err = -EMSGSIZE;
			return NULL;
		}
		left = end - now_ms();
		if (left <= 0) {
			*err = -ETIMEDOUT;
			return NULL;
		}
		if (poll(&pfd, 1, (int)left) <= 0)
			continue;
		r = read(q->fd, q->buf + q->len, sizeof(q->buf) - q->len);
		if (r <= 0) {
			*err = -EPIPE;
			return NULL;
		}
		q->len += (size_t)r;
	}
}

static int send_obj(struct qmp *q, struct json_object *o)
{
	const char *s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
	size_t n = strlen(s);
	int ret = 0;

	if (write(q->fd, s, n) != (ssize_t)n || write(q->fd, "\n", 1) != 1)
		ret = -EPIPE;
	json_object_put(o);
	return ret;
}

int qmp_execute(struct qmp *q, const char *cmd, struct json_object *args, int timeout_ms)
{
	struct json_object *o = json_object_new_object(), *r, *v;
	long end = now_ms() + timeout_ms;
	int err = 0;

	json_object_object_add(o, "execute", json_object_new_string(cmd));
	if (args)
		json_object_object_add(o, "arguments", args);
	err = send_obj(q, o);
	if (err)
		return err;
	for (;;) {
		long left = end - now_ms();

		r = qmp_read(q, left > 0 ? (int)left : 0, &err);
		if (!r)
			return err;
		if (json_object_object_get_ex(r, "return", &v)) {
			json_object_put(r);
			return 0;
		}
		if (json_object_object_get_ex(r, "error", &v)) {
			fprintf(stderr, "qmp: %s: %s\n", cmd, json_object_to_json_string(v));
			json_object_put(r);
			return -EIO;
		}
		json_object_put(r); /* an event */
	}
}

int qmp_connect(struct qmp *q, const char *path, int timeout_ms)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	long end = now_ms() + timeout_ms;
	struct json_object *greeting, *v;
	int err = 0;

	q->len = 0;
	q->fd = -1;
	if (strlen(path) >= sizeof(addr.sun_path))
		return -ENAMETOOLONG;
	strcpy(addr.sun_path, path);
	for (;;) {
		q->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (q->fd < 0)
			return -errno;
		if (!connect(q->fd, (struct sockaddr *)&addr, sizeof(addr)))
			break;
		close(q->fd);
		q->fd = -1;
		if (now_ms() > end)
			return -ETIMEDOUT;
		usleep(20000);
	}
	greeting = qmp_read(q, timeout_ms, &err);
	if (!greeting || !json_object_object_get_ex(greeting, "QMP", &v)) {
		json_object_put(greeting);
		qmp_close(q);
		return err ? err : -EPROTO;
	}
	json_object_put(greeting);
	err = qmp_execute(q, "qmp_capabilities", NULL, timeout_ms);
	if (err)
		qmp_close(q);
	return err;
}

int qmp_send_key(struct qmp *q, const char *qcode, bool down, int timeout_ms)
{
	struct json_object *args = json_object_new_object();
	struct json_object *events = json_object_new_array();
	struct json_object *ev = json_object_new_object();
	struct json_object *data = json_object_new_object();
	struct json_object *key = json_object_new_object();

	json_object_object_add(key, "type", json_object_new_string("qcode"));
	json_object_object_add(key, "data", json_object_new_string(qcode));
	json_object_object_add(data, "down", json_object_new_boolean(down));
	json_object_object_add(data, "key", key);
	json_object_object_add(ev, "type", json_object_new_string("key"));
	json_object_object_add(ev, "data", data);
	json_object_array_add(events, ev);
	json_object_object_add(args, "events", events);
	return qmp_execute(q, "input-send-event", args, timeout_ms);
}

void qmp_close(struct qmp *q)
{
	if (q->fd >= 0)
		close(q->fd);
	q->fd = -1;
}
