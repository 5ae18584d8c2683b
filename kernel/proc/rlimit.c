/*
 * Linux's boot-time defaults (include/asm-generic/resource.h INIT_RLIMITS):
 * 8 MiB stack, 1024/4096 open files, 8 MiB locked memory, 0-byte core
 * soft limit, 819200 bytes of message queues; the rest unlimited.
 */
#include <asm-generic/resource.h>

#include "proc/rlimit.h"

void
rlimit_init_defaults(struct rlimit64 *rlim)
{
	for (int i = 0; i < RLIM_NLIMITS; i++)
		rlim[i] = (struct rlimit64){ RLIM64_INFINITY, RLIM64_INFINITY };
	rlim[RLIMIT_STACK].rlim_cur = 8ul << 20;
	rlim[RLIMIT_NOFILE] = (struct rlimit64){ 1024, 4096 };
	rlim[RLIMIT_MEMLOCK] = (struct rlimit64){ 8ul << 20, 8ul << 20 };
	rlim[RLIMIT_CORE].rlim_cur = 0;
	rlim[RLIMIT_MSGQUEUE] = (struct rlimit64){ 819200, 819200 };
	rlim[RLIMIT_NICE] = (struct rlimit64){ 0, 0 };
	rlim[RLIMIT_RTPRIO] = (struct rlimit64){ 0, 0 };
	rlim[RLIMIT_SIGPENDING] = (struct rlimit64){ 7823, 7823 };
	rlim[RLIMIT_NPROC] = (struct rlimit64){ 7823, 7823 };
}
