package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// Values of Imsx_StatusInfo's imsx_codeMajor.
const (
	CodeMajorSuccess     = "success"
	CodeMajorFailure     = "failure"
	CodeMajorProcessing  = "processing"
	CodeMajorUnsupported = "unsupported"
)

// Values of imsx_severity.
const (
	SeverityStatus  = "status"
	SeverityWarning = "warning"
	SeverityError   = "error"
)

// Values of imsx_codeMinorFieldValue, as the OB 3.0 and CLR 2.0 schemas list
// them.
const (
	MinorForbidden             = "forbidden"
	MinorFullSuccess           = "fullsuccess"
	MinorInternalServerError   = "internal_server_error"
	MinorInvalidData           = "invalid_data"
	MinorInvalidQueryParameter = "invalid_query_parameter"
	MinorMisdirectedRequest    = "misdirected_request"
	MinorNotAcceptable         = "not_acceptable"
	MinorNotAllowed            = "not_allowed"
	MinorNotFound              = "not_found"
	MinorNotModified           = "not_modified"
	MinorServerBusy            = "server_busy"
	MinorUnauthorized          = "unauthorizedrequest"
	MinorUnknown               = "unknown"
)

// StatusInfo is the Imsx_StatusInfo body of every error response, and of a
// putProfile accepted for later processing (202).
type StatusInfo struct {
	CodeMajor   string     `json:"imsx_codeMajor"`
	Severity    string     `json:"imsx_severity"`
	Description string     `json:"imsx_description,omitempty"`
	CodeMinor   *CodeMinor `json:"imsx_codeMinor,omitempty"`
}

// CodeMinor holds the code minor fields of a StatusInfo.
type CodeMinor struct {
	Fields []CodeMinorField `json:"imsx_codeMinorField"`
}

// CodeMinorField is one code minor field: a name (the API uses
// "sourcedId" for the request as a whole) and one of the Minor values.
type CodeMinorField struct {
	Name  string `json:"imsx_codeMinorFieldName"`
	Value string `json:"imsx_codeMinorFieldValue"`
}

// UnmarshalJSON reads a CodeMinor whose field is a lone object, as the
// JSON-LD adapted schemas allow, or a list.
func (c *CodeMinor) UnmarshalJSON(data []byte) error {
	var raw struct {
		Fields json.RawMessage `json:"imsx_codeMinorField"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	var one CodeMinorField
	if err := json.Unmarshal(raw.Fields, &one); err == nil && strings.HasPrefix(strings.TrimSpace(string(raw.Fields)), "{") {
		c.Fields = []CodeMinorField{one}
		return nil
	}
	return json.Unmarshal(raw.Fields, &c.Fields)
}

// Minor returns the first code minor value ("" when there is none).
func (s StatusInfo) Minor() string {
	if s.CodeMinor == nil || len(s.CodeMinor.Fields) == 0 {
		return ""
	}
	return s.CodeMinor.Fields[0].Value
}

// Error is an API error: the HTTP status and the StatusInfo of the
// response. Servers answer with it; clients return it for every response
// that is not a success.
type Error struct {
	HTTPStatus int
	Info       StatusInfo
}

// Error names the status, the code minor value and the description.
func (e *Error) Error() string {
	msg := fmt.Sprintf("api: %d %s", e.HTTPStatus, http.StatusText(e.HTTPStatus))
	if m := e.Info.Minor(); m != "" {
		msg += " (" + m + ")"
	}
	if e.Info.Description != "" {
		msg += ": " + e.Info.Description
	}
	return msg
}

// Failure returns the Error for an HTTP status with the code minor value
// minor and a description.
func Failure(status int, minor, format string, args ...any) *Error {
	return &Error{HTTPStatus: status, Info: StatusInfo{
		CodeMajor:   CodeMajorFailure,
		Severity:    SeverityError,
		Description: fmt.Sprintf(format, args...),
		CodeMinor:   &CodeMinor{Fields: []CodeMinorField{{Name: "sourcedId", Value: minor}}},
	}}
}

// writeStatus writes e as the response.
func writeStatus(w http.ResponseWriter, e *Error) {
	body, _ := json.Marshal(e.Info)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(e.HTTPStatus)
	_, _ = w.Write(body)
}
