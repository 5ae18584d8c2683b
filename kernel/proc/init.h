/*
 * Starting pid 1.
 */
#pragma once

struct cmdline;

/* Create pid 1 and make it runnable: it runs init= (or /init, then
 * /sbin/init, then /bin/sh) with fds 0-2 on /dev/console. */
void init_start(const struct cmdline *cl);
