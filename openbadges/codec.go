package openbadges

import "github.com/clrkit/clrkit/internal/jsonobj"

// Every class decodes with exact member names, keeping unknown members in
// its Extensions, and encodes them back (see internal/jsonobj).

// init registers how each class is read from valid text (a verifier's
// input): as its UnmarshalJSON reads it, without checking the text again.
func init() {
	jsonobj.Register(jsonobj.Plain[AchievementSubject])
	jsonobj.Register(jsonobj.Plain[Achievement])
	jsonobj.Register(jsonobj.Plain[Criteria])
	jsonobj.Register(jsonobj.Plain[Alignment])
	jsonobj.Register(jsonobj.Plain[Result])
	jsonobj.Register(jsonobj.Plain[ResultDescription])
	jsonobj.Register(jsonobj.Plain[RubricCriterionLevel])
	jsonobj.Register(jsonobj.Plain[Evidence])
	jsonobj.Register(jsonobj.Plain[IdentityObject])
	jsonobj.Register(jsonobj.Plain[IdentifierEntry])
	jsonobj.Register(jsonobj.Plain[Address])
	jsonobj.Register(jsonobj.Plain[GeoCoordinates])
	jsonobj.Register(jsonobj.Plain[Related])
	jsonobj.Register(jsonobj.Plain[EndorsementSubject])
	jsonobj.Register(jsonobj.Plain[GetOpenBadgeCredentialsResponse])
	jsonobj.Register(jsonobj.Plain[ImsxStatusInfo])
	jsonobj.Register(jsonobj.Plain[ImsxCodeMinor])
	jsonobj.Register(jsonobj.Plain[ImsxCodeMinorField])
	jsonobj.Register((*AchievementCredential).read)
	jsonobj.Register((*EndorsementCredential).read)
	jsonobj.Register((*Profile).read)
	jsonobj.Register((*Image).read)
}

// UnmarshalJSON decodes the object with exact member names.
func (a *AchievementSubject) UnmarshalJSON(data []byte) error {
	return jsonobj.Plain(a, jsonobj.Reader{}, data)
}

// MarshalJSON encodes the object, extensions included.
func (a AchievementSubject) MarshalJSON() ([]byte, error) { return jsonobj.Marshal(&a) }

// UnmarshalJSON decodes the object with exact member names.
func (a *Achievement) UnmarshalJSON(data []byte) error {
	return jsonobj.Plain(a, jsonobj.Reader{}, data)
}

// MarshalJSON encodes the object, extensions included.
func (a Achievement) MarshalJSON() ([]byte, error) { return jsonobj.Marshal(&a) }

// UnmarshalJSON decodes the object with exact member names.
func (c *Criteria) UnmarshalJSON(data []byte) error { return jsonobj.Plain(c, jsonobj.Reader{}, data) }

// MarshalJSON encodes the object, extensions included.
func (c Criteria) MarshalJSON() ([]byte, error) { return jsonobj.Marshal(&c) }

// UnmarshalJSON decodes the object with exact member names.
func (a *Alignment) UnmarshalJSON(data []byte) error { return jsonobj.Plain(a, jsonobj.Reader{}, data) }

// MarshalJSON encodes the object, extensions included.
func (a Alignment) MarshalJSON() ([]byte, error) { return jsonobj.Marshal(&a) }

// UnmarshalJSON decodes the object with exact member names.
func (r *Result) UnmarshalJSON(data []byte) error { return jsonobj.Plain(r, jsonobj.Reader{}, data) }

// MarshalJSON encodes the object, extensions included.
func (r Result) MarshalJSON() ([]byte, error) { return jsonobj.Marshal(&r) }

// UnmarshalJSON decodes the object with exact member names.
func (r *ResultDescription) UnmarshalJSON(data []byte) error {
	return jsonobj.Plain(r, jsonobj.Reader{}, data)
}

// MarshalJSON encodes the object, extensions included.
func (r ResultDescription) MarshalJSON() ([]byte, error) { return jsonobj.Marshal(&r) }

// UnmarshalJSON decodes the object with exact member names.
func (r *RubricCriterionLevel) UnmarshalJSON(data []byte) error {
	return jsonobj.Plain(r, jsonobj.Reader{}, data)
}

