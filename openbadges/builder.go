package openbadges

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"regexp"
	"strings"
	"time"

	"github.com/clrkit/clrkit/vc"
)

// The builders of this package (NewProfile, NewAchievement,
// NewResultDescription, NewResult, NewCredential, NewEndorsement) share one
// discipline: every setter returns the builder so that calls chain, no
// setter panics, and whatever a setter cannot accept is recorded as a
// vc.Problem naming the property path; it stays recorded even if a later
// call sets an acceptable value. Build checks the whole value, adds
// what it finds to the problems the setters recorded, and returns them all
// in one *vc.BuildError. A successful Build returns a deep copy, so the
// builder can be changed and built again without touching values it built
// before, and values passed to setters are copied when they are set. A
// builder is not safe for concurrent use.

// languageCode is the LanguageCode pattern of the 1EdTech schemas.
var languageCode = regexp.MustCompile(`^[a-z]{2,4}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$`)

// identityHashPattern is what a hashed identityHash must look like.
var identityHashPattern = regexp.MustCompile(`^(md5\$[0-9a-fA-F]{32}|sha256\$[0-9a-fA-F]{64})$`)

// maxNesting bounds how deep a chain of parentOrg profiles may go; a value
// nested deeper is almost certainly a cycle.
const maxNesting = 32

// errCycle is what cloning a value that refers to itself reports.
var errCycle = errors.New("value refers to itself (a cycle of pointers)")

// problemsOf returns a copy of the problems a builder's setters recorded,
// for Build to add to without touching the builder.
func problemsOf(setters *vc.Problems) vc.Problems {
	var out vc.Problems
	var be *vc.BuildError
	if errors.As(setters.Err(""), &be) {
		for _, p := range be.Problems {
			out.Add(p.Property, p.Err)
		}
	}
	return out
}

// join appends a member name to a property path.
func join(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}

// index appends an array index to a property path.
func index(prefix string, i int) string { return fmt.Sprintf("%s[%d]", prefix, i) }

// clone returns a deep copy of v: pointers, slices and maps are copied so
// that the result shares no memory with v that a caller could change.
// Unexported fields (the raw bytes of a parsed credential) are copied
// shallowly; they are never modified. A cycle of pointers is an error.
func clone[T any](v T) (T, error) {
	var out T
	err := copyValue(reflect.ValueOf(&out).Elem(), reflect.ValueOf(&v).Elem(), map[uintptr]bool{})
	return out, err
}

func copyValue(dst, src reflect.Value, onPath map[uintptr]bool) error {
	switch src.Kind() {
	case reflect.Pointer:
		if src.IsNil() {
			return nil
		}
		p := src.Pointer()
		if onPath[p] {
			return errCycle
		}
		onPath[p] = true
		defer delete(onPath, p)
		n := reflect.New(src.Type().Elem())
		if err := copyValue(n.Elem(), src.Elem(), onPath); err != nil {
			return err
		}
		dst.Set(n)
	case reflect.Slice:
		if src.IsNil() {
			return nil
		}
		n := reflect.MakeSlice(src.Type(), src.Len(), src.Len())
		for i := range src.Len() {
			if err := copyValue(n.Index(i), src.Index(i), onPath); err != nil {
				return err
			}
		}
		dst.Set(n)
	case reflect.Map:
		if src.IsNil() {
			return nil
		}
		n := reflect.MakeMapWithSize(src.Type(), src.Len())
		it := src.MapRange()
		for it.Next() {
			v := reflect.New(src.Type().Elem()).Elem()
			if err := copyValue(v, it.Value(), onPath); err != nil {
				return err
			}
			n.SetMapIndex(it.Key(), v)
		}
		dst.Set(n)
	case reflect.Struct:
		dst.Set(src)
		for i := range src.NumField() {
			if f := dst.Field(i); f.CanSet() {
				if err := copyValue(f, src.Field(i), onPath); err != nil {
					return err
				}
			}
		}
	case reflect.Interface:
		if src.IsNil() {
			return nil
		}
		n := reflect.New(src.Elem().Type()).Elem()
		if err := copyValue(n, src.Elem(), onPath); err != nil {
			return err
		}
		dst.Set(n)
	default:
		dst.Set(src)
	}
	return nil
}

// declaredNames returns the JSON member names a model struct declares,
// those of embedded structs included.
func declaredNames(t reflect.Type) map[string]bool {
	names := map[string]bool{}
	var walk func(reflect.Type)
	walk = func(t reflect.Type) {
		for i := range t.NumField() {
			f := t.Field(i)
			if f.Anonymous && f.Type.Kind() == reflect.Struct {
				walk(f.Type)
				continue
			}
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name != "" && name != "-" {
				names[name] = true
			}
		}
	}
	walk(t)
	return names
}

