package contract

import "time"

// Verdict is the outcome of one check.
type Verdict string

// The verdicts, as contract.json writes them.
const (
	Pass Verdict = "pass"
	// Fail: the target broke the check's rule (or, for any check, sent a 5xx,
	// an undocumented status or a body that breaks the documented schema).
	Fail Verdict = "fail"
	// Warn: a DEC rule was broken in the documented profile.
	Warn Verdict = "warn"
	// Skip: a fixture the check needs is missing, or the config skips it.
	Skip Verdict = "skip"
	// Error: the target misbehaved so that the check could not be judged
	// (a transport error, an arrangement that did not take).
	Error Verdict = "error"
)

// Red reports whether v makes the run fail.
func (v Verdict) Red() bool { return v == Fail || v == Error }

// Result is the whole model of one contract run, as written to contract.json
// by WriteJSON. The JSON field names are stable; readers (the HTML report)
// may rely on them:
//
//	{
//	  "tool": "callharness contract", "target": "http://…", "profile": "strict",
//	  "seed": 1, "examples": 25, "admin": true,
//	  "started": RFC 3339, "duration_ms": 1234,
//	  "passed": true,                 // no check failed or errored
//	  "error": "…",                   // set only when the run could not start
//	  "counts": {"pass": n, "fail": n, "warn": n, "skip": n, "error": n, "total": n},
//	  "checks": [{
//	    "id", "title", "operation", "rule": {"tag": "DOC"|"DEC-n", "source": "…"},
//	    "needs": ["clock", …], "verdict": "pass"|"fail"|"warn"|"skip"|"error",
//	    "duration_ms", "message",     // skip reason, or the first failure
//	    "exchanges": n,               // requests the check sent
//	    "failures": [{"message", "rule": {…}, "seed", "input",
//	                  "exchange": {"method", "url", "request_body", "status",
//	                               "content_type", "response_excerpt", "curl"}}]
//	  }],
//	  "coverage": {
//	    "statuses": [200, 201, …],    // the matrix's columns
//	    "operations": [{"operation": "createCampaign",
//	                    "cells": [{"status": 201, "documented": true,
//	                               "provoked": true, "checks": ["create.201"]}]}],
//	    "documented": n, "provoked": n,
//	    "undocumented": [{"operation", "status", "checks"}],  // provoked but not in openapi.yaml
//	    "operations_exercised": n, "operations_past_auth": n, "past_auth": ["createCampaign", …],
//	    "responses": n, "responses_5xx": n,
//	    "violations": n,              // responses that broke openapi.yaml
//	    "doc_violations": n           // of which its documented parts
//	  }
//	}
type Result struct {
	Tool       string        `json:"tool"`
	Target     string        `json:"target"`
	Profile    Profile       `json:"profile"`
	Seed       int64         `json:"seed"`
	Examples   int           `json:"examples"`
	Admin      bool          `json:"admin"`
	Started    time.Time     `json:"started"`
	Duration   time.Duration `json:"-"`
	DurationMS int64         `json:"duration_ms"`
	Passed     bool          `json:"passed"`
	Error      string        `json:"error,omitempty"`
	Counts     Counts        `json:"counts"`
	Checks     []CheckResult `json:"checks"`
	Coverage   Coverage      `json:"coverage"`
}

// Counts tallies the verdicts of a run.
type Counts struct {
	Pass  int `json:"pass"`
	Fail  int `json:"fail"`
	Warn  int `json:"warn"`
	Skip  int `json:"skip"`
	Error int `json:"error"`
	Total int `json:"total"`
}

func (c *Counts) add(v Verdict) {
	c.Total++
	switch v {
	case Pass:
		c.Pass++
	case Fail:
		c.Fail++
	case Warn:
		c.Warn++
	case Skip:
		c.Skip++
	default:
		c.Error++
	}
}

// CheckResult is the verdict of one check.
type CheckResult struct {
	ID         string        `json:"id"`
	Title      string        `json:"title"`
	Operation  string        `json:"operation"`
	Rule       Rule          `json:"rule"`
	Needs      []Fixture     `json:"needs,omitempty"`
	Verdict    Verdict       `json:"verdict"`
	Duration   time.Duration `json:"-"`
	DurationMS int64         `json:"duration_ms"`
	Message    string        `json:"message,omitempty"`
	Exchanges  int           `json:"exchanges"`
	Failures   []Failure     `json:"failures,omitempty"`
}

// Failure is one way a check failed, with what it takes to reproduce it.
type Failure struct {
	Message  string          `json:"message"`
	Rule     Rule            `json:"rule"`
	Exchange *ExchangeRecord `json:"exchange,omitempty"`
	// Seed and Input are set for generated inputs: the seed of the example
	// and the shrunk input that still fails.
	Seed  int64  `json:"seed,omitempty"`
	Input string `json:"input,omitempty"`
}

// ExchangeRecord is a request and its response as a report shows them. API
// keys and admin tokens never appear in it.
type ExchangeRecord struct {
	Method          string `json:"method"`
	URL             string `json:"url"`
	RequestBody     string `json:"request_body,omitempty"`
	Status          int    `json:"status"`
	ContentType     string `json:"content_type,omitempty"`
	ResponseExcerpt string `json:"response_excerpt,omitempty"`
	Curl            string `json:"curl"`
}
