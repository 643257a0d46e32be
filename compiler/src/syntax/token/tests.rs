use super::*;

fn texts(src: &str) -> Vec<String> {
    lex(src).tokens.iter().map(|t| format!("{:?}", t.token)).collect()
}

#[test]
fn scratch() {
    for src in [
        "Data.Map.lookup m.x p.name x:xs (from, :ping) Map.! [1..10] [A..B] forall a. a",
        "<<len:16/big, body:len/binary, rest/binary>> <<>> >>= 0x2a 0o52 0b101 1.5 2.3e-3 'a' 'の' '\\n' \"h\\u{e9}\" \"\"\"raw\"\"\"",
        "-- | doc\n{- a {- nested -} b -} x --> y -- c\n ?hole :\"a b\" #{ \"k\" => 1 } _.name ''  'ab' \"abc",
    ] {
        eprintln!("{:?}", texts(src));
    }
}
