module locksmith.test/polyglot

go 1.22
