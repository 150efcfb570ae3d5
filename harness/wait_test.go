package harness

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestWaitForTargetReturnsOnceItAnswers(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	if err := waitForTarget(context.Background(), srv.URL, time.Second); err != nil {
		t.Fatal(err)
	}
}

func TestWaitForTargetGivesUp(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	start := time.Now()
	if err := waitForTarget(context.Background(), url, 600*time.Millisecond); err == nil {
		t.Fatal("no error for a target that never answers")
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("gave up after %s, want about 600ms", d)
	}
}
