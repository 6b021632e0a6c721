// Package jsonobj decodes and encodes the JSON objects of the credential data
// model (packages vc, openbadges and clr) with the rules those packages
// promise and encoding/json does not keep by itself:
//
//   - member names match exactly (encoding/json folds case, so "ID" would
//     fill an `json:"id"` field);
//   - a member name that occurs twice in one object is an error, because
//     JSON parsers disagree on which occurrence wins and a signature must not
//     cover a value the model does not show;
//   - members the struct does not declare are kept, byte for byte, in its
//     extension map and written back;
//   - errors name the member path where decoding failed.
//
// A model struct declares its members as exported fields with a json tag
// (the name, and ",omitempty" for optional ones) and, for members written
// after the extensions (such as proof), a `jsonobj:"last"` tag; it may
// embed structs whose fields are flattened into it, and has at most one
// field of a map type with string keys and json.RawMessage values tagged
// `json:"-"`: the extension map. Field types decode through their own UnmarshalJSON when they have one.
//
// JSON is checked by the package's own validator (valid.go), which accepts
// what encoding/json's Valid accepts, less what I-JSON (RFC 7493) forbids in
// strings and numbers (invalid UTF-8, an unpaired surrogate escape, a
// number no double holds: ErrNotIJSON), several times faster; Members and
// Elements then split the checked text into raw members and elements.
// Errors carry the member path for people (Path) and as a JSON pointer
// (Pointer).
// Documents may nest at most MaxDepth (64) levels of objects and arrays;
// deeper ones fail with ErrTooDeep, because every model level checks the
// JSON below it again.
//
// Text already known to be valid (a verifier's input, once the JSON-LD
// tree decoder, which refuses what Check refuses, has accepted it) is read
// with UnmarshalValid instead: nothing is validated again, extension
// members are slices of the text rather than copies, and the model types
// met at any depth are read the same way through the hooks their packages
// register (Register): each type has one decoding function taking a
// Reader, which its UnmarshalJSON calls in checking mode and its hook in
// valid mode, so the two cannot drift apart. A Text adds the index of
// where each object and array ends (the JSON-LD decoder records it while
// decoding), so that a value skipped or kept as bytes is not scanned again
// at every level it is nested in. Indent lays out valid text as
// json.Indent does, without its scanner.
package jsonobj
