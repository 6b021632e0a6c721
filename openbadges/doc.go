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
//
// The builders (NewProfile, NewAchievement, NewResultDescription, NewResult,
// NewCredential, NewEndorsement) chain their setters, fill in required types,
// a urn:uuid: id and validFrom, and report every problem at once from Build
// as a *vc.BuildError. What they build is unsigned; package proof signs it.
//
// Verification: NewVerifier returns a vc.Verifier with the Open Badges rules
// added as the vc.Extension Checks: an OB context after the VC one, a subject
// identified by an id or an identifier, the expected recipient (compared with
// the subject id or a plain or salted-hash identity object), and every
// endorsement found on the credential, its achievement and its profiles,
// each verified as an EndorsementCredential (one that fails is a warning).
// Package clr reuses CheckContexts, CheckRecipient and the endorsement
// collectors.
//
// Recipient identity: HashIdentity and NewHashedIdentity write the salted
// sha256$ form issuers use; IdentityObject.Matches also reads the older md5$
// form.
//
// Baked badges (Open Badges 3.0 §"Baked Badge"): BakePNG and BakeSVG put a
// credential, as JSON with an embedded proof or as a compact JWS, into a PNG
// iTXt chunk or an SVG <openbadges:credential> element, refusing an image
// that already carries one (ErrAlreadyBaked); Unbake takes it out, refusing
// a malformed image or one that carries two. BakedImages is the vc.Unpacker
// that lets a verifier take a baked image as its input.
package openbadges
