/*
 * Waiting for children: wait4 and waitid.
 */
#pragma once

#include <compiler.h>
#include <types.h>

struct rusage;
struct siginfo;

/* wait4(2): returns the child's pid, 0 (WNOHANG, none ready), -ECHILD,
 * -EINVAL, -EFAULT or -EINTR. Context: process, may sleep. */
long wait_child4(pid_t pid, int __user *wstatus, int options, struct rusage __user *ru);
/* waitid(2). */
long wait_childid(int idtype, pid_t id, struct siginfo __user *info, int options,
		  struct rusage __user *ru);
