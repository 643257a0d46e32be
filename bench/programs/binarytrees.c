/* binary-trees, as binarytrees.mote: same trees (a leaf is NULL), same loops, same output.
 * Plain malloc/free, one tree at a time (the tuned benchmarks-game C programs use pools and
 * threads; this is the straightforward single-threaded baseline). `binarytrees [Depth]`. */
#include <stdio.h>
#include <stdlib.h>

typedef struct Node { struct Node *l, *r; } Node;

static Node *make(long d) {
    Node *n = malloc(sizeof *n);
    if (!n) { perror("malloc"); exit(1); }
    n->l = d > 0 ? make(d - 1) : NULL;
    n->r = d > 0 ? make(d - 1) : NULL;
    return n;
}

static long check(const Node *t) { return t ? 1 + check(t->l) + check(t->r) : 0; }

static void release(Node *t) {
    if (t) { release(t->l); release(t->r); free(t); }
}

int main(int argc, char **argv) {
    const long min_depth = 4, max_depth = argc > 1 ? atol(argv[1]) : 16;
    Node *t = make(max_depth + 1);
    printf("stretch tree of depth %ld\t check: %ld\n", max_depth + 1, check(t));
    release(t);
    Node *long_lived = make(max_depth);
    for (long d = min_depth; d <= max_depth; d += 2) {
        long n = 1L << (max_depth - d + min_depth), sum = 0;
        for (long i = 0; i < n; i++) { t = make(d); sum += check(t); release(t); }
        printf("%ld\t trees of depth %ld\t check: %ld\n", n, d, sum);
    }
    printf("long lived tree of depth %ld\t check: %ld\n", max_depth, check(long_lived));
    release(long_lived);
    return 0;
}
