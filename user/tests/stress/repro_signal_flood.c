/*
 * repro_signal_flood: the threads of one process send each other signals
 * as fast as they can -- SIGUSR1 by tgkill, SIGRTMIN+1 by
 * rt_tgsigqueueinfo to a thread, SIGRTMIN+2 by sigqueue to the process --
 * and count what their handlers get (a stress-test finding, kept as a
 * minimal reproducer). After SECONDS (default 10) every queued signal
 * must have arrived exactly once. On Linux: "sent N, received N: ok",
 * status 0.
 */
#include "tern_test.h"

#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define THREADS 4

static pid_t tids[THREADS];
static volatile int stop;
static pthread_barrier_t stopped;
static uint64_t sent, received, usr1_sent, usr1_received;

static void
on_signal(int sig, siginfo_t *si, void *uc)
{
	(void)si;
	(void)uc;
	if (sig == SIGUSR1)
		__atomic_add_fetch(&usr1_received, 1, __ATOMIC_RELAXED);
	else
		__atomic_add_fetch(&received, 1, __ATOMIC_RELAXED);
}

static int
send_one(unsigned r)
{
	pid_t tid = tids[r / 3 % THREADS];
	union sigval v = { .sival_int = (int)r };
	siginfo_t si;

	if (r % 3 == 0)
		return syscall(SYS_tgkill, getpid(), tid, SIGUSR1) == 0 ? 2 : 0;
	if (r % 3 == 2)
		return sigqueue(getpid(), SIGRTMIN + 2, v) == 0;
	memset(&si, 0, sizeof(si));
	si.si_signo = SIGRTMIN + 1;
	si.si_code = SI_QUEUE;
	si.si_pid = getpid();
	si.si_uid = getuid();
	si.si_value = v;
	return syscall(SYS_rt_tgsigqueueinfo, getpid(), tid, SIGRTMIN + 1, &si) == 0;
}

static void *
sender(void *arg)
{
	unsigned r = (unsigned)(uintptr_t)arg * 2654435761u;

	tids[(uintptr_t)arg] = gettid();
	while (!stop) {
		int k;

		r = r * 1103515245u + 12345u;
		k = send_one(r >> 8);
		if (k == 2)
			__atomic_add_fetch(&usr1_sent, 1, __ATOMIC_RELAXED);
		else if (k == 1)
			__atomic_add_fetch(&sent, 1, __ATOMIC_RELAXED);
		else if (errno == EAGAIN)
			sched_yield();
	}
	/* Nobody sends any more: take what is pending before leaving. */
	pthread_barrier_wait(&stopped);
	nanosleep(&(struct timespec){ 0, 20000000 }, NULL);
	return NULL;
}

int
main(int argc, char **argv)
{
	struct timespec ts = { argc > 1 ? atoi(argv[1]) : 10, 0 };
	struct sigaction sa;
	pthread_t t[THREADS];
	int sigs[] = { SIGUSR1, SIGRTMIN + 1, SIGRTMIN + 2 };

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_signal;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	for (int i = 0; i < 3; i++)
		sigaction(sigs[i], &sa, NULL);
	pthread_barrier_init(&stopped, NULL, THREADS);
	for (int i = 0; i < THREADS; i++)
		tids[i] = getpid();
	for (int i = 0; i < THREADS; i++)
		pthread_create(&t[i], NULL, sender, (void *)(uintptr_t)i);
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
	stop = 1;
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	/* Anything still pending arrives now, on the way back from each call. */
	for (int i = 0; i < 100 && received != sent; i++) {
		struct timespec ms = { 0, 1000000 };

		nanosleep(&ms, NULL);
	}
	printf("sent %llu, received %llu: %s\n", (unsigned long long)sent,
	       (unsigned long long)received, sent == received ? "ok" : "FAILED");
	return sent != received;
}