// MarshalJSON encodes the object, extensions included.
func (r RubricCriterionLevel) MarshalJSON() ([]byte, error) { return jsonobj.Marshal(&r) }

// UnmarshalJSON decodes the object with exact member names.
func (e *Evidence) UnmarshalJSON(data []byte) error { return jsonobj.Plain(e, jsonobj.Reader{}, data) }

// MarshalJSON encodes the object, extensions included.
func (e Evidence) MarshalJSON() ([]byte, error) { return jsonobj.Marshal(&e) }

// UnmarshalJSON decodes the object with exact member names.
func (i *IdentityObject) UnmarshalJSON(data []byte) error {
	return jsonobj.Plain(i, jsonobj.Reader{}, data)
}

// MarshalJSON encodes the object, extensions included.
func (i IdentityObject) MarshalJSON() ([]byte, error) { return jsonobj.Marshal(&i) }

// UnmarshalJSON decodes the object with exact member names.
func (i *IdentifierEntry) UnmarshalJSON(data []byte) error {
	return jsonobj.Plain(i, jsonobj.Reader{}, data)
}

// MarshalJSON encodes the object, extensions included.
func (i IdentifierEntry) MarshalJSON() ([]byte, error) { return jsonobj.Marshal(&i) }

// UnmarshalJSON decodes the object with exact member names.
func (a *Address) UnmarshalJSON(data []byte) error { return jsonobj.Plain(a, jsonobj.Reader{}, data) }

// MarshalJSON encodes the object, extensions included.
func (a Address) MarshalJSON() ([]byte, error) { return jsonobj.Marshal(&a) }

// UnmarshalJSON decodes the object with exact member names.
func (g *GeoCoordinates) UnmarshalJSON(data []byte) error {
	return jsonobj.Plain(g, jsonobj.Reader{}, data)
}

// MarshalJSON encodes the object, extensions included.
func (g GeoCoordinates) MarshalJSON() ([]byte, error) { return jsonobj.Marshal(&g) }

// UnmarshalJSON decodes the object with exact member names.
func (r *Related) UnmarshalJSON(data []byte) error { return jsonobj.Plain(r, jsonobj.Reader{}, data) }

// MarshalJSON encodes the object, extensions included.
func (r Related) MarshalJSON() ([]byte, error) { return jsonobj.Marshal(&r) }

// UnmarshalJSON decodes the object with exact member names.
func (e *EndorsementSubject) UnmarshalJSON(data []byte) error {
	return jsonobj.Plain(e, jsonobj.Reader{}, data)
}

// MarshalJSON encodes the object, extensions included.
func (e EndorsementSubject) MarshalJSON() ([]byte, error) { return jsonobj.Marshal(&e) }

// UnmarshalJSON decodes the object with exact member names.
func (g *GetOpenBadgeCredentialsResponse) UnmarshalJSON(data []byte) error {
	return jsonobj.Plain(g, jsonobj.Reader{}, data)
}

// MarshalJSON encodes the object, extensions included.
func (g GetOpenBadgeCredentialsResponse) MarshalJSON() ([]byte, error) { return jsonobj.Marshal(&g) }

// UnmarshalJSON decodes the object with exact member names.
func (i *ImsxStatusInfo) UnmarshalJSON(data []byte) error {
	return jsonobj.Plain(i, jsonobj.Reader{}, data)
}

// MarshalJSON encodes the object, extensions included.
func (i ImsxStatusInfo) MarshalJSON() ([]byte, error) { return jsonobj.Marshal(&i) }

// UnmarshalJSON decodes the object with exact member names.
func (i *ImsxCodeMinor) UnmarshalJSON(data []byte) error {
	return jsonobj.Plain(i, jsonobj.Reader{}, data)
}

// MarshalJSON encodes the object, extensions included.
func (i ImsxCodeMinor) MarshalJSON() ([]byte, error) { return jsonobj.Marshal(&i) }

// UnmarshalJSON decodes the object with exact member names.
func (i *ImsxCodeMinorField) UnmarshalJSON(data []byte) error {
	return jsonobj.Plain(i, jsonobj.Reader{}, data)
}

// MarshalJSON encodes the object, extensions included.
func (i ImsxCodeMinorField) MarshalJSON() ([]byte, error) { return jsonobj.Marshal(&i) }
