package metrics

import (
	"sort"

	"github.com/callharness/callharness/api"
	"github.com/prometheus/client_golang/prometheus"
)

// Every status and outcome is exported, at zero when absent, so that series
// do not appear and vanish as campaigns come and go.
var (
	campaignStatuses = []string{api.CampaignDraft, api.CampaignProcessing, api.CampaignCompleted, api.CampaignFailed, api.CampaignCanceled}
	callStatuses     = []string{api.CallPending, api.CallInProgress, api.CallCompleted, api.CallNoAnswer, api.CallBusy, api.CallFailed, api.CallCanceled, api.CallExpired}
	attemptOutcomes  = []string{api.EventCompleted, api.EventNoAnswer, api.EventBusy, api.EventVoicemail, api.EventRejected, api.EventFailed}
	attemptResults   = []string{
		api.FResultInformationTransferred, api.FResultGoalNotAchieved, api.FResultCallbackRequested,
		api.FResultCustomerHangup, api.FResultAnsweringMachine, api.FResultNotAnswered, api.FResultBusy,
		api.FResultRejected, api.FResultCongestion, api.FResultInvalidNumber,
	}
)

// domainCollector reads the domain's Stats at scrape time.
type domainCollector struct {
	stats      StatsFunc
	campaigns  *prometheus.Desc
	calls      *prometheus.Desc
	attempts   *prometheus.Desc
	results    *prometheus.Desc
	inProgress *prometheus.Desc
}

func newDomainCollector(stats StatsFunc) *domainCollector {
	name := func(n string) string { return prometheus.BuildFQName(namespace, "", n) }
	return &domainCollector{
		stats:      stats,
		campaigns:  prometheus.NewDesc(name("campaigns"), "Campaigns held by the mock, by status.", []string{"status"}, nil),
		calls:      prometheus.NewDesc(name("calls"), "Calls held by the mock, by status.", []string{"status"}, nil),
		attempts:   prometheus.NewDesc(name("dialer_attempts_total"), "Dial attempts the simulated dialer has finished, by outcome (the call event status).", []string{"outcome"}, nil),
		results:    prometheus.NewDesc(name("dialer_results_total"), "Dial attempts the simulated dialer has finished, by fresult.", []string{"fresult"}, nil),
		inProgress: prometheus.NewDesc(name("calls_in_progress"), "Calls with a live attempt.", nil, nil),
	}
}

func (c *domainCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.campaigns
	ch <- c.calls
	ch <- c.attempts
	ch <- c.results
	ch <- c.inProgress
}

func (c *domainCollector) Collect(ch chan<- prometheus.Metric) {
	s := c.stats()
	emit(ch, c.campaigns, prometheus.GaugeValue, campaignStatuses, s.CampaignsByStatus)
	emit(ch, c.calls, prometheus.GaugeValue, callStatuses, s.CallsByStatus)
	emit(ch, c.attempts, prometheus.CounterValue, attemptOutcomes, s.AttemptsByOutcome)
	emit(ch, c.results, prometheus.CounterValue, attemptResults, s.AttemptsByResult)
	ch <- prometheus.MustNewConstMetric(c.inProgress, prometheus.GaugeValue, float64(s.CallsInProgress))
}

// emit sends one sample per known label value, then one per value the
// domain reports beyond them.
func emit(ch chan<- prometheus.Metric, d *prometheus.Desc, t prometheus.ValueType, known []string, got map[string]int) {
	seen := make(map[string]bool, len(known))
	for _, k := range known {
		seen[k] = true
		ch <- prometheus.MustNewConstMetric(d, t, float64(got[k]), k)
	}
	extra := make([]string, 0)
	for k := range got {
		if !seen[k] {
			extra = append(extra, k)
		}
	}
	sort.Strings(extra)
	for _, k := range extra {
		ch <- prometheus.MustNewConstMetric(d, t, float64(got[k]), k)
	}
}
