/*
 * realtime: CLOCK_REALTIME is the real time. argv[1] is the host's time
 * (seconds since the epoch) when the test started; the guest's realtime
 * clock must be within 300 s after it (QEMU may take a while to boot on a
 * loaded host) and never before it by more than 2 s. Prints the same on
 * Linux and Tern; exits 0 only if it holds.
 */
#include "time_test.h"

int
main(int argc, char **argv)
{
	long long host, guest;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc != 2) {
		printf("usage: realtime HOST_EPOCH_SECONDS\n");
		return 2;
	}
	host = strtoll(argv[1], NULL, 10);
	guest = (long long)(clock_ns(CLOCK_REALTIME) / NS_PER_S);
	CHECK(guest >= host - 2 && guest <= host + 300,
	      "CLOCK_REALTIME is within 300 s after the host's time", "guest %lld, host %lld",
	      guest, host);
	CHECK((long long)(clock_ns(CLOCK_TAI) / NS_PER_S) >= guest,
	      "CLOCK_TAI is not behind CLOCK_REALTIME", "tai behind");
	return time_test_exit();
}
