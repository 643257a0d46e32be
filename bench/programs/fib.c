/* fib(32), naive and doubly recursive, as bench/programs/fib.mote and the BEAM suite's
 * bench:fib/1. `fib [N]` prints fib(N) (default 32); scripts/bench runs `fib 1` too, for the
 * start-up cost. Built with gcc -O2. `volatile` keeps gcc from constant-folding fib(32). */
#include <stdio.h>
#include <stdlib.h>

static long fib(long n) {
    if (n < 2) return n;
    return fib(n - 1) + fib(n - 2);
}

int main(int argc, char **argv) {
    volatile long n = argc > 1 ? atol(argv[1]) : 32;
    printf("%ld\n", fib(n));
    return 0;
}
