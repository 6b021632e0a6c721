package jsonld

import (
	"hash/maphash"
	"math/bits"
	"slices"
)

// termMap is the set of term definitions of an active context, as a
// persistent hash array mapped trie: set and remove return a new map that
// shares all but one path of nodes with the old one, so deriving a context
// from another costs O(log n) per changed term instead of a copy of every
// term. Applying a scoped context to a large active context (one per node
// object of a type with a type-scoped context) was such a copy, which made
// documents with many nodes and a large inline context quadratic.
//
// The zero value is the empty map. Keys are hashed with a seed chosen per
// process, so inputs cannot be built to collide; keys whose 64-bit hashes
// collide anyway share a leaf list at the bottom of the trie.
type termMap struct {
	root      *tmNode
	len       int
	protected int // definitions with protected set
}

// tmNode is a trie node: bitmap has bit i set when the node has a slot for
// the 5-bit hash chunk i, and slots holds those slots in bit order. A node
// below the last chunk (collision) keeps its leaves in slots, bitmap 0.
//
// edit is the token of the build that created the node: a set or remove
// made with the same token changes the node in place instead of copying
// it, as no other map can see it yet (see tmEdit).
type tmNode struct {
	bitmap uint32
	slots  []tmSlot
	edit   *tmEdit
}

// tmEdit is the token of one build of a map: the sets and removes that
// make a context's terms pass it, so that nodes the build created are
// changed in place, and the build drops it when done, after which its
// nodes are as immutable as any. Without it, adding n terms to a new
// context would copy a path of nodes n times.
type tmEdit struct{ _ int } // not zero-sized: every token has its own address

// tmSlot is a leaf (child nil) or a branch. A leaf's hash is not kept:
// it is computed again in the rare case that the leaf moves down a level.
type tmSlot struct {
	key   string
	td    *termDef
	child *tmNode
}

const (
	tmBits  = 5
	tmWidth = 64 / tmBits * tmBits // 60: chunks used before the collision level
)

var tmSeed = maphash.MakeSeed()

func tmHash(key string) uint64 { return maphash.String(tmSeed, key) }

// get returns the definition of key and whether the map has one.
func (m termMap) get(key string) (*termDef, bool) {
	return m.root.find(key, tmHash(key), 0)
}

// find looks key, whose hash is hash, up below n, a node at the level
// where hash chunks start at shift.
func (n *tmNode) find(key string, hash uint64, shift int) (*termDef, bool) {
	if s := n.findSlot(key, hash, shift); s != nil {
		return s.td, true
	}
	return nil, false
}

// findSlot is find returning the leaf slot of key, or nil.
func (n *tmNode) findSlot(key string, hash uint64, shift int) *tmSlot {
	for ; n != nil; shift += tmBits {
		if shift >= tmWidth {
			for i := range n.slots {
				if n.slots[i].key == key {
					return &n.slots[i]
				}
			}
			return nil
		}
		bit := uint32(1) << (hash >> shift & 31)
		if n.bitmap&bit == 0 {
			return nil
		}
		s := &n.slots[bits.OnesCount32(n.bitmap&(bit-1))]
		if s.child == nil {
			if s.key == key {
				return s
			}
			return nil
		}
		n = s.child
	}
	return nil
}

// set returns the map with key defined as td. Nodes made with the token
// edit (nil: none) may change in place.
func (m termMap) set(key string, td *termDef, edit *tmEdit) termMap {
	old, had := m.get(key)
	if had {
		m.protected -= protectedCount(old)
	} else {
		m.len++
	}
	m.protected += protectedCount(td)
	m.root = m.root.with(tmSlot{key: key, td: td}, tmHash(key), 0, edit)
	return m
}

// remove returns the map without a definition of key; edit as for set.
func (m termMap) remove(key string, edit *tmEdit) termMap {
	old, had := m.get(key)
	if !had {
		return m
	}
	m.len--
	m.protected -= protectedCount(old)
	m.root = m.root.without(key, tmHash(key), 0, edit)
	return m
}

// mutable returns n itself when the build holding edit made it, or a copy
// (nil: an empty node) that the build may change.
func (n *tmNode) mutable(edit *tmEdit) *tmNode {
	switch {
	case n == nil:
		return &tmNode{edit: edit}
	case edit != nil && n.edit == edit:
		return n
	}
	return &tmNode{bitmap: n.bitmap, slots: append(make([]tmSlot, 0, len(n.slots)+1), n.slots...), edit: edit}
}

func protectedCount(td *termDef) int {
	if td != nil && td.protected {
		return 1
	}
	return 0
}

// with returns n holding leaf, whose key hashes to hash, at the level where
// hash chunks start at shift: n changed in place when edit allows, a copy
// otherwise.
func (n *tmNode) with(leaf tmSlot, hash uint64, shift int, edit *tmEdit) *tmNode {
	c := n.mutable(edit)
	if shift >= tmWidth {
		for i := range c.slots {
			if c.slots[i].key == leaf.key {
				c.slots[i] = leaf
				return c
			}
		}
		c.slots = append(c.slots, leaf)
		return c
	}
	bit := uint32(1) << (hash >> shift & 31)
	i := bits.OnesCount32(c.bitmap & (bit - 1))
	if c.bitmap&bit == 0 {
		c.bitmap |= bit
		c.slots = slices.Insert(c.slots, i, leaf)
		return c
	}
	switch s := c.slots[i]; {
	case s.child != nil:
		c.slots[i] = tmSlot{child: s.child.with(leaf, hash, shift+tmBits, edit)}
	case s.key == leaf.key:
		c.slots[i] = leaf
	default: // two leaves share this chunk: push both a level down
		below := (*tmNode)(nil).with(s, tmHash(s.key), shift+tmBits, edit)
		c.slots[i] = tmSlot{child: below.with(leaf, hash, shift+tmBits, edit)}
	}
	return c
}

// without returns n without key, or nil when that leaves it empty: n
// changed in place when edit allows, a copy otherwise.
func (n *tmNode) without(key string, hash uint64, shift int, edit *tmEdit) *tmNode {
	c := n.mutable(edit)
	if shift >= tmWidth {
		c.slots = slices.DeleteFunc(c.slots, func(s tmSlot) bool { return s.key == key })
		if len(c.slots) == 0 {
			return nil
		}
		return c
	}
	bit := uint32(1) << (hash >> shift & 31)
	i := bits.OnesCount32(c.bitmap & (bit - 1))
	if s := c.slots[i]; s.child != nil {
		if below := s.child.without(key, hash, shift+tmBits, edit); below != nil {
			c.slots[i] = tmSlot{child: below}
			return c
		}
	}
	if len(c.slots) == 1 {
		return nil
	}
	c.bitmap &^= bit
	c.slots = slices.Delete(c.slots, i, i+1)
	return c
}
