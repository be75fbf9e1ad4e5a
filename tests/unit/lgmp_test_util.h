/* SPDX-License-Identifier: MIT */
/* Shared helpers of the LGMP unit tests: a settable clock and a fixture. */
#ifndef LGMP_TEST_UTIL_H
#define LGMP_TEST_UTIL_H

#include <stdint.h>
#include <stdlib.h>

#include "lgmp/lgmp_client.h"
#include "lgmp/lgmp_host.h"

struct fake_clock {
	uint64_t ms;
};

static inline uint64_t fake_clock_read(void *ctx)
{
	return ((struct fake_clock *)ctx)->ms;
}

/* A host with one queue and a client that joined its session. */
struct lgmp_fixture {
	uint8_t *mem;
	size_t size;
	struct fake_clock clk;
	struct lgmp_host host;
	struct lgmp_host_queue *hq;
	struct lgmp_client client;
	struct lgmp_mem payload[4];
};

static inline int lgmp_fixture_setup(void **state)
{
	struct lgmp_fixture *f = calloc(1, sizeof(*f));
	static const char udata[] = "udata";

	f->size = 64 * 1024;
	f->mem = calloc(1, f->size);
	f->clk.ms = 1000;
	if (lgmp_host_init(&f->host, f->mem, f->size, udata, sizeof(udata)))
		return -1;
	lgmp_host_set_clock(&f->host, fake_clock_read, &f->clk);
	if (lgmp_host_queue_new(&f->host, 7, 3, 100, &f->hq))
		return -1;
	for (int i = 0; i < 4; i++)
		if (lgmp_host_mem_alloc(&f->host, 128, 0, &f->payload[i]))
			return -1;
	if (lgmp_client_init(&f->client, f->mem, f->size))
		return -1;
	lgmp_client_set_clock(&f->client, fake_clock_read, &f->clk);
	/* the heartbeat must move before a client may join */
	f->clk.ms += 10;
	lgmp_host_process(&f->host);
	if (lgmp_client_session_init(&f->client, NULL, NULL))
		return -1;
	*state = f;
	return 0;
}

static inline int lgmp_fixture_teardown(void **state)
{
	struct lgmp_fixture *f = *state;

	lgmp_host_free(&f->host);
	free(f->mem);
	free(f);
	return 0;
}

#endif
