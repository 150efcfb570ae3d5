package reports

import (
	"fmt"
	"html/template"
	"strings"
	"time"
)

// funcs are the template functions of index.html: formatting only.
var funcs = template.FuncMap{
	"dur":     shortDuration,
	"pct":     percent,
	"rate":    func(v float64) string { return trimFloat(v) + "/s" },
	"code":    CodeName,
	"word":    verdictWord,
	"codeCls": codeClass,
	"add":     func(a, b int) int { return a + b },
	"join":    strings.Join,
	"dash":    orDash,
	"stamp":   func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05 UTC") },
	"plural": func(n int, one, many string) string {
		if n == 1 {
			return fmt.Sprintf("%d %s", n, one)
		}
		return fmt.Sprintf("%d %s", n, many)
	},
}

// verdictWord is how a verdict reads in a badge.
func verdictWord(v Verdict) string {
	switch v {
	case Pass:
		return "PASS"
	case Fail:
		return "FAIL"
	case Warn:
		return "WARN"
	case Skip:
		return "SKIPPED"
	default:
		return "ERROR"
	}
}

// percent writes a share of 0..1 as a percentage with up to two decimals,
// never rounding a share below one up to 100%.
func percent(v float64) string {
	p := v * 100
	if p > 99.99 && p < 100 {
		return ">99.99%"
	}
	return trimZeros(fmt.Sprintf("%.2f", p)) + "%"
}

// codeClass is the CSS class of a status code's class.
func codeClass(code int) string {
	switch {
	case code == 0:
		return "c0"
	case code < 300:
		return "c2"
	case code < 400:
		return "c3"
	case code < 500:
		return "c4"
	default:
		return "c5"
	}
}
