package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/callharness/callharness/api"
	"github.com/callharness/callharness/client"
)

// campaignFlags are the settings of the campaigns the driver creates.
type campaignFlags struct {
	start, end           string
	retry, speed, retryI int
	dynamic              bool
}

func (f *campaignFlags) define(fs *flag.FlagSet) {
	fs.StringVar(&f.start, "start", "2026-01-15T09:00:00Z", "start_at of the campaign (RFC 3339)")
	fs.StringVar(&f.end, "end", "2026-01-15T18:00:00Z", "end_at of the campaign (RFC 3339)")
	fs.IntVar(&f.retry, "retry", 2, "retry of the campaign")
	fs.IntVar(&f.speed, "speed", 0, "speed of the campaign; 0 leaves it out")
	fs.IntVar(&f.retryI, "retry-interval", 0, "retry_interval of the campaign in minutes; 0 leaves it out")
	fs.BoolVar(&f.dynamic, "dynamic", false, "allow_dynamic_call_appending of the campaign")
}

// request is a create body with records from..from+n.
func (f *campaignFlags) request(name string, from, n int) api.CreateCampaignRequest {
	req := api.CreateCampaignRequest{
		CallCampaignName: name, StartAt: f.start, EndAt: f.end,
		Retry: &f.retry, CallRecords: records(from, n),
	}
	if f.speed > 0 {
		req.Speed = &f.speed
	}
	if f.retryI > 0 {
		req.RetryInterval = &f.retryI
	}
	if f.dynamic {
		req.AllowDynamicCallAppending = &f.dynamic
	}
	return req
}

var languages = [...]string{"RU", "KZ", "EN"}

// records are n call records shaped like the documentation's example, with
// distinct numbers none of which is a test number (DEC-26: a number ending
// in 000 to 009 forces an outcome).
func records(from, n int) []api.CallRecord {
	out := make([]api.CallRecord, n)
	for k := range out {
		i := from + k
		vars, _ := json.Marshal(map[string]any{
			"client_name": fmt.Sprintf("Client %d", i), "debt_amount": 1000 + i%50000,
			"contract_type": "auto_loan", "foreign_id": fmt.Sprintf("CRM-%d", i),
		})
		gender := "female"
		if i%2 == 1 {
			gender = "male"
		}
		out[k] = api.CallRecord{
			PhoneNumber: fmt.Sprintf("7%07d%03d", i, 100+i%900),
			Language:    languages[i%len(languages)],
			GenderVoice: gender,
			AgentName:   "sales_agent_v2",
			Variables:   vars,
		}
	}
	return out
}

// runBody prints a create body with -records records, for wrk and vegeta.
func runBody(_ context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("body", flag.ContinueOnError)
	var cf campaignFlags
	cf.define(fs)
	n := fs.Int("records", 10, "records in the body")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *n < 1 || *n > 10_000 {
		return fmt.Errorf("-records %d: want 1 to 10000", *n)
	}
	data, err := json.Marshal(cf.request("bench create", 0, *n))
	if err != nil {
		return err
	}
	_, err = stdout.Write(data)
	return err
}

// setupFlags are the flags of every subcommand that fills a campaign.
type setupFlags struct {
	campaignFlags
	target, key string
	calls       int
	batch       int
}

func (f *setupFlags) define(fs *flag.FlagSet) {
	f.campaignFlags.define(fs)
	fs.StringVar(&f.target, "target", "", "base URL of the mock (loopback)")
	fs.StringVar(&f.key, "key", "", "API key")
	fs.IntVar(&f.calls, "calls", 10_000, "calls in the campaign")
	fs.IntVar(&f.batch, "batch", 10_000, "records per request (create, then appends)")
}

func (f *setupFlags) check() error {
	if err := loopback(f.target); err != nil {
		return err
	}
	if f.calls < 1 || f.calls > 10_000_000 {
		return fmt.Errorf("-calls %d: want 1 to 10000000", f.calls)
	}
	if f.batch < 1 || f.batch > 10_000 {
		return fmt.Errorf("-batch %d: want 1 to 10000", f.batch)
	}
	return nil
}

func (f *setupFlags) client() *client.Client {
	return client.New(f.target, f.key, &http.Client{Timeout: 10 * time.Minute})
}

// fill creates a campaign of f.calls calls: one create, then appends of
// f.batch records. It returns the campaign's uuid and how long it took.
func (f *setupFlags) fill(ctx context.Context) (string, time.Duration, error) {
	c := f.client()
	began := time.Now()
	first := min(f.batch, f.calls)
	resp, _, err := c.CreateCampaign(ctx, f.request("bench", 0, first))
	if err != nil {
		return "", 0, fmt.Errorf("create: %w", err)
	}
	id := resp.CallCampaignUUID
	for done := first; done < f.calls; {
		n := min(f.batch, f.calls-done)
		if _, _, err := c.AppendCalls(ctx, id, records(done, n)); err != nil {
			return "", 0, fmt.Errorf("append to %s after %d calls: %w", id, done, err)
		}
		done += n
	}
	return id, time.Since(began), nil
}

// runSetup creates a campaign of -calls calls and prints its uuid.
func runSetup(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("setup", flag.ContinueOnError)
	var f setupFlags
	f.define(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := f.check(); err != nil {
		return err
	}
	id, _, err := f.fill(ctx)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(stdout, id)
	return err
}
