/*
 * Console input and terminal state: bytes from the UART interrupt go
 * into a ring buffer that readers of /dev/console sleep on; termios is
 * stored for TCGETS/TCSETS. (No line editing yet: reads return the bytes
 * as they arrived.)
 */
#include <asm-generic/errno.h>
#include <asm-generic/fcntl.h>
#include <asm-generic/poll.h>
#include <asm-generic/ioctls.h>
#include <asm-generic/termbits.h>
#include <asm-generic/termios.h>

#include <atomic.h>
#include "fs/devfs/chardev.h"
#include "fs/file.h"
#include "printk/printk.h"
#include "tty/console.h"
#include "fs/poll.h"
#include "lib/string.h"
#include "mm/uaccess.h"
#include "sched/task.h"
#include "sched/wait.h"

#define INPUT_SIZE 1024

static struct spinlock input_lock = SPINLOCK_INIT("console_input"); /* ring below */
static char input_ring[INPUT_SIZE];				    /* [input_lock] */
static size_t input_head, input_tail; /* [input_lock] read at head, write at tail */
static struct wait_queue input_wq = WAIT_QUEUE_INIT(input_wq);

static struct termios console_termios = {
	/* [console_ioctl callers] Linux's defaults */
	.c_iflag = ICRNL | IXON,
	.c_oflag = OPOST | ONLCR,
	.c_cflag = B38400 | CS8 | CREAD | HUPCL,
	.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN,
	.c_cc = { [VINTR] = 3,
		  [VQUIT] = 28,
		  [VERASE] = 127,
		  [VKILL] = 21,
		  [VEOF] = 4,
		  [VSTART] = 17,
		  [VSTOP] = 19,
		  [VSUSP] = 26,
		  [VMIN] = 1 },
};

void
console_input(char c)
{
	spin_lock(&input_lock);
	if (input_tail - input_head < INPUT_SIZE)
		input_ring[input_tail++ % INPUT_SIZE] = c;
	spin_unlock(&input_lock);
	wake_up_all(&input_wq);
}

static size_t
take_input(char *buf, size_t len)
{
	size_t n = 0;

	spin_lock(&input_lock);
	while (n < len && input_head != input_tail)
		buf[n++] = input_ring[input_head++ % INPUT_SIZE];
	spin_unlock(&input_lock);
	return n;
}

static bool
input_ready(void)
{
	return atomic_load_acquire(&input_head) != atomic_load_acquire(&input_tail);
}

static ssize_t
console_read(char *buf, size_t len, bool nonblock)
{
	size_t n;
	int err;

	if (!len)
		return 0;
	while (!(n = take_input(buf, len))) {
		if (nonblock)
			return -EAGAIN;
		err = wait_event_interruptible(&input_wq, input_ready());
		if (err)
			return err;
	}
	return (ssize_t)n;
}

static unsigned
console_poll(struct poll_table *pt)
{
	poll_wait(pt, &input_wq);
	return (input_ready() ? POLLIN | POLLRDNORM : 0) | POLLOUT | POLLWRNORM;
}

static long
console_ioctl(unsigned cmd, void __user *arg)
{
	struct winsize ws = { 0 };

	switch (cmd) {
	case TCGETS:
		return copy_to_user(arg, &console_termios, sizeof(console_termios));
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		return copy_from_user(&console_termios, arg, sizeof(console_termios));
	case TIOCGWINSZ:
		/* As a Linux serial console: the size is unknown (0 x 0). */
		return copy_to_user(arg, &ws, sizeof(ws));
	case TIOCSWINSZ:
		return 0;
	default:
		return -ENOTTY;
	}
}

static ssize_t
console_dev_read(struct file *f, struct uio *u, uint64_t *pos)
{
	char buf[256];
	ssize_t n = console_read(buf, MIN(u->len, sizeof(buf)), f->flags & O_NONBLOCK);

	(void)pos;
	if (n <= 0)
		return n;
	if (uio_copy_out(u, buf, (size_t)n))
		return -EFAULT;
	return n;
}

static ssize_t
console_dev_write(struct file *f, struct uio *u, uint64_t *pos)
{
	char buf[256];
	int err = 0;

	(void)f, (void)pos;
	while (u->len && !err) {
		size_t n = MIN(u->len, sizeof(buf));

		err = uio_copy_in(u, buf, n);
		if (!err)
			console_write(buf, n);
	}
	return u->done ? (ssize_t)u->done : err;
}

static long
console_dev_ioctl(struct file *f, unsigned cmd, unsigned long arg)
{
	(void)f;
	return console_ioctl(cmd, (void __user *)arg);
}

/* A terminal is a stream: no llseek, so lseek/pread give -ESPIPE. */
static unsigned
console_dev_poll(struct file *f, struct poll_table *pt)
{
	(void)f;
	return console_poll(pt);
}

static const struct file_ops console_ops = {
	.read = console_dev_read,
	.write = console_dev_write,
	.ioctl = console_dev_ioctl,
	.poll = console_dev_poll,
};

void
console_tty_init(void)
{
	if (chardev_register("console", MKDEV(5, 1), &console_ops) ||
	    chardev_register("tty", MKDEV(5, 0), &console_ops))
		panic("console_tty_init: device numbers taken");
}
