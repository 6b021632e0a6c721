package openbadges

import "strings"

// AchievementType is the kind of an achievement. The vocabulary is
// extensible: a term outside it must start with "ext:".
type AchievementType string

// The AchievementType terms of OB 3.0.
const (
	AchievementTypeAchievement                 AchievementType = "Achievement"
	AchievementTypeApprenticeshipCertificate   AchievementType = "ApprenticeshipCertificate"
	AchievementTypeAssessment                  AchievementType = "Assessment"
	AchievementTypeAssignment                  AchievementType = "Assignment"
	AchievementTypeAssociateDegree             AchievementType = "AssociateDegree"
	AchievementTypeAward                       AchievementType = "Award"
	AchievementTypeBadge                       AchievementType = "Badge"
	AchievementTypeBachelorDegree              AchievementType = "BachelorDegree"
	AchievementTypeCertificate                 AchievementType = "Certificate"
	AchievementTypeCertificateOfCompletion     AchievementType = "CertificateOfCompletion"
	AchievementTypeCertification               AchievementType = "Certification"
	AchievementTypeCommunityService            AchievementType = "CommunityService"
	AchievementTypeCompetency                  AchievementType = "Competency"
	AchievementTypeCourse                      AchievementType = "Course"
	AchievementTypeCoCurricular                AchievementType = "CoCurricular"
	AchievementTypeDegree                      AchievementType = "Degree"
	AchievementTypeDiploma                     AchievementType = "Diploma"
	AchievementTypeDoctoralDegree              AchievementType = "DoctoralDegree"
	AchievementTypeFieldwork                   AchievementType = "Fieldwork"
	AchievementTypeGeneralEducationDevelopment AchievementType = "GeneralEducationDevelopment"
	AchievementTypeJourneymanCertificate       AchievementType = "JourneymanCertificate"
	AchievementTypeLearningProgram             AchievementType = "LearningProgram"
	AchievementTypeLicense                     AchievementType = "License"
	AchievementTypeMembership                  AchievementType = "Membership"
	AchievementTypeProfessionalDoctorate       AchievementType = "ProfessionalDoctorate"
	AchievementTypeQualityAssuranceCredential  AchievementType = "QualityAssuranceCredential"
	AchievementTypeMasterCertificate           AchievementType = "MasterCertificate"
	AchievementTypeMasterDegree                AchievementType = "MasterDegree"
	AchievementTypeMicroCredential             AchievementType = "MicroCredential"
	AchievementTypeResearchDoctorate           AchievementType = "ResearchDoctorate"
	AchievementTypeSecondarySchoolDiploma      AchievementType = "SecondarySchoolDiploma"
)

var achievementTypes = terms(
	AchievementTypeAchievement, AchievementTypeApprenticeshipCertificate, AchievementTypeAssessment,
	AchievementTypeAssignment, AchievementTypeAssociateDegree, AchievementTypeAward, AchievementTypeBadge,
	AchievementTypeBachelorDegree, AchievementTypeCertificate, AchievementTypeCertificateOfCompletion,
	AchievementTypeCertification, AchievementTypeCommunityService, AchievementTypeCompetency,
	AchievementTypeCourse, AchievementTypeCoCurricular, AchievementTypeDegree, AchievementTypeDiploma,
	AchievementTypeDoctoralDegree, AchievementTypeFieldwork, AchievementTypeGeneralEducationDevelopment,
	AchievementTypeJourneymanCertificate, AchievementTypeLearningProgram, AchievementTypeLicense,
	AchievementTypeMembership, AchievementTypeProfessionalDoctorate, AchievementTypeQualityAssuranceCredential,
	AchievementTypeMasterCertificate, AchievementTypeMasterDegree, AchievementTypeMicroCredential,
	AchievementTypeResearchDoctorate, AchievementTypeSecondarySchoolDiploma,
)

// Valid reports whether t is a term of the vocabulary or an "ext:" term.
func (t AchievementType) Valid() bool { return achievementTypes[string(t)] || isExt(string(t)) }

// ResultType is the kind of a result description. The vocabulary is
// extensible with "ext:" terms.
type ResultType string

// The ResultType terms of OB 3.0.
const (
	ResultTypeGradePointAverage    ResultType = "GradePointAverage"
	ResultTypeLetterGrade          ResultType = "LetterGrade"
	ResultTypePercent              ResultType = "Percent"
	ResultTypePerformanceLevel     ResultType = "PerformanceLevel"
	ResultTypePredictedScore       ResultType = "PredictedScore"
	ResultTypeRawScore             ResultType = "RawScore"
	ResultTypeResult               ResultType = "Result"
	ResultTypeRubricCriterion      ResultType = "RubricCriterion"
	ResultTypeRubricCriterionLevel ResultType = "RubricCriterionLevel"
	ResultTypeRubricScore          ResultType = "RubricScore"
	ResultTypeScaledScore          ResultType = "ScaledScore"
	ResultTypeStatus               ResultType = "Status"
)

var resultTypes = terms(
	ResultTypeGradePointAverage, ResultTypeLetterGrade, ResultTypePercent, ResultTypePerformanceLevel,
	ResultTypePredictedScore, ResultTypeRawScore, ResultTypeResult, ResultTypeRubricCriterion,
	ResultTypeRubricCriterionLevel, ResultTypeRubricScore, ResultTypeScaledScore, ResultTypeStatus,
)

// Valid reports whether t is a term of the vocabulary or an "ext:" term.
func (t ResultType) Valid() bool { return resultTypes[string(t)] || isExt(string(t)) }

// ResultStatusType is the status of a result. The vocabulary is closed.
type ResultStatusType string

