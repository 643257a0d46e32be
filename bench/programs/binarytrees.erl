%% The benchmarks game's binary-trees, as close as possible to binarytrees.mote: the same
%% trees (a leaf is the atom `leaf`, a node `{node, L, R}`), the same sequential loops, the
%% same output. No processes: this compares single-threaded allocation and GC.
%%   erlc -o OUT binarytrees.erl && erl -noshell -pa OUT -run binarytrees main [Depth]
-module(binarytrees).
-export([main/0, main/1]).

-define(MIN_DEPTH, 4).

main() -> main(["16"]).

main([Arg]) ->
    run(list_to_integer(Arg)),
    halt(0).

run(MaxDepth) ->
    Stretch = MaxDepth + 1,
    io:format("stretch tree of depth ~b\t check: ~b~n", [Stretch, check(make(Stretch))]),
    Long = make(MaxDepth),
    depths(?MIN_DEPTH, MaxDepth),
    io:format("long lived tree of depth ~b\t check: ~b~n", [MaxDepth, check(Long)]).

%% A complete tree of the given depth: depth 0 is one node with two empty children.
make(0) -> {node, leaf, leaf};
make(D) -> {node, make(D - 1), make(D - 1)}.

%% The number of nodes.
check(leaf) -> 0;
check({node, L, R}) -> 1 + check(L) + check(R).

depths(D, MaxDepth) when D > MaxDepth -> ok;
depths(D, MaxDepth) ->
    N = 1 bsl (MaxDepth - D + ?MIN_DEPTH),
    io:format("~b\t trees of depth ~b\t check: ~b~n", [N, D, sum_trees(N, D, 0)]),
    depths(D + 2, MaxDepth).

sum_trees(0, _, Acc) -> Acc;
sum_trees(N, D, Acc) -> sum_trees(N - 1, D, Acc + check(make(D))).