// setExtension records an extension member on ext, or a problem when the
// name is empty, a JSON-LD keyword, a member the class declares, or the
// value does not marshal. owner is a value of the class the member goes on.
func setExtension(ps *vc.Problems, path string, ext *vc.Extensions, owner any, name string, value any) {
	switch {
	case name == "":
		ps.Add(join(path, "extension"), fmt.Errorf("%w: an extension needs a member name", vc.ErrRequired))
		return
	case strings.HasPrefix(name, "@"):
		ps.Add(join(path, name), fmt.Errorf("%w: %q is a JSON-LD keyword, not an extension", vc.ErrBadValue, name))
		return
	case declaredNames(reflect.TypeOf(owner))[name]:
		ps.Add(join(path, name), fmt.Errorf("%w: %q is a declared property; use its setter", vc.ErrBadValue, name))
		return
	}
	ps.Add(join(path, name), ext.Set(name, value))
}

// dateTime turns a time given to a setter into a DateTime, recording a
// problem for the zero time and for years the DateTimeZ form cannot write.
func dateTime(ps *vc.Problems, path string, t time.Time) vc.DateTime {
	if t.IsZero() {
		ps.Add(path, fmt.Errorf("%w: the zero time", vc.ErrBadValue))
		return ""
	}
	if y := t.UTC().Year(); y < 1 || y > 9999 {
		ps.Add(path, fmt.Errorf("%w: year %d is outside 0001-9999", vc.ErrBadValue, y))
		return ""
	}
	return vc.NewDateTime(t)
}

// credits turns a credit count given to a setter into a Number, recording a
// problem for negative, infinite and NaN counts.
func credits(ps *vc.Problems, path string, f float64) vc.Number {
	if math.IsNaN(f) || math.IsInf(f, 0) || f < 0 {
		ps.Add(path, fmt.Errorf("%w: a credit count must be a finite number >= 0, got %v", vc.ErrBadValue, f))
		return ""
	}
	return vc.NewNumber(f)
}

// cloneInto copies v for a setter, recording a problem at path when v
// cannot be copied (it refers to itself).
func cloneInto[T any](ps *vc.Problems, path string, v T) (T, bool) {
	out, err := clone(v)
	if err != nil {
		ps.Add(path, fmt.Errorf("%w: %v", vc.ErrBadValue, err))
		return out, false
	}
	return out, true
}

// newImage returns an Image of the given URL (or data: URI) and caption.
func newImage(url, caption string) *Image {
	img := &Image{ID: url, Type: TypeImage}
	if caption != "" {
		img.Caption = vc.Text(caption)
	}
	return img
}

// ProfileBuilder builds a Profile: an issuer, creator, source, endorser or
// parent organization. Create one with NewProfile.
type ProfileBuilder struct {
	p  Profile
	ps vc.Problems
}

// NewProfile starts a profile with the given id, a URI such as
// https://example.edu/issuers/1 or a DID. Its type is ["Profile"].
func NewProfile(id string) *ProfileBuilder {
	return &ProfileBuilder{p: Profile{ID: id, Type: vc.Types{TypeProfile}}}
}

// Name sets the name of the person or organization.
func (b *ProfileBuilder) Name(name string) *ProfileBuilder {
	b.p.Name = vc.Text(name)
	return b
}

// URL sets the homepage or social media profile; it must be an absolute URI.
func (b *ProfileBuilder) URL(url string) *ProfileBuilder {
	b.p.URL = url
	return b
}

// Email sets the contact email address.
func (b *ProfileBuilder) Email(email string) *ProfileBuilder {
	b.p.Email = email
	return b
}

// Phone sets the contact phone number.
func (b *ProfileBuilder) Phone(phone string) *ProfileBuilder {
	b.p.Phone = phone
	return b
}

// Description sets a short description of the person or organization.
func (b *ProfileBuilder) Description(description string) *ProfileBuilder {
	b.p.Description = vc.Text(description)
	return b
}

// Image sets the profile's image: a URL or a data: URI of a PNG or SVG.
func (b *ProfileBuilder) Image(url string) *ProfileBuilder {
	b.p.Image = newImage(url, "")
	return b
}

// ImageWithCaption sets the profile's image together with a caption.
func (b *ProfileBuilder) ImageWithCaption(url, caption string) *ProfileBuilder {
	b.p.Image = newImage(url, caption)
	return b
}

// Address sets the postal address. An empty type becomes ["Address"], and
// an empty geo type "GeoCoordinates".
func (b *ProfileBuilder) Address(a Address) *ProfileBuilder {
	if a, ok := cloneInto(&b.ps, "address", a); ok {
		normalizeAddress(&a)
		b.p.Address = &a
	}
	return b
}

// OtherIdentifier adds an identifier of the profile in another system. An
// empty type becomes "IdentifierEntry".
func (b *ProfileBuilder) OtherIdentifier(e IdentifierEntry) *ProfileBuilder {
	if e, ok := cloneInto(&b.ps, index("otherIdentifier", len(b.p.OtherIdentifier)), e); ok {
		normalizeIdentifierEntry(&e)
		b.p.OtherIdentifier = append(b.p.OtherIdentifier, e)
	}
	return b
}

