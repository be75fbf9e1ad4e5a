// SPDX-License-Identifier: MIT
/* Spin-then-sleep polling policy for shared-memory consumers. */
#include "lgmp/lgmp_poll.h"

#include <time.h>

#include "lgmp/lgmp_clock.h"

void lgmp_poll_init_adaptive(struct lgmp_poll *p, uint64_t spin_ns,
			     uint64_t sleep_min_ns, uint64_t sleep_max_ns)
{
	p->spin_ns = spin_ns;
	p->sleep_min_ns = sleep_min_ns;
	p->sleep_max_ns = sleep_max_ns < sleep_min_ns ? sleep_min_ns :
							 sleep_max_ns;
	p->sleeps = 0;
	lgmp_poll_hit(p);
}

void lgmp_poll_init_fixed(struct lgmp_poll *p, uint64_t sleep_ns)
{
	lgmp_poll_init_adaptive(p, 0, sleep_ns, sleep_ns);
}

void lgmp_poll_hit(struct lgmp_poll *p)
{
	p->idle_since_ns = 0;
	p->next_sleep_ns = p->sleep_min_ns;
}

void lgmp_poll_idle(struct lgmp_poll *p)
{
	uint64_t now = lgmp_now_ns();
	struct timespec ts;

	if (!p->idle_since_ns)
		p->idle_since_ns = now;
	if (now - p->idle_since_ns < p->spin_ns) {
		lgmp_cpu_relax();
		return;
	}
	ts.tv_sec = (time_t)(p->next_sleep_ns / 1000000000ull);
	ts.tv_nsec = (long)(p->next_sleep_ns % 1000000000ull);
	nanosleep(&ts, NULL);
	p->sleeps++;
	if (p->next_sleep_ns * 2 <= p->sleep_max_ns)
		p->next_sleep_ns *= 2;
	else
		p->next_sleep_ns = p->sleep_max_ns;
}
