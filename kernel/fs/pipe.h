/*
 * Pipes (pipe2) and FIFOs (named pipes in a file system): a 64 KiB
 * buffer of 16 page slots between readers and writers, with Linux's
 * semantics: reads block until data or EOF (all writers gone), writes
 * block until they are done, writes of at most PIPE_BUF bytes are atomic,
 * O_NONBLOCK gives -EAGAIN, writing with no reader left is -EPIPE plus
 * SIGPIPE.
 */
#pragma once

#include <compiler.h>
#include <types.h>

struct file;
struct file_ops;

#define PIPE_BUF_ATOMIC 4096 /* PIPE_BUF: writes up to this size are atomic */
#define PIPE_CAPACITY	65536

/* The file operations of FIFO inodes (open waits for the partner). */
extern const struct file_ops pipe_fifo_ops;

/*
 * Create an anonymous pipe: *rd (read end) and *wr (write end), one
 * reference each; flags may hold O_NONBLOCK. Returns 0 or -ENOMEM.
 * Context: may sleep.
 */
int __must_check pipe_create(unsigned flags, struct file **rd, struct file **wr);

/* Is f one end of a pipe or FIFO? */
bool file_is_pipe(const struct file *f);
