/*
 * pipe2: both descriptors are reserved first and installed only after the
 * array reached user space, so a bad pointer leaves no descriptor behind.
 */
#include <asm-generic/errno.h>
#include <asm-generic/fcntl.h>

#include "fs/file.h"
#include "fs/pipe.h"
#include "mm/uaccess.h"
#include "sched/task.h"
#include "sys/sys.h"
#include "fs/file.h"
#include "fs/namei.h"

long
sys_pipe2(int __user *ufds, int flags)
{
	struct files *files = current_task()->files;
	struct file *rd, *wr;
	int fds[2];
	long err;

	if (flags & ~(O_CLOEXEC | O_NONBLOCK | O_DIRECT))
		return -EINVAL;
	fds[0] = fd_reserve(files, 0, fd_limit());
	if (fds[0] < 0)
		return fds[0];
	fds[1] = fd_reserve(files, 0, fd_limit());
	if (fds[1] < 0) {
		err = fds[1];
		goto out_unreserve0;
	}
	err = pipe_create((unsigned)flags, &rd, &wr);
	if (err)
		goto out_unreserve1;
	if (copy_to_user(ufds, fds, sizeof(fds))) {
		err = -EFAULT;
		goto out_put_files;
	}
	fd_commit(files, fds[0], rd, flags & O_CLOEXEC);
	fd_commit(files, fds[1], wr, flags & O_CLOEXEC);
	return 0;

out_put_files:
	file_put(rd);
	file_put(wr);
out_unreserve1:
	fd_unreserve(files, fds[1]);
out_unreserve0:
	fd_unreserve(files, fds[0]);
	return err;
}
