package problem

import (
	"encoding/json"
	"math"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/callharness/callharness/api"
)

func TestTitleFollowsRFC9110(t *testing.T) {
	for status, want := range map[int]string{
		413: "Content Too Large", 422: "Unprocessable Content", 404: "Not Found", 599: "Status 599",
	} {
		assert.Equal(t, want, Title(status), status)
	}
}

func TestWriteAnswersAProblemDocument(t *testing.T) {
	rec := httptest.NewRecorder()
	fields := []api.FieldError{{Loc: []any{"query", "size"}, Msg: "too big", Type: "less_than_equal"}}
	Write(rec, New(http.StatusUnprocessableEntity, "1 invalid field", fields))
	assert.Equal(t, 422, rec.Code)
	assert.Equal(t, api.ContentTypeProblem, rec.Header().Get("Content-Type"))
	var p api.Problem
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &p))
	assert.Equal(t, "Unprocessable Content", p.Title)
	assert.Equal(t, []any{"query", "size"}, p.Errors[0].Loc)
}

func TestWriteBodyTurnsAnUnmarshallableBodyInto500(t *testing.T) {
	rec := httptest.NewRecorder()
	WriteBody(rec, http.StatusOK, "application/json", math.NaN())
	assert.Equal(t, 500, rec.Code)
	assert.Equal(t, api.ContentTypeProblem, rec.Header().Get("Content-Type"))
	assert.Contains(t, rec.Body.String(), `"status":500`)
}
