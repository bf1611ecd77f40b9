package cekura_test

// Runnable examples of the workspace services, against the cekuratest fake
// (with a real key: client, err := cekura.NewClientFromEnv()).

import (
	"context"
	"fmt"
	"strings"

	"github.com/cekura-go/cekura"
	"github.com/cekura-go/cekura/cekuratest"
)

func ExampleProjectsService_Create() {
	fake := cekuratest.NewServer()
	defer fake.Close()
	client := fake.Client()
	ctx := context.Background()

	// A project whose webhook gets every result and failed calls, and the
	// pre-run hook; agents without a webhook_url of their own use it.
	project, err := client.Projects.Create(ctx, &cekura.CreateProjectRequest{
		Name:                        "Support",
		WebhookURL:                  "https://hooks.acme.example/cekura",
		WebhookSecret:               "whsec_…", // sent as X-CEKURA-SECRET; never returned, printed or logged
		NotifyPreRunWebhook:         cekura.Some(true),
		NotifyCallLogWebhookSuccess: cekura.Some(false),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(project.Name, project.WebhookURL)
	fmt.Println("secret configured:", project.WebhookSecretConfigured)
	fmt.Println("pre-run hook:", project.NotifyPreRunWebhook, "successful calls:", project.NotifyCallLogWebhookSuccess)
	// Output:
	// Support https://hooks.acme.example/cekura
	// secret configured: true
	// pre-run hook: true successful calls: false
}

func ExampleProjectsService_Update() {
	fake := cekuratest.NewServer()
	defer fake.Close()
	client := fake.Client()
	ctx := context.Background()
	metric, err := client.Metrics.Create(ctx, &cekura.CreateMetricRequest{Name: "Customer satisfaction", ProjectID: 1,
		EvalType: cekura.EvalTypeContinuousQualitative})
	if err != nil {
		fmt.Println(err)
		return
	}

	// The rubric replaces the whole one: read the project, add the rule,
	// send it all.
	project, err := client.Projects.Get(ctx, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	rubric := cekura.RubricConfig{EvaluationLogic: cekura.RubricLogicAnd}
	if project.RubricConfig != nil {
		rubric.Rules = project.RubricConfig.Rules
	}
	rubric.Rules = append(rubric.Rules, cekura.RubricRule{MetricID: metric.ID, Conditions: cekura.RubricConditions{
		Operator:   cekura.RubricLogicAnd,
		Conditions: []cekura.RubricCondition{{Field: cekura.RubricFieldScore, Op: cekura.RubricOpGTE, Value: 4}},
	}})
	project, err = client.Projects.Update(ctx, 1, &cekura.UpdateProjectRequest{
		RubricConfig: cekura.Some(rubric),
		SampleRate:   cekura.Some(0.5), // evaluate half of the production calls
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	rule := project.RubricConfig.Rules[0].Conditions.Conditions[0]
	fmt.Println(len(project.RubricConfig.Rules), "rule:", rule.Field, rule.Op, rule.Value)
	fmt.Println("sample rate:", project.SampleRate)

	// Every problem at once, before anything is sent.
	_, err = client.Projects.Update(ctx, 1, &cekura.UpdateProjectRequest{SampleRate: cekura.Some(50.0), WebhookURL: cekura.Some("hooks.acme.example")})
	fmt.Println(err)
	// Output:
	// 1 rule: score gte 4
	// sample rate: 0.5
	// cekura: invalid request: webhook_url: is not an absolute http:// or https:// URL; sample_rate: must be a share of calls from 0 to 1 (0.5 evaluates half of them), got 50
}

func ExampleAPIKeysService_Create() {
	fake := cekuratest.NewServer()
	defer fake.Close()
	client := fake.Client()

	key, err := client.APIKeys.Create(context.Background(), &cekura.CreateAPIKeyRequest{Name: "ci", ProjectID: 1})
	if err != nil {
		fmt.Println(err) // cekura.MaybeApplied(err): a key may have been made; it is never created twice
		return
	}
	fmt.Println(key.Name, key.ProjectName)
	fmt.Println(key.Key) // a Secret: keep key.Key.Reveal() now, the API never shows it again
	fmt.Println(strings.HasPrefix(key.Key.Reveal(), "sk_fake_"))
	// Output:
	// ci Default Project
	// [REDACTED]
	// true
}

func ExampleAuditLogsService_All() {
	fake := cekuratest.NewServer()
	defer fake.Close()
	client := fake.Client()
	ctx := context.Background()
	if _, err := client.Projects.Create(ctx, &cekura.CreateProjectRequest{Name: "Sales"}); err != nil {
		fmt.Println(err)
		return
	}

	for entry, err := range client.AuditLogs.All(ctx, &cekura.ListAuditLogsParams{OrganizationID: 1, ObjectType: "project"}) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(entry.OperationType, entry.ObjectType, entry.ObjectID, "by", entry.APIKeyName)
	}
	// Output:
	// create project 2 by cekuratest
}

func ExampleBillingService_GetInfo() {
	fake := cekuratest.NewServer()
	defer fake.Close()
	client := fake.Client()

	info, err := client.Billing.GetInfo(context.Background(), nil) // nil: the API key's organization
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("credits left:", info.CreditsRemaining)
	if s := info.SubscriptionStatus; s != nil {
		fmt.Println(s.Status, s.PackName)
	}
	// Output:
	// credits left: 1000.00
	// active Fake Pack
}

func ExampleOrganizationsService_List() {
	fake := cekuratest.NewServer()
	defer fake.Close()
	client := fake.Client()

	page, err := client.Organizations.List(context.Background(), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, org := range page.Results {
		fmt.Println(org.ID, org.Name, len(org.Projects), "project(s)")
	}
	// Output:
	// 1 Fake Organization 1 project(s)
}
