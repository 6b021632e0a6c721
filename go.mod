module github.com/clrkit/clrkit

go 1.26
