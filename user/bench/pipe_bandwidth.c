/*
 * pipe_bandwidth: how fast bytes flow through a pipe. A child writes the
 * same 64 KiB buffer again and again; the parent reads with 64 KiB reads
 * and checks the first and last byte of every read against the pattern
 * (and every byte while warming up). One metric, pipe_bandwidth, per
 * byte: instructions per byte and ns per byte (bench.py adds MiB/s).
 *
 * usage: pipe_bandwidth [MIB]  (measured MiB; default 32)
 */
#include "bench.h"

#define CHUNK	      (64 * 1024)
#define DEFAULT_MIB   32
#define WARMUP_CHUNKS 4

static unsigned char wbuf[CHUNK];
static unsigned char rbuf[CHUNK];

static unsigned char
pattern(uint64_t off)
{
	return (unsigned char)(off * 7 + (off >> 8) * 13 + 1);
}

/* The child: write @chunks copies of wbuf to @fd, close it, exit 0. */
__attribute__((noreturn)) static void
writer(int fd, long chunks)
{
	for (long i = 0; i < chunks; i++) {
		size_t done = 0;

		while (done < CHUNK) {
			ssize_t w = write(fd, wbuf + done, CHUNK - done);

			if (w < 0)
				bench_fail("write");
			if (w == 0)
				bench_wrong("write returned 0");
			done += (size_t)w;
		}
	}
	bench_check(close(fd), "close");
	_exit(0);
}

/* Read @len bytes from @fd that sit at stream offset *@off; check them. */
static void
read_bytes(int fd, uint64_t *off, uint64_t len, int check_all)
{
	while (len) {
		size_t want = len < CHUNK ? (size_t)len : CHUNK;
		ssize_t r = read(fd, rbuf, want);

		if (r < 0)
			bench_fail("read");
		if (r == 0)
			bench_wrong("early EOF");
		if (rbuf[0] != wbuf[*off % CHUNK] || rbuf[r - 1] != wbuf[(*off + r - 1) % CHUNK])
			bench_wrong("bytes out of order");
		for (ssize_t i = 0; check_all && i < r; i++)
			if (rbuf[i] != wbuf[(*off + i) % CHUNK])
				bench_wrong("bytes corrupted");
		*off += (uint64_t)r;
		len -= (uint64_t)r;
	}
}

int
main(int argc, char **argv)
{
	long mib = bench_iterations(argc, argv, DEFAULT_MIB);
	uint64_t bytes = (uint64_t)mib << 20, off = 0;
	struct bench_stamp a, b;
	int fds[2];
	pid_t pid;

	for (size_t i = 0; i < CHUNK; i++)
		wbuf[i] = pattern(i);
	bench_check(pipe(fds), "pipe2");
	pid = fork();
	if (pid < 0)
		bench_fail("clone");
	if (pid == 0) {
		bench_check(close(fds[0]), "close");
		writer(fds[1], WARMUP_CHUNKS + (long)(bytes / CHUNK));
	}
	bench_check(close(fds[1]), "close");

	read_bytes(fds[0], &off, (uint64_t)WARMUP_CHUNKS * CHUNK, 1);
	bench_start(&a);
	read_bytes(fds[0], &off, bytes, 0);
	bench_stop(&b);

	bench_expect_eof(fds[0]);
	bench_check(close(fds[0]), "close");
	bench_reap(pid, 0);
	bench_report_span("pipe_bandwidth", bytes, "byte", &a, &b);
	return 0;
}
