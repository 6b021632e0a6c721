package jsonobj

// valid reports whether data is one JSON value with optional surrounding
// white space, accepting exactly what encoding/json's Valid accepts (RFC
// 8259 grammar; bytes of 0x20 and above, valid UTF-8 or not, inside
// strings; at most 10,000 levels of nesting), several times faster: every
// model object is checked before it is split into members. FuzzValid
// compares the two.
func valid(data []byte) bool { return validDepth(data, maxNesting) }

// validDepth is valid with at most maxDepth levels of nesting.
func validDepth(data []byte, maxDepth int) bool {
	v := validator{data: data, max: maxDepth}
	v.space()
	if !v.value(0) {
		return false
	}
	v.space()
	return v.i == len(v.data)
}

// maxNesting is encoding/json's nesting limit.
const maxNesting = 10000

type validator struct {
	data []byte
	i    int
	max  int
}

func (v *validator) space() {
	for v.i < len(v.data) {
		switch v.data[v.i] {
		case ' ', '\t', '\n', '\r':
			v.i++
		default:
			return
		}
	}
}

func (v *validator) value(depth int) bool {
	if v.i >= len(v.data) {
		return false
	}
	switch c := v.data[v.i]; {
	case c == '{':
		return v.object(depth + 1)
	case c == '[':
		return v.array(depth + 1)
	case c == '"':
		return v.string()
	case c == '-' || c >= '0' && c <= '9':
		return v.number()
	case c == 't':
		return v.literal("true")
	case c == 'f':
		return v.literal("false")
	case c == 'n':
		return v.literal("null")
	}
	return false
}

func (v *validator) literal(lit string) bool {
	if len(v.data)-v.i < len(lit) || string(v.data[v.i:v.i+len(lit)]) != lit {
		return false
	}
	v.i += len(lit)
	return true
}

func (v *validator) object(depth int) bool {
	if depth > v.max {
		return false
	}
	v.i++ // '{'
	v.space()
	if v.i < len(v.data) && v.data[v.i] == '}' {
		v.i++
		return true
	}
	for {
		if v.i >= len(v.data) || v.data[v.i] != '"' || !v.string() {
			return false
		}
		v.space()
		if v.i >= len(v.data) || v.data[v.i] != ':' {
			return false
		}
		v.i++
		v.space()
		if !v.value(depth) {
			return false
		}
		v.space()
		if v.i >= len(v.data) {
			return false
		}
		switch v.data[v.i] {
		case ',':
			v.i++
			v.space()
		case '}':
			v.i++
			return true
		default:
			return false
		}
	}
}

func (v *validator) array(depth int) bool {
	if depth > v.max {
		return false
	}
	v.i++ // '['
	v.space()
	if v.i < len(v.data) && v.data[v.i] == ']' {
		v.i++
		return true
	}
	for {
		if !v.value(depth) {
			return false
		}
		v.space()
		if v.i >= len(v.data) {
			return false
		}
		switch v.data[v.i] {
		case ',':
			v.i++
			v.space()
		case ']':
			v.i++
			return true
		default:
			return false
		}
	}
}

func (v *validator) string() bool {
	v.i++ // '"'
	for v.i < len(v.data) {
		c := v.data[v.i]
		switch {
		case c == '"':
			v.i++
			return true
		case c < 0x20:
			return false
		case c == '\\':
			v.i++
			if v.i >= len(v.data) {
				return false
			}
			switch v.data[v.i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				v.i++
			case 'u':
				if len(v.data)-v.i < 5 {
					return false
				}
				for _, h := range v.data[v.i+1 : v.i+5] {
					if !(h >= '0' && h <= '9' || h >= 'a' && h <= 'f' || h >= 'A' && h <= 'F') {
						return false
					}
				}
				v.i += 5
			default:
				return false
			}
		default:
			v.i++
		}
	}
	return false
}

func (v *validator) number() bool {
	digits := func() int {
		n := 0
		for v.i < len(v.data) && v.data[v.i] >= '0' && v.data[v.i] <= '9' {
			v.i++
			n++
		}
		return n
	}
	if v.data[v.i] == '-' {
		v.i++
	}
	if v.i >= len(v.data) {
		return false
	}
	if v.data[v.i] == '0' {
		v.i++
	} else if digits() == 0 {
		return false
	}
	if v.i < len(v.data) && v.data[v.i] == '.' {
		v.i++
		if digits() == 0 {
			return false
		}
	}
	if v.i < len(v.data) && (v.data[v.i] == 'e' || v.data[v.i] == 'E') {
		v.i++
		if v.i < len(v.data) && (v.data[v.i] == '+' || v.data[v.i] == '-') {
			v.i++
		}
		if digits() == 0 {
			return false
		}
	}
	return true
}
