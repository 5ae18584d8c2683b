/*
 * pipe_round_trip: the latency of a message and its reply between two
 * processes. The parent writes one byte into the "ping" pipe; the child
 * reads it and writes it back into the "pong" pipe; the parent reads the
 * reply and checks it. One metric, pipe_round_trip, per round trip (two
 * writes, two reads and two switches between the processes on one hart).
 * At the end the parent closes its write end, the child reads EOF and
 * exits 0, and the parent reaps it.
 *
 * usage: pipe_round_trip [ITERATIONS]
 */
#include "bench.h"

#define DEFAULT_ITERATIONS 10000
#define WARMUP		   100

/* The child: echo bytes from @in to @out until EOF, then exit 0. */
__attribute__((noreturn)) static void
echo(int in, int out)
{
	unsigned char c;
	ssize_t r;

	for (;;) {
		r = read(in, &c, 1);
		if (r < 0)
			bench_fail("read");
		if (r == 0)
			_exit(0);
		if (write(out, &c, 1) != 1)
			bench_fail("write");
	}
}

/* The parent: @n round trips through @ping and @pong, starting at byte @seq. */
static void
round_trips(int ping, int pong, long n, long seq)
{
	unsigned char c, reply;
	ssize_t r;

	for (long i = 0; i < n; i++) {
		c = (unsigned char)(seq + i);
		if (write(ping, &c, 1) != 1)
			bench_fail("write");
		r = read(pong, &reply, 1);
		if (r < 0)
			bench_fail("read");
		if (r != 1 || reply != c)
			bench_wrong("the reply is not the byte sent");
	}
}

int
main(int argc, char **argv)
{
	long n = bench_iterations(argc, argv, DEFAULT_ITERATIONS);
	int ping[2], pong[2];
	struct bench_stamp a, b;
	pid_t pid;

	bench_check(pipe(ping), "pipe2");
	bench_check(pipe(pong), "pipe2");
	pid = fork();
	if (pid < 0)
		bench_fail("clone");
	if (pid == 0) {
		bench_check(close(ping[1]), "close");
		bench_check(close(pong[0]), "close");
		echo(ping[0], pong[1]);
	}
	bench_check(close(ping[0]), "close");
	bench_check(close(pong[1]), "close");

	round_trips(ping[1], pong[0], WARMUP, 0);
	bench_start(&a);
	round_trips(ping[1], pong[0], n, WARMUP);
	bench_stop(&b);

	bench_check(close(ping[1]), "close");
	bench_reap(pid, 0);
	/* The child's write end closed when it exited: EOF now. */
	bench_expect_eof(pong[0]);
	bench_check(close(pong[0]), "close");
	bench_report_span("pipe_round_trip", n, "op", &a, &b);
	return 0;
}
