// Package openbadges is the Open Badges 3.0 data model: typed values for
// every class of the specification (AchievementCredential, also known as
// OpenBadgeCredential, AchievementSubject, Achievement, Profile, Result,
// ResultDescription, EndorsementCredential, ...), its enumerations, the API
// payloads, and builders that produce credentials ready to sign.
//
// Specification: 1EdTech Open Badges 3.0, https://www.imsglobal.org/spec/ob/v3p0/
// (data model §B, JSON-LD context
// https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json, JSON Schemas
// https://purl.imsglobal.org/spec/ob/v3p0/schema/json/).
//
// Parse reads a credential with the rules of package vc: exact member names,
// duplicate members refused, unknown members kept and written back, dates and
// numbers kept as written, and the original bytes kept for verification
// (Raw). Properties the model allows once may be given as one value;
// properties it allows several times may be one value or an array, and are
// written as arrays, which is what the formal schemas require. A profile
// reference (issuer) may be a bare URL or a Profile object.
//
// The extensible vocabularies (AchievementType, ResultType,
// AlignmentTargetType, IdentifierType) accept "ext:" terms; ResultStatusType
// is closed. Each has a Valid method.
package openbadges
