package jsonld

import (
	"encoding/json"
	"unsafe"
)

// boxes makes the interface values the decoder stores for strings, numbers
// and arrays. Storing a string, a json.Number or a []any in an interface
// allocates a copy of its header, one allocation per value: a credential
// has hundreds of them, about a quarter of everything a canonicalization
// allocates. boxes keeps the headers in blocks instead, one allocation per
// block, and makes each interface value point at its header there.
//
// This relies on how the Go runtime lays out an interface value of a type
// that is not a pointer: a pointer to the type and a pointer to a copy of
// the value, which is never written through. The headers in a block are
// written once, before their interface value exists, and never again, so
// that they are as immutable as the copies Go would have made.
// TestBoxes checks the values read back through type assertions, type
// switches, reflection and equality.
type boxes struct {
	strs []string
	nums []json.Number
	arrs [][]any
	// The sizes of new blocks, from the size of the input.
	strBlock, arrBlock int
}

// newBoxes returns boxes for decoding n bytes of JSON, with blocks sized
// for what credentials hold: about a string per 40 bytes, an array per
// 150.
func newBoxes(n int) boxes {
	return boxes{strBlock: min(max(n/32, 8), 256), arrBlock: min(max(n/128, 4), 64)}
}

// eface is the layout of an interface value.
type eface struct {
	typ  unsafe.Pointer
	data unsafe.Pointer
}

// Interface values holding the zero value of each type: their type
// pointers are the ones boxed values carry.
var (
	stringType = typeOf(any(""))
	numberType = typeOf(any(json.Number("")))
	arrayType  = typeOf(any([]any(nil)))
)

func typeOf(v any) unsafe.Pointer { return (*eface)(unsafe.Pointer(&v)).typ }

// box returns an interface value of type typ whose value is *p.
func box(typ unsafe.Pointer, p unsafe.Pointer) any {
	var v any
	e := (*eface)(unsafe.Pointer(&v))
	e.typ, e.data = typ, p
	return v
}

func (b *boxes) str(s string) any {
	if len(b.strs) == cap(b.strs) {
		b.strs = make([]string, 0, b.strBlock)
	}
	b.strs = append(b.strs, s)
	return box(stringType, unsafe.Pointer(&b.strs[len(b.strs)-1]))
}

func (b *boxes) num(n json.Number) any {
	if len(b.nums) == cap(b.nums) {
		b.nums = make([]json.Number, 0, 8)
	}
	b.nums = append(b.nums, n)
	return box(numberType, unsafe.Pointer(&b.nums[len(b.nums)-1]))
}

func (b *boxes) arr(a []any) any {
	if len(b.arrs) == cap(b.arrs) {
		b.arrs = make([][]any, 0, b.arrBlock)
	}
	b.arrs = append(b.arrs, a)
	return box(arrayType, unsafe.Pointer(&b.arrs[len(b.arrs)-1]))
}
