%% The same loop as numloop.mote: for I in 1..10,000,000, sum I rem 7 (an integer) and step
%% X = X * 1.0000001 + 0.5 (a float, from 0.0); print the sum, then the float (shortest
%% round-trip digits, as Mote's `show` on a Float).
%%   erlc -o OUT numloop.erl && erl -noshell -pa OUT -run numloop main [N]
-module(numloop).
-export([main/0, main/1]).

main() -> main(["10000000"]).

main([Arg]) ->
    {Acc, X} = loop(1, list_to_integer(Arg), 0, 0.0),
    io:format("~b~n~s~n", [Acc, float_to_list(X, [short])]),
    halt(0).

loop(I, N, Acc, X) when I > N -> {Acc, X};
loop(I, N, Acc, X) -> loop(I + 1, N, Acc + I rem 7, X * 1.0000001 + 0.5).