// Official sets the name of an authorized official of the organization.
func (b *ProfileBuilder) Official(name string) *ProfileBuilder {
	b.p.Official = name
	return b
}

// ParentOrg sets the parent organization. The profile is copied; an empty
// type becomes ["Profile"]. Nil removes it.
func (b *ProfileBuilder) ParentOrg(p *Profile) *ProfileBuilder {
	b.p.ParentOrg = nil
	if p == nil {
		return b
	}
	if p, ok := cloneInto(&b.ps, "parentOrg", p); ok {
		normalizeProfile(p)
		b.p.ParentOrg = p
	}
	return b
}

// GivenName sets the given (first) name of a person.
func (b *ProfileBuilder) GivenName(s string) *ProfileBuilder {
	b.p.GivenName = s
	return b
}

// FamilyName sets the family (last) name of a person.
func (b *ProfileBuilder) FamilyName(s string) *ProfileBuilder {
	b.p.FamilyName = s
	return b
}

// AdditionalName sets an additional (middle) name of a person.
func (b *ProfileBuilder) AdditionalName(s string) *ProfileBuilder {
	b.p.AdditionalName = s
	return b
}

// PatronymicName sets a name derived from the person's father's name.
func (b *ProfileBuilder) PatronymicName(s string) *ProfileBuilder {
	b.p.PatronymicName = s
	return b
}

// HonorificPrefix sets a title that comes before the name, such as Dr.
func (b *ProfileBuilder) HonorificPrefix(s string) *ProfileBuilder {
	b.p.HonorificPrefix = s
	return b
}

// HonorificSuffix sets a title that comes after the name, such as PhD.
func (b *ProfileBuilder) HonorificSuffix(s string) *ProfileBuilder {
	b.p.HonorificSuffix = s
	return b
}

// FamilyNamePrefix sets a prefix of the family name, such as van or de.
func (b *ProfileBuilder) FamilyNamePrefix(s string) *ProfileBuilder {
	b.p.FamilyNamePrefix = s
	return b
}

// DateOfBirth sets the person's birth date. Only the calendar date of d, in
// d's own location, is written (2006-01-02).
func (b *ProfileBuilder) DateOfBirth(d time.Time) *ProfileBuilder {
	if d.IsZero() || d.Year() < 1 || d.Year() > 9999 {
		b.ps.Add("dateOfBirth", fmt.Errorf("%w: %v is not a writable date", vc.ErrBadValue, d))
		return b
	}
	b.p.DateOfBirth = d.Format(time.DateOnly)
	return b
}

// Endorsement adds an embedded endorsement of the profile. The endorsement
// is copied, not changed: it is a separately signed credential.
func (b *ProfileBuilder) Endorsement(e *EndorsementCredential) *ProfileBuilder {
	addEndorsement(&b.ps, "endorsement", &b.p.Endorsement, e)
	return b
}

// EndorsementJWT adds an endorsement of the profile given as a compact JWS.
//
// The OB 3.0.3 context embedded in this module does not define the
// endorsementJwt term (1EdTech/openbadges-specification#639, since fixed
// upstream), so a credential carrying one fails JSON-LD safe mode and cannot
// take a Data Integrity proof until that context is updated; VC-JWT
// securing is unaffected.
func (b *ProfileBuilder) EndorsementJWT(jws string) *ProfileBuilder {
	b.p.EndorsementJwt = append(b.p.EndorsementJwt, jws)
	return b
}

// Extension adds a member the Profile class does not declare. Its term must
// be defined by a context of the credential the profile goes into.
func (b *ProfileBuilder) Extension(name string, value any) *ProfileBuilder {
	setExtension(&b.ps, "", &b.p.Extensions, Profile{}, name, value)
	return b
}

// Build checks the profile and returns a copy of it, or a *vc.BuildError
// listing every problem: an id that is not an absolute URI, a bad url,
// image, email, address, identifier entry, parent organization or
// endorsement JWT.
func (b *ProfileBuilder) Build() (*Profile, error) {
	ps := problemsOf(&b.ps)
	checkProfile(&ps, "", &b.p, 0)
	if err := ps.Err(TypeProfile); err != nil {
		return nil, err
	}
	p, err := clone(&b.p)
	if err != nil {
		return nil, err
	}
	return p, nil
}

// addEndorsement appends a copy of e to list, recording a problem for nil.
func addEndorsement(ps *vc.Problems, path string, list *vc.OneOrMany[EndorsementCredential], e *EndorsementCredential) {
	at := index(path, len(*list))
	if e == nil {
		ps.Add(at, fmt.Errorf("%w: nil endorsement", vc.ErrRequired))
		return
	}
	if c, ok := cloneInto(ps, at, e); ok {
		*list = append(*list, *c)
	}
}
