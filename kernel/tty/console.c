/*
 * Console input and terminal state: bytes from the UART interrupt go
 * into a ring buffer that readers of /dev/console sleep on; termios is
 * stored for TCGETS/TCSETS. (No line editing yet: reads return the bytes
 * as they arrived.)
 */
#include <asm-generic/errno.h>
#include <asm-generic/poll.h>
#include <asm-generic/ioctls.h>
#include <asm-generic/termbits.h>
#include <asm-generic/termios.h>

#include "printk/printk.h"
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
	return __atomic_load_n(&input_head, __ATOMIC_ACQUIRE) !=
	       __atomic_load_n(&input_tail, __ATOMIC_ACQUIRE);
}

ssize_t
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

unsigned
console_poll(struct poll_table *pt)
{
	poll_wait(pt, &input_wq);
	return (input_ready() ? POLLIN | POLLRDNORM : 0) | POLLOUT | POLLWRNORM;
}

long
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
