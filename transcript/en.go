package transcript

import "github.com/callharness/callharness/api"

// en is English, also used for any unknown language code.
var en = language{
	thousands: ",", decimal: ".", currency: " ₸",
	textSize: 768, summarySize: 192,

	roles: map[string]string{
		"sales":      "the sales department",
		"support":    "customer support",
		"collection": "the collections department",
		"billing":    "the billing department",
		"survey":     "the customer survey team",
		"reminder":   "the reminder service",
		"marketing":  "the marketing team",
		"care":       "the customer care team",
	},
	roleUnknown: "the “{role}” service",
	roleNone:    "our company",
	contracts: map[string]string{
		"auto_loan":     "auto loan",
		"car_loan":      "auto loan",
		"mortgage":      "mortgage",
		"credit_card":   "credit card",
		"consumer_loan": "consumer loan",
		"personal_loan": "personal loan",
		"microloan":     "microloan",
		"loan":          "loan",
		"installment":   "instalment plan",
		"deposit":       "deposit",
		"insurance":     "insurance policy",
		"leasing":       "lease",
	},

	greetName: []string{"Hello, {name}!", "Good afternoon, {name}!", "Hi, {name}, how are you?"},
	greetAnon: []string{"Hello!", "Good afternoon!"},
	intro: []string{
		"I'm a virtual assistant calling from {role}.",
		"This is the virtual assistant of {role}.",
		"I'm calling on behalf of {role}.",
	},
	topicDebtContract: []string{
		"This is about your {contract}: the outstanding balance is {debt}.",
		"A quick reminder that your {contract} has an overdue payment of {debt}.",
	},
	topicDebt: []string{
		"I'm calling about your outstanding debt of {debt}.",
		"A quick reminder that you have an overdue payment of {debt}.",
	},
	topicContract: []string{
		"I'm calling about your {contract}.",
		"I have an update on your {contract}.",
	},
	topicNone: []string{
		"I have some important information about your account.",
		"I'm calling with an update on your account.",
	},
	ref: []string{"Your reference number is {ref}.", "For the record, your reference is {ref}."},

	ask:            []string{"Could you make the payment this week?", "Would you be able to pay in the next few days?"},
	offer:          []string{"We could also split the payment into a few parts. Would that help?"},
	details:        []string{"You can pay in the mobile app or at any branch.", "The payment can be made online or at any of our offices."},
	closing:        []string{"Thank you for your time. Have a nice day!", "Thanks for listening, goodbye!"},
	closingDecline: []string{"I understand. If you change your mind, please get in touch with us.", "All right. You can always call us back if anything changes."},
	callbackAsk:    []string{"Of course. When would be a good time to call you back?", "No problem. When is it convenient for you?"},
	callbackDone:   []string{"Noted, we'll call you back then. Goodbye!", "Got it, we'll call you at that time. Have a good day!"},
	machine: []string{
		"Hi, you've reached my voicemail. I can't take your call right now, please leave a message after the beep.",
		"The person you are calling is not available. Please leave a message after the tone.",
	},
	machineEnd: []string{"Please call us back when you can. Thank you!", "We'd appreciate a call back at your convenience. Thank you!"},

	userGreet: byMood{
		{"Hi! Yes, I'm listening.", "Hello, sure, go ahead."},
		{"Yes, speaking.", "Hello."},
		{"Yes? What is it now?", "What do you want?"},
	},
	userAck: byMood{
		{"Thanks for letting me know, I'll pay it this week.", "Oh, right, thank you! I'll take care of it."},
		{"Okay, got it.", "Understood."},
		{"I know, you don't have to keep calling me.", "Fine. I heard you."},
	},
	userMore: byMood{
		{"Great, that's convenient.", "Perfect, thanks."},
		{"Okay.", "All right."},
		{"Fine, whatever.", "Yes, yes."},
	},
	userDecline: byMood{
		{"Thank you, but I can't pay right now.", "I appreciate the call, but it's not possible at the moment."},
		{"No, I'm not able to pay at the moment.", "Not this week, no."},
		{"No. I'm not paying, and stop calling me.", "Forget it, I won't pay."},
	},
	userDecline2: byMood{
		{"Thanks, but not for now.", "That's kind, but no."},
		{"No, that doesn't work for me either.", "No, thank you."},
		{"No. We're done here.", "I said no."},
	},
	userCallback: byMood{
		{"Sorry, I can't talk right now. Could you call me later?", "Oh, I'm in the middle of something. Could we talk later?"},
		{"It's not a good time. Please call back later.", "I can't talk now, call me later."},
		{"I'm busy! Call me some other time.", "Not now. Call later."},
	},
	userWhen: []string{"Tomorrow evening would work.", "After six today.", "Monday morning, please."},
	userHangup: byMood{
		{"Sorry, I really have to go.", "I'm sorry, I can't talk at all right now."},
		{"I'm not interested, goodbye.", "No, thanks. Bye."},
		{"Don't call me again!", "Leave me alone."},
	},
	userBye: byMood{
		{"Thank you, goodbye!", "Thanks, you too!"},
		{"Goodbye.", "Bye."},
		{"Whatever. Bye.", "Yeah."},
	},

	whoName:          "Customer {name}",
	whoAnon:          "The customer",
	whatDebtContract: "the {contract} debt of {debt}",
	whatDebt:         "the debt of {debt}",
	whatContract:     "the {contract}",
	whatNone:         "the account",
	outcomes: map[string]string{
		api.FResultInformationTransferred: "{who} was informed about {what} and acknowledged it.",
		api.FResultGoalNotAchieved:        "{who} was informed about {what} but declined to pay.",
		api.FResultCallbackRequested:      "{who} asked to be called back later about {what}.",
		api.FResultCustomerHangup:         "{who} hung up before the conversation about {what} was finished.",
		api.FResultAnsweringMachine:       "{who} did not answer in person: an answering machine picked up and a message about {what} was left.",
	},
	mood: [3]string{
		"The customer's sentiment was positive.",
		"The customer's sentiment was neutral.",
		"The customer's sentiment was negative.",
	},
}