// The ResultStatusType terms. Completed is what a credential without a
// status result means.
const (
	ResultStatusCompleted   ResultStatusType = "Completed"
	ResultStatusEnrolled    ResultStatusType = "Enrolled"
	ResultStatusFailed      ResultStatusType = "Failed"
	ResultStatusInProgress  ResultStatusType = "InProgress"
	ResultStatusOnHold      ResultStatusType = "OnHold"
	ResultStatusProvisional ResultStatusType = "Provisional"
	ResultStatusWithdrew    ResultStatusType = "Withdrew"
)

var resultStatuses = terms(
	ResultStatusCompleted, ResultStatusEnrolled, ResultStatusFailed, ResultStatusInProgress,
	ResultStatusOnHold, ResultStatusProvisional, ResultStatusWithdrew,
)

// Valid reports whether s is one of the terms (no extensions allowed).
func (s ResultStatusType) Valid() bool { return resultStatuses[string(s)] }

// AlignmentTargetType is the kind of an alignment target. The vocabulary is
// extensible with "ext:" terms.
type AlignmentTargetType string

// The AlignmentTargetType terms of OB 3.0.
const (
	AlignmentTargetCompetency             AlignmentTargetType = "ceasn:Competency"
	AlignmentTargetCredential             AlignmentTargetType = "ceterms:Credential"
	AlignmentTargetCFItem                 AlignmentTargetType = "CFItem"
	AlignmentTargetCFRubric               AlignmentTargetType = "CFRubric"
	AlignmentTargetCFRubricCriterion      AlignmentTargetType = "CFRubricCriterion"
	AlignmentTargetCFRubricCriterionLevel AlignmentTargetType = "CFRubricCriterionLevel"
	AlignmentTargetCTDL                   AlignmentTargetType = "CTDL"
)

var alignmentTargets = terms(
	AlignmentTargetCompetency, AlignmentTargetCredential, AlignmentTargetCFItem, AlignmentTargetCFRubric,
	AlignmentTargetCFRubricCriterion, AlignmentTargetCFRubricCriterionLevel, AlignmentTargetCTDL,
)

// Valid reports whether t is a term of the vocabulary or an "ext:" term.
func (t AlignmentTargetType) Valid() bool { return alignmentTargets[string(t)] || isExt(string(t)) }

// IdentifierType is the kind of an identity or identifier entry. The
// vocabulary is extensible with "ext:" terms.
type IdentifierType string

// The IdentifierTypeEnum terms of OB 3.0.
const (
	IdentifierName                   IdentifierType = "name"
	IdentifierSourcedID              IdentifierType = "sourcedId"
	IdentifierSystemID               IdentifierType = "systemId"
	IdentifierProductID              IdentifierType = "productId"
	IdentifierUserName               IdentifierType = "userName"
	IdentifierAccountID              IdentifierType = "accountId"
	IdentifierEmailAddress           IdentifierType = "emailAddress"
	IdentifierNationalIdentityNumber IdentifierType = "nationalIdentityNumber"
	IdentifierISBN                   IdentifierType = "isbn"
	IdentifierISSN                   IdentifierType = "issn"
	IdentifierLisSourcedID           IdentifierType = "lisSourcedId"
	IdentifierOneRosterSourcedID     IdentifierType = "oneRosterSourcedId"
	IdentifierSisSourcedID           IdentifierType = "sisSourcedId"
	IdentifierLtiContextID           IdentifierType = "ltiContextId"
	IdentifierLtiDeploymentID        IdentifierType = "ltiDeploymentId"
	IdentifierLtiToolID              IdentifierType = "ltiToolId"
	IdentifierLtiPlatformID          IdentifierType = "ltiPlatformId"
	IdentifierLtiUserID              IdentifierType = "ltiUserId"
	IdentifierIdentifier             IdentifierType = "identifier"
)

var identifierTypes = terms(
	IdentifierName, IdentifierSourcedID, IdentifierSystemID, IdentifierProductID, IdentifierUserName,
	IdentifierAccountID, IdentifierEmailAddress, IdentifierNationalIdentityNumber, IdentifierISBN,
	IdentifierISSN, IdentifierLisSourcedID, IdentifierOneRosterSourcedID, IdentifierSisSourcedID,
	IdentifierLtiContextID, IdentifierLtiDeploymentID, IdentifierLtiToolID, IdentifierLtiPlatformID,
	IdentifierLtiUserID, IdentifierIdentifier,
)

// Valid reports whether t is a term of the vocabulary or an "ext:" term.
func (t IdentifierType) Valid() bool { return identifierTypes[string(t)] || isExt(string(t)) }

// ImsxCodeMajor is the major status code of an API response.
type ImsxCodeMajor string

// The ImsxCodeMajor terms.
const (
	CodeMajorSuccess     ImsxCodeMajor = "success"
	CodeMajorProcessing  ImsxCodeMajor = "processing"
	CodeMajorFailure     ImsxCodeMajor = "failure"
	CodeMajorUnsupported ImsxCodeMajor = "unsupported"
)

// ImsxSeverity is the severity of an API status.
type ImsxSeverity string

// The ImsxSeverity terms.
const (
	SeverityStatus  ImsxSeverity = "status"
	SeverityWarning ImsxSeverity = "warning"
	SeverityError   ImsxSeverity = "error"
)

func terms[T ~string](ts ...T) map[string]bool {
	m := make(map[string]bool, len(ts))
	for _, t := range ts {
		m[string(t)] = true
	}
	return m
}

// isExt reports whether t is an extension term: "ext:" and a name of
// letters, digits, '.', '_' and '-' (the schemas' pattern).
func isExt(t string) bool {
	name, ok := strings.CutPrefix(t, "ext:")
	if !ok || name == "" {
		return false
	}
	for _, c := range name {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}
