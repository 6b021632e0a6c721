package openbadges

import "github.com/clrkit/clrkit/internal/jsonobj"

// Every class decodes with exact member names, keeping unknown members in
// its Extensions, and encodes them back (see internal/jsonobj).

// UnmarshalJSON decodes the object with exact member names.
func (a *AchievementSubject) UnmarshalJSON(data []byte) error {
	*a = AchievementSubject{}
	return jsonobj.Unmarshal(data, a)
}

// MarshalJSON encodes the object, extensions included.
func (a AchievementSubject) MarshalJSON() ([]byte, error) { return jsonobj.Marshal(&a) }

// UnmarshalJSON decodes the object with exact member names.
func (a *Achievement) UnmarshalJSON(data []byte) error {
	*a = Achievement{}
	return jsonobj.Unmarshal(data, a)
}

// MarshalJSON encodes the object, extensions included.
func (a Achievement) MarshalJSON() ([]byte, error) { return jsonobj.Marshal(&a) }

// UnmarshalJSON decodes the object with exact member names.
func (c *Criteria) UnmarshalJSON(data []byte) error {
	*c = Criteria{}
	return jsonobj.Unmarshal(data, c)
}

// MarshalJSON encodes the object, extensions included.
func (c Criteria) MarshalJSON() ([]byte, error) { return jsonobj.Marshal(&c) }

// UnmarshalJSON decodes the object with exact member names.
func (a *Alignment) UnmarshalJSON(data []byte) error {
	*a = Alignment{}
	return jsonobj.Unmarshal(data, a)
}

// MarshalJSON encodes the object, extensions included.
func (a Alignment) MarshalJSON() ([]byte, error) { return jsonobj.Marshal(&a) }

// UnmarshalJSON decodes the object with exact member names.
func (r *Result) UnmarshalJSON(data []byte) error {
	*r = Result{}
	return jsonobj.Unmarshal(data, r)
}

// MarshalJSON encodes the object, extensions included.
func (r Result) MarshalJSON() ([]byte, error) { return jsonobj.Marshal(&r) }

// UnmarshalJSON decodes the object with exact member names.
func (r *ResultDescription) UnmarshalJSON(data []byte) error {
	*r = ResultDescription{}
	return jsonobj.Unmarshal(data, r)
}

// MarshalJSON encodes the object, extensions included.
func (r ResultDescription) MarshalJSON() ([]byte, error) { return jsonobj.Marshal(&r) }

// UnmarshalJSON decodes the object with exact member names.
func (r *RubricCriterionLevel) UnmarshalJSON(data []byte) error {
	*r = RubricCriterionLevel{}
	return jsonobj.Unmarshal(data, r)
}

// MarshalJSON encodes the object, extensions included.
func (r RubricCriterionLevel) MarshalJSON() ([]byte, error) { return jsonobj.Marshal(&r) }

// UnmarshalJSON decodes the object with exact member names.
func (e *Evidence) UnmarshalJSON(data []byte) error {
	*e = Evidence{}
	return jsonobj.Unmarshal(data, e)
}

// MarshalJSON encodes the object, extensions included.
func (e Evidence) MarshalJSON() ([]byte, error) { return jsonobj.Marshal(&e) }

// UnmarshalJSON decodes the object with exact member names.
func (i *IdentityObject) UnmarshalJSON(data []byte) error {
	*i = IdentityObject{}
	return jsonobj.Unmarshal(data, i)
}

// MarshalJSON encodes the object, extensions included.
func (i IdentityObject) MarshalJSON() ([]byte, error) { return jsonobj.Marshal(&i) }

// UnmarshalJSON decodes the object with exact member names.
func (i *IdentifierEntry) UnmarshalJSON(data []byte) error {
	*i = IdentifierEntry{}
	return jsonobj.Unmarshal(data, i)
}

// MarshalJSON encodes the object, extensions included.
func (i IdentifierEntry) MarshalJSON() ([]byte, error) { return jsonobj.Marshal(&i) }

// UnmarshalJSON decodes the object with exact member names.
func (a *Address) UnmarshalJSON(data []byte) error {
	*a = Address{}
	return jsonobj.Unmarshal(data, a)
}

// MarshalJSON encodes the object, extensions included.
func (a Address) MarshalJSON() ([]byte, error) { return jsonobj.Marshal(&a) }

// UnmarshalJSON decodes the object with exact member names.
func (g *GeoCoordinates) UnmarshalJSON(data []byte) error {
	*g = GeoCoordinates{}
	return jsonobj.Unmarshal(data, g)
}

// MarshalJSON encodes the object, extensions included.
func (g GeoCoordinates) MarshalJSON() ([]byte, error) { return jsonobj.Marshal(&g) }

// UnmarshalJSON decodes the object with exact member names.
func (r *Related) UnmarshalJSON(data []byte) error {
	*r = Related{}
	return jsonobj.Unmarshal(data, r)
}

// MarshalJSON encodes the object, extensions included.
func (r Related) MarshalJSON() ([]byte, error) { return jsonobj.Marshal(&r) }

// UnmarshalJSON decodes the object with exact member names.
func (e *EndorsementSubject) UnmarshalJSON(data []byte) error {
	*e = EndorsementSubject{}
	return jsonobj.Unmarshal(data, e)
}

// MarshalJSON encodes the object, extensions included.
func (e EndorsementSubject) MarshalJSON() ([]byte, error) { return jsonobj.Marshal(&e) }

// UnmarshalJSON decodes the object with exact member names.
func (g *GetOpenBadgeCredentialsResponse) UnmarshalJSON(data []byte) error {
	*g = GetOpenBadgeCredentialsResponse{}
	return jsonobj.Unmarshal(data, g)
}

// MarshalJSON encodes the object, extensions included.
func (g GetOpenBadgeCredentialsResponse) MarshalJSON() ([]byte, error) { return jsonobj.Marshal(&g) }

// UnmarshalJSON decodes the object with exact member names.
func (i *ImsxStatusInfo) UnmarshalJSON(data []byte) error {
	*i = ImsxStatusInfo{}
	return jsonobj.Unmarshal(data, i)
}

// MarshalJSON encodes the object, extensions included.
func (i ImsxStatusInfo) MarshalJSON() ([]byte, error) { return jsonobj.Marshal(&i) }

// UnmarshalJSON decodes the object with exact member names.
func (i *ImsxCodeMinor) UnmarshalJSON(data []byte) error {
	*i = ImsxCodeMinor{}
	return jsonobj.Unmarshal(data, i)
}

// MarshalJSON encodes the object, extensions included.
func (i ImsxCodeMinor) MarshalJSON() ([]byte, error) { return jsonobj.Marshal(&i) }

// UnmarshalJSON decodes the object with exact member names.
func (i *ImsxCodeMinorField) UnmarshalJSON(data []byte) error {
	*i = ImsxCodeMinorField{}
	return jsonobj.Unmarshal(data, i)
}

// MarshalJSON encodes the object, extensions included.
func (i ImsxCodeMinorField) MarshalJSON() ([]byte, error) { return jsonobj.Marshal(&i) }
