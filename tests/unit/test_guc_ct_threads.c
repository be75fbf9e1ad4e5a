// SPDX-License-Identifier: MIT
/*
 * The CT channel with G2H processed on a second thread while H2G requests
 * are in flight: what an interrupt handler calling guc_ct_process_g2h() does
 * on another CPU while a sender waits. Built and run under ThreadSanitizer
 * (make check-tsan, part of make check) as well as in the plain and
 * ASan+UBSan suites, so a data race between the two paths fails the check.
 *
 * The GuC model is the firmware: it runs when the channel's clock advances
 * (inside ops->wait()) and its memory is the hardware's, so a "hw" mutex is
 * held wherever the model runs and around the second thread's call, as the
 * interrupt is raised only after the firmware has written the ring. Every
 * other access, to the channel's own state, is between the two threads and
 * the CT code's locks alone.
 */
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "guc_fixture.h"
#include "guc/guc_hxg.h"
#include "abi/guc_actions_pf_abi.h"
#include "iov/pf_control.h"
#include "iov/pf_provision.h"
#include "iov/pf_sriov.h"

#define ROUNDS 200u
#define EVENTS_PER_ROUND 3u

struct world {
	struct guc_fixture *fx;
	struct pf pf;
	pthread_mutex_t hw;
	int stop;
	u32 events; /* counted by the handler, under the G2H lock */
	u32 irq_calls; /* atomic: the main thread waits for the first */
};

static struct world W;

static u64 hw_now(void *priv)
{
	u64 now;

	pthread_mutex_lock(&W.hw);
	now = mock_guc_ct_ops.now_ns(priv);
	pthread_mutex_unlock(&W.hw);
	return now;
}

static void hw_wait(void *priv, u64 timeout_ns)
{
	pthread_mutex_lock(&W.hw);
	mock_guc_ct_ops.wait(priv, timeout_ns);
	pthread_mutex_unlock(&W.hw);
	sched_yield(); /* give the "interrupt" its chance at the new G2H */
}

static void hw_notify(void *priv)
{
	pthread_mutex_lock(&W.hw);
	mock_guc_ct_ops.notify(priv);
	pthread_mutex_unlock(&W.hw);
}

static void hw_mmio_write(void *priv, u32 index, u32 value)
{
	pthread_mutex_lock(&W.hw);
	mock_guc_ct_ops.mmio_write(priv, index, value);
	pthread_mutex_unlock(&W.hw);
}

static u32 hw_mmio_read(void *priv, u32 index)
{
	u32 value;

	pthread_mutex_lock(&W.hw);
	value = mock_guc_ct_ops.mmio_read(priv, index);
	pthread_mutex_unlock(&W.hw);
	return value;
}

static const struct guc_ct_ops hw_ops = {
	.mmio_write = hw_mmio_write,
	.mmio_read = hw_mmio_read,
	.notify = hw_notify,
	.now_ns = hw_now,
	.wait = hw_wait,
};

static int count_event(void *data, const u32 *msg, u32 len)
{
	struct world *w = data;

	(void)msg;
	(void)len;
	w->events++;
	return 0;
}

static const struct guc_ct_event_handler handlers[] = {
	{ GUC_ACTION_GUC2PF_ADVERSE_EVENT, count_event, &W },
};

/* The interrupt: drain G2H whenever the firmware may have written some. */
static void *irq_thread(void *arg)
{
	struct world *w = arg;

	while (!__atomic_load_n(&w->stop, __ATOMIC_ACQUIRE)) {
		pthread_mutex_lock(&w->hw);
		guc_ct_process_g2h(&w->fx->ct);
		pthread_mutex_unlock(&w->hw);
		__atomic_fetch_add(&w->irq_calls, 1, __ATOMIC_RELAXED);
		sched_yield();
	}
	return NULL;
}

static int setup(void **state)
{
	struct guc_fixture *fx;

	memset(&W, 0, sizeof(W));
	pthread_mutex_init(&W.hw, NULL); /* before the channel's first MMIO */
	guc_fixture_setup(state);
	fx = *state;
	compat_log_sink = compat_log_discard; /* the test's recorder is not thread safe */
	guc_ct_init(&fx->ct, &hw_ops, &fx->guc, fx->blob, FIXTURE_BLOB_GGTT);
	guc_ct_set_event_handlers(&fx->ct, handlers, ARRAY_SIZE(handlers));
	W.fx = fx;
	return guc_ct_enable(&fx->ct) ? -1 : 0;
}

