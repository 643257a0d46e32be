/* The loop of numloop.mote: for i in 1..N (default 10,000,000) sum i % 7 and step
 * x = x * 1.0000001 + 0.5 from 0.0; print the sum, then x with the fewest significant digits
 * that read back as the same double. -ffp-contract=off in scripts/bench keeps the float
 * steps unfused, as in Mote and Erlang. `numloop [N]`. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 10000000, acc = 0;
    double x = 0.0;
    for (long i = 1; i <= n; i++) {
        acc += i % 7;
        x = x * 1.0000001 + 0.5;
    }
    char buf[64];
    for (int p = 1; p <= 17; p++) {
        snprintf(buf, sizeof buf, "%.*g", p, x);
        if (strtod(buf, NULL) == x) break;
    }
    printf("%ld\n%s\n", acc, buf);
    return 0;
}
