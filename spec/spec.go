// Package spec loads openapi.yaml and validates requests and responses
// against it. The mock validates every request it accepts with a Validator;
// the contract suite and the tests validate every response with one.
package spec

import (
	"context"
	"fmt"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/callharness/callharness"
)

// PhonePattern is the pattern of a phone number as a client sends it (DEC-11).
const PhonePattern = `^\+?[0-9]{10,15}$`

// uuidFormat accepts the UUIDs of RFC 9562, any version, either case. The
// mock issues v4 only (DEC-35), but a well-formed UUID of another version
// is a campaign that does not exist (404), not a malformed one (422).
var uuidFormat = openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForUUIDOfRFC9562)

var defineFormats sync.Once

// Load parses the embedded openapi.yaml, validates it (examples included)
// and returns a document of its own, so that the caller may adjust it with
// WithLimits. It is safe to call more than once and from many goroutines.
//
// The format "uuid" is checked both for this document and, once, globally
// in kin-openapi, so that the examples are held to it when the document is
// validated; "date-time" and "date" are checked by kin-openapi itself.
func Load() (*openapi3.T, error) {
	defineFormats.Do(func() {
		openapi3.DefineStringFormatValidator("uuid", uuidFormat)
	})
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = false
	doc, err := loader.LoadFromData(callharness.OpenAPI)
	if err != nil {
		return nil, fmt.Errorf("load openapi.yaml: %w", err)
	}
	doc.SetStringFormatValidator("uuid", uuidFormat)
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("validate openapi.yaml: %w", err)
	}
	return doc, nil
}
