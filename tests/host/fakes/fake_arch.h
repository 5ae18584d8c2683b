/* Controls for the host arch fake (fake_arch.c). */
#pragma once

#include <types.h>

/* Set the time arch_time_ticks() returns. */
void fake_time_set_ticks(uint64_t ticks);

/* Bytes this_cpu() points to: room for a struct cpu (fake_sched.c
 * checks that it fits). */
#define FAKE_CPU_BYTES 4096
