// Package callharness holds the OpenAPI description of the Call Campaigns API,
// the contract that the mock, the contract suite and the load scenarios share.
package callharness

import _ "embed"

// OpenAPI is openapi.yaml, the OpenAPI 3.0.3 description of the six documented
// operations of the Call Campaigns API.
//
//go:embed openapi.yaml
var OpenAPI []byte
