package contract

import (
	"net/http"
	"strings"

	"github.com/callharness/callharness/api"
)

// The defect injectors of the lifecycle and admin checks; they run in
// TestDialerAndLifecycleDefectsAreCaught.

// campaignStatus turns the details' call_campaign_status from into to, when keep says so.
func campaignStatus(from, to string, keep func(b map[string]any) bool) func(*http.Request, int, map[string]any) int {
	return func(_ *http.Request, s int, b map[string]any) int {
		if b["call_campaign_status"] == from && (keep == nil || keep(b)) {
			b["call_campaign_status"] = to
		}
		return s
	}
}

var lifecycleDefects = []defect{
	{"a campaign still DRAFT after start_at", "lifecycle.start-processing", "DEC-37",
		rewriteJSON(isDetails, campaignStatus(api.CampaignProcessing, api.CampaignDraft, nil))},
	{"details without call_campaign_status", "lifecycle.start-processing", "DEC-40",
		rewriteJSON(isDetails, func(_ *http.Request, s int, b map[string]any) int { delete(b, "call_campaign_status"); return s })},
	{"a campaign whose calls have all ended left PROCESSING", "lifecycle.completes", "DEC-38",
		rewriteJSON(isDetails, campaignStatus(api.CampaignCompleted, api.CampaignProcessing, nil))},
	{"a dynamic campaign COMPLETED before end_at", "lifecycle.dynamic-stays-open", "DEC-19",
		rewriteJSON(isDetails, campaignStatus(api.CampaignProcessing, api.CampaignCompleted,
			func(b map[string]any) bool { return b["allow_dynamic_call_appending"] == true }))},
	{"waiting calls of a canceled campaign left PENDING", "admin.cancel", "DEC-14",
		rewriteJSON(isList, calls(renameStatus(api.CallCanceled, api.CallPending)))},
	{"an append to a FAILED campaign answered 200", "admin.fail", "DEC-14",
		rewriteJSON(isAppend, func(r *http.Request, s int, b map[string]any) int {
			if s != http.StatusBadRequest {
				return s
			}
			for k := range b {
				delete(b, k)
			}
			b["call_campaign_uuid"], b["call_campaign_status"], b["added_count"] = strings.Split(r.URL.Path, "/")[4], api.CampaignFailed, 1
			b["duplicates_removed"], b["call_records_count"], b["message"] = 0, 4, "ok"
			return http.StatusOK
		})},
}
