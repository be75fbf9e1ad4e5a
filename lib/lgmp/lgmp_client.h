/* SPDX-License-Identifier: MIT */
/*
 * LGMP v6 consumer: what the Looking Glass client does on the host. The
 * shared memory is written by a guest and is treated as hostile: every index,
 * offset, size and count read from it is checked before use, each field is
 * read once, locks held by the other side time out, and a producer whose
 * heartbeat stops is reported as gone.
 */
#ifndef LGMP_CLIENT_H
#define LGMP_CLIENT_H

#include "lgmp/lgmp_types.h"

/**
 * lgmp_client_init - attach to shared memory; records the current heartbeat
 * @c: client state
 * @mem: shared memory base
 * @size: its size
 *
 * Return: 0 or -EINVAL if the memory cannot hold an LGMP header.
 */
int lgmp_client_init(struct lgmp_client *c, void *mem, size_t size);

/**
 * lgmp_client_set_clock - replace the millisecond clock (tests, fuzzer)
 * @c: client state
 * @fn: clock returning ms
 * @ctx: passed to @fn
 */
void lgmp_client_set_clock(struct lgmp_client *c, lgmp_clock_fn fn, void *ctx);

/**
 * lgmp_client_session_init - join the producer's current session
 * @c: client state
 * @udata: set to the user data in shared memory (bounds checked)
 * @udata_size: its size
 *
 * Requires the heartbeat to have moved since lgmp_client_init(), so a stale
 * header left by a dead producer is not mistaken for a live one.
 *
 * Return: 0, -EBADMSG (no magic), -EPROTONOSUPPORT (not version 6; the
 * version met is in c->peer_version, lgmp_version_refusal() words it),
 * -EAGAIN (heartbeat not moving yet; retry), -EPROTO (bad udata size).
 */
int lgmp_client_session_init(struct lgmp_client *c, const uint8_t **udata, uint32_t *udata_size);

/**
 * lgmp_version_refusal - say which protocol was met and which is spoken
 * @buf: result, always NUL-terminated
 * @size: its size
 * @found: c->peer_version after -EPROTONOSUPPORT
 *
 * Return: @buf, e.g. "LGMP protocol 10 (Looking Glass development branch) is
 * not supported: this consumer speaks LGMP 6 (Looking Glass B7)".
 */
const char *lgmp_version_refusal(char *buf, size_t size, uint32_t found);

/**
 * lgmp_client_session_valid - is the producer of this session still alive
 * @c: client state
 *
 * Return: 0, -ECONNRESET (producer restarted: new session id or magic gone),
 * -EHOSTDOWN (heartbeat unchanged for longer than the heartbeat timeout).
 */
int lgmp_client_session_valid(struct lgmp_client *c);

/**
 * lgmp_client_subscribe - take a subscriber slot on a queue
 * @c: client state
 * @queue_id: e.g. KVMFR_QUEUE_FRAME
 * @q: result
 *
 * Reading starts at the current position: old messages are not replayed.
 *
 * Return: 0, -ENOENT (no such queue yet), -ENOSPC (32 subscribers),
 * -EBUSY (lock held too long), -EPROTO (queue header out of bounds).
 */
int lgmp_client_subscribe(struct lgmp_client *c, uint32_t queue_id, struct lgmp_client_queue **q);

/**
 * lgmp_client_unsubscribe - give the slot back
 * @q: queue
 *
 * Return: 0, -ETIMEDOUT if the producer already marked us bad (the slot is
 * reclaimed by the protocol), -EBUSY.
 */
int lgmp_client_unsubscribe(struct lgmp_client_queue *q);

/**
 * lgmp_client_process - peek at the next message without consuming it
 * @q: queue
 * @msg: the message; msg->mem..msg->mem+msg->size lies inside the memory
 *
 * Return: 0, -EAGAIN (empty), -ETIMEDOUT (we were too slow and marked bad:
 * unsubscribe and subscribe again), -ENOTCONN (slot lost), -ECONNRESET or
 * -EHOSTDOWN (producer gone), -EPROTO (header or message out of bounds).
 */
int lgmp_client_process(struct lgmp_client_queue *q, struct lgmp_message *msg);

/**
 * lgmp_client_message_done - consume the message lgmp_client_process() saw
 * @q: queue
 *
 * Return: 0 or the errors of lgmp_client_process().
 */
int lgmp_client_message_done(struct lgmp_client_queue *q);

/**
 * lgmp_client_advance_to_last - skip to the newest message of a queue
 * @q: subscribed queue
 *
 * Marks every message before the newest one consumed (as
 * lgmp_client_message_done() would, one by one) and leaves the newest for
 * lgmp_client_process(), as LGMP's lgmpClientAdvanceToLast does. A client
 * that fell behind uses it to show the latest frame, not a backlog.
 *
 * Return: 0 (also when the newest was already next), -EAGAIN (nothing
 * pending), -ETIMEDOUT (the producer dropped this subscriber), -EPROTO,
 * or what lgmp_client_session_valid() says of a lost session.
 */
int lgmp_client_advance_to_last(struct lgmp_client_queue *q);

/**
 * lgmp_client_send_data - post up to 64 bytes to the producer's mailbox
 * @q: queue
 * @data: bytes
 * @size: at most LGMP_MSGS_SIZE
 * @serial: if not NULL, the serial to compare with lgmp_client_get_serial()
 *
 * Return: 0, -EINVAL, -ENOSPC (mailbox full), -ETIMEDOUT, -EBUSY, -EPROTO.
 */
int lgmp_client_send_data(struct lgmp_client_queue *q, const void *data, uint32_t size,
			  uint32_t *serial);

/**
 * lgmp_client_get_serial - serial of the last mailbox message the host acked
 * @q: queue
 * @serial: result
 *
 * Return: 0 or -ETIMEDOUT.
 */
int lgmp_client_get_serial(struct lgmp_client_queue *q, uint32_t *serial);

#endif