static int teardown(void **state)
{
	pthread_mutex_destroy(&W.hw);
	return guc_fixture_teardown(state);
}

static void arm_events(struct guc_fixture *fx)
{
	struct mock_guc_fault f = {
		.kind = MOCK_FAULT_EVENTS_FIRST,
		.action = GUC_ACTION_PF2GUC_VF_CONTROL,
		.count = EVENTS_PER_ROUND,
		.hint = 1,
	};

	pthread_mutex_lock(&W.hw);
	mock_guc_arm(&fx->guc, &f);
	pthread_mutex_unlock(&W.hw);
}

static void test_requests_complete_while_another_thread_drains_g2h(void **state)
{
	struct guc_fixture *fx = *state;
	pthread_t irq;
	u32 i, ok = 0, armed = 0;

	assert_int_equal(pthread_create(&irq, NULL, irq_thread, &W), 0);
	for (i = 0; i < ROUNDS; i++) {
		if (i % 2 == 0) {
			arm_events(fx);
			armed++;
		}
		ok += guc_fixture_vf_control(fx, 1 + i % 7,
					     i % 3 ? GUC_PF_TRIGGER_VF_PAUSE :
						     GUC_PF_TRIGGER_VF_RESUME) >= 0;
	}
	/* on a busy machine the "interrupt" may not have run yet: let it */
	while (!__atomic_load_n(&W.irq_calls, __ATOMIC_RELAXED))
		sched_yield();
	__atomic_store_n(&W.stop, 1, __ATOMIC_RELEASE);
	assert_int_equal(pthread_join(irq, NULL), 0);
	guc_ct_process_g2h(&fx->ct); /* what is left after the last reply */

	assert_int_equal(ok, ROUNDS);
	assert_int_equal(fx->ct.stats.responses, ROUNDS);
	assert_int_equal(fx->ct.stats.timeouts, 0);
	assert_int_equal(fx->ct.stats.unexpected_responses, 0);
	assert_int_equal(fx->ct.stats.malformed, 0);
	/* every event before its reply reached the handler exactly once */
	assert_int_equal(W.events, armed * EVENTS_PER_ROUND);
}

/*
 * The PF on top: pauses wait for PAUSE_DONE and scheduling values are
 * pushed under the provisioning mutex while the other thread runs the PF's
 * G2H handlers (VF state, adverse events) under their IRQ-safe state lock.
 */
static void test_pf_requests_while_another_thread_runs_its_handlers(void **state)
{
	struct guc_fixture *fx = *state;
	pthread_t irq;
	u32 i, ok = 0, armed = 0;

	assert_int_equal(pf_init(&W.pf, 7), 0);
	pf_attach(&W.pf, &fx->ct, NULL, NULL, fx->klvs, FIXTURE_KLV_GGTT, FIXTURE_KLV_DWORDS);
	assert_int_equal(pthread_create(&irq, NULL, irq_thread, &W), 0);
	for (i = 0; i < ROUNDS / 2; i++) {
		if (i % 2 == 0) {
			arm_events(fx);
			armed++;
		}
		ok += pf_control_pause(&W.pf, 1 + i % 7) == 0;
		ok += pf_provision_set_exec_quantum(&W.pf, 1 + i % 7, 10 + i) == 0;
		/* a paused VF gets no second PAUSE (intel_iov_state_pause_vf_sync()) */
		assert_int_equal(pf_control_resume(&W.pf, 1 + i % 7), 0);
	}
	while (!__atomic_load_n(&W.irq_calls, __ATOMIC_RELAXED))
		sched_yield();
	__atomic_store_n(&W.stop, 1, __ATOMIC_RELEASE);
	assert_int_equal(pthread_join(irq, NULL), 0);
	guc_ct_process_g2h(&fx->ct);

	assert_int_equal(ok, ROUNDS);
	assert_int_equal(fx->ct.stats.timeouts, 0);
	/* the events armed with the pauses named VF1 */
	assert_int_equal(W.pf.state[1].adverse[0], armed * EVENTS_PER_ROUND);
	assert_int_equal(fx->guc.vf[7].exec_quantum, W.pf.config[7].exec_quantum);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			test_requests_complete_while_another_thread_drains_g2h, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_pf_requests_while_another_thread_runs_its_handlers, setup, teardown),
	};

	return cmocka_run_group_tests_name("guc_ct_threads", tests, NULL, NULL);
}
