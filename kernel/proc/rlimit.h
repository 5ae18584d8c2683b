/*
 * Default resource limits, as a Linux system gives pid 1.
 */
#pragma once

#include <linux/resource.h>

void rlimit_init_defaults(struct rlimit64 *rlim);
