/*
 * Reads lines from the console (fd 0) and echoes each back in brackets,
 * until a line "quit". Shows interrupt-driven UART receive end to end.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int
main(void)
{
	char buf[256];
	size_t len = 0;

	printf("ready\n");
	fflush(stdout);
	for (;;) {
		ssize_t n = read(0, buf + len, sizeof(buf) - 1 - len);
		char *nl;

		if (n <= 0) {
			printf("read returned %zd\n", n);
			return 1;
		}
		len += (size_t)n;
		buf[len] = '\0';
		while ((nl = strpbrk(buf, "\r\n")) != NULL) {
			*nl = '\0';
			if (strcmp(buf, "quit") == 0) {
				printf("bye\n");
				return 0;
			}
			printf("[%s]\n", buf);
			fflush(stdout);
			len -= (size_t)(nl + 1 - buf);
			memmove(buf, nl + 1, len + 1);
		}
	}
}
