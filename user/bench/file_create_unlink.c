/*
 * file_create_unlink: the life of a small file. Each operation creates
 * a new file in /tmp (openat with O_CREAT|O_EXCL, so a file that was not
 * really removed is noticed), writes one byte, closes it and unlinks it;
 * one metric, file_create_unlink, per operation.
 *
 * usage: file_create_unlink [ITERATIONS]
 */
#include "bench.h"

#include <fcntl.h>

#define DEFAULT_ITERATIONS 3000
#define WARMUP		   50

static void
create_unlink(const char *path)
{
	int fd = open(path, O_CREAT | O_EXCL | O_WRONLY, 0644);

	bench_check(fd, "openat");
	if (write(fd, "x", 1) != 1)
		bench_fail("write");
	bench_check(close(fd), "close");
	bench_check(unlink(path), "unlinkat");
}

int
main(int argc, char **argv)
{
	long n = bench_iterations(argc, argv, DEFAULT_ITERATIONS);
	struct bench_stamp a, b;
	char path[64];

	snprintf(path, sizeof(path), "/tmp/bench_create.%d", (int)getpid());
	for (long i = 0; i < WARMUP; i++)
		create_unlink(path);
	bench_start(&a);
	for (long i = 0; i < n; i++)
		create_unlink(path);
	bench_stop(&b);
	bench_report_span("file_create_unlink", n, "op", &a, &b);
	return 0;
}
