package main

// The workspace commands: projects (with their webhook settings),
// organizations, API keys, audit logs and billing.

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/cekura-go/cekura"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// yesNo prints a flag as yes or no.
func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// projectToggles are the on/off settings of a project, by their API names
// (notify_pre_run_webhook …): the Opt[bool] fields of UpdateProjectRequest.
func projectToggles() []string {
	var names []string
	t := reflect.TypeFor[cekura.UpdateProjectRequest]()
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Type == reflect.TypeFor[cekura.Opt[bool]]() {
			names = append(names, strings.Split(f.Tag.Get("json"), ",")[0])
		}
	}
	sort.Strings(names)
	return names
}

// setToggles sets the named on/off settings of a project request (a
// *CreateProjectRequest or *UpdateProjectRequest) to on, by their API
// names; an unknown name is an error that lists the known ones.
func setToggles(req any, names []string, on bool) error {
	v := reflect.ValueOf(req).Elem()
	for _, name := range names {
		name = strings.TrimSpace(name)
		found := false
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if f.Type == reflect.TypeFor[cekura.Opt[bool]]() && strings.Split(f.Tag.Get("json"), ",")[0] == name {
				v.Field(i).Set(reflect.ValueOf(cekura.Some(on)))
				found = true
			}
		}
		if !found {
			return fmt.Errorf("cekura: %q is not a project setting that is on or off; use one of %s", name, strings.Join(projectToggles(), ", "))
		}
	}
	return nil
}

// readSecretFile reads a secret from a file (- for standard input),
// without its trailing newline. Secrets are never taken as flag values,
// which shells keep in their history and ps shows.
func readSecretFile(path string) (cekura.Secret, error) {
	b, err := readInput(path)
	if err != nil {
		return "", fmt.Errorf("cekura: --webhook-secret-file: %w", err)
	}
	s := strings.TrimRight(string(b), "\r\n")
	if s == "" {
		return "", errors.New("cekura: --webhook-secret-file: the file is empty")
	}
	return cekura.Secret(s), nil
}

const toggleHelp = "project settings to turn on, comma-separated, by their API names (notify_pre_run_webhook, notify_result_webhook_failed …)"

func (a *app) projectsCommand() *cobra.Command {
	r := &resource[cekura.Project, cekura.CreateProjectRequest, cekura.UpdateProjectRequest]{
		name: "projects", singular: "project",
		columns: []column[cekura.Project]{
			{"ID", func(x *cekura.Project) string { return id(x.ID) }},
			{"NAME", func(x *cekura.Project) string { return x.Name }},
			{"ORGANIZATION", func(x *cekura.Project) string {
				if x.Organization == nil {
					return ""
				}
				return x.Organization.Name
			}},
			{"WEBHOOK", func(x *cekura.Project) string { return x.WebhookURL }},
			{"SECRET", func(x *cekura.Project) string { return yesNo(x.WebhookSecretConfigured) }},
		},
		list: func(ctx context.Context, c *cekura.Client, _, _ int, f filters) (*cekura.Page[cekura.Project], error) {
			return c.Projects.List(ctx, &cekura.ListProjectsParams{OrganizationID: f.get("organization")})
		},
		get: func(ctx context.Context, c *cekura.Client, n int64) (*cekura.Project, error) {
			return c.Projects.Get(ctx, n)
		},
		create: func(ctx context.Context, c *cekura.Client, req *cekura.CreateProjectRequest) (*cekura.Project, error) {
			return c.Projects.Create(ctx, req)
		},
		update: func(ctx context.Context, c *cekura.Client, n int64, req *cekura.UpdateProjectRequest) (*cekura.Project, error) {
			return c.Projects.Update(ctx, n, req)
		},
		delete: func(ctx context.Context, c *cekura.Client, n int64) error { return c.Projects.Delete(ctx, n) },
		createFlags: func(fs *pflag.FlagSet) func() (*cekura.CreateProjectRequest, error) {
			name := fs.String("name", "", "the project's name")
			org := fs.Int64("organization", 0, "the organization to create it under (default: the API key's)")
			tz := fs.String("timezone", "", "the project's time zone, such as America/New_York")
			hook := fs.String("webhook-url", "", "where Cekura sends the project's events")
			secretFile := fs.String("webhook-secret-file", "", "a file holding the webhook secret (- for standard input)")
			enable := fs.StringSlice("enable", nil, toggleHelp)
			disable := fs.StringSlice("disable", nil, "project settings to turn off, as for --enable")
			return func() (*cekura.CreateProjectRequest, error) {
				req := &cekura.CreateProjectRequest{Name: *name, OrganizationID: *org, Timezone: *tz, WebhookURL: *hook}
				if *secretFile != "" {
					s, err := readSecretFile(*secretFile)
					if err != nil {
						return nil, err
					}
					req.WebhookSecret = s
				}
				if err := setToggles(req, *enable, true); err != nil {
					return nil, err
				}
				return req, setToggles(req, *disable, false)
			}
		},
		updateFlags: func(fs *pflag.FlagSet) func() (*cekura.UpdateProjectRequest, error) {
			name := fs.String("name", "", "a new name")
			tz := fs.String("timezone", "", "a new time zone")
			hook := fs.String("webhook-url", "", `a new webhook URL ("" removes the webhook)`)
			secretFile := fs.String("webhook-secret-file", "", "a file holding a new webhook secret (- for standard input)")
			enable := fs.StringSlice("enable", nil, toggleHelp)
			disable := fs.StringSlice("disable", nil, "project settings to turn off, as for --enable")
			return func() (*cekura.UpdateProjectRequest, error) {
				req := &cekura.UpdateProjectRequest{}
				if *name != "" {
					req.Name = cekura.Some(*name)
				}
				if *tz != "" {
					req.Timezone = cekura.Some(*tz)
				}
				if fs.Changed("webhook-url") {
					req.WebhookURL = cekura.Some(*hook)
				}
				if *secretFile != "" {
					s, err := readSecretFile(*secretFile)
					if err != nil {
						return nil, err
					}
					req.WebhookSecret = cekura.Some(s)
				}
				if err := setToggles(req, *enable, true); err != nil {
					return nil, err
				}
				return req, setToggles(req, *disable, false)
			}
		},
		filterNames: []string{"organization"},
		examples: map[string]string{
			"root": "  cekura projects list\n  cekura projects update 12 --enable notify_pre_run_webhook",
			"list": "  cekura projects list --format json",
			"get":  "  cekura projects get 12 --format yaml",
			"create": "  cekura projects create --name Support --webhook-url https://hooks.acme.example/cekura --webhook-secret-file secret.txt\n" +
				"  cekura projects create --name Support --webhook-url https://hooks.acme.example/cekura --disable notify_call_log_webhook_success\n" +
				"  cekura projects create -f project.yaml",
			"update": "  cekura projects update 12 --enable notify_pre_run_webhook,notify_result_webhook_error\n" +
				"  cekura projects update 12 --webhook-url \"\"   # remove the webhook",
			"delete": "  cekura projects delete 12",
		},
	}
	cmd := r.command(a)
	cmd.Long = "A project scopes agents, evaluators, metrics and results, and holds their\n" +
		"settings: the webhook Cekura calls (for agents without a webhook_url of their\n" +
		"own), which events it is called for, notifications and limits.\n\n" +
		"The settings --enable and --disable take: " + strings.Join(projectToggles(), ", ") + "."
	cmd.AddCommand(a.projectPersonalitiesCommand(true), a.projectPersonalitiesCommand(false))
	cmd.AddCommand(a.idAction("test-webhook ID", "Send mock data to a project's webhook",
		"test-webhook asks Cekura to send mock webhook data to the project's webhook URL,\nwith its secret: a check that the receiver is reachable and accepts it.",
		"  cekura projects test-webhook 12", "asked Cekura to send mock data to project %d's webhook",
		func(ctx context.Context, c *cekura.Client, n int64) error { return c.Projects.TestWebhook(ctx, n) }))
	return cmd
}

// projectPersonalitiesCommand is enable-personalities (enable) or
// disable-personalities.
func (a *app) projectPersonalitiesCommand(enable bool) *cobra.Command {
	verb, past := "enable", "enabled"
	if !enable {
		verb, past = "disable", "disabled"
	}
	var ids []int64
	var all bool
	var lang string
	c := &cobra.Command{
		Use: verb + "-personalities ID", Short: strings.ToUpper(verb[:1]) + verb[1:] + " personalities for a project's tests",
		Example: "  cekura projects " + verb + "-personalities 12 --personalities 1,2\n  cekura projects " + verb + "-personalities 12 --all --language en",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withID(cmd, args, func(ctx context.Context, c *cekura.Client, n int64) error {
				req := &cekura.PersonalitiesRequest{PersonalityIDs: ids, All: all, Language: cekura.Language(lang)}
				do := c.Projects.EnablePersonalities
				if !enable {
					do = c.Projects.DisablePersonalities
				}
				change, err := do(ctx, n, req)
				if err != nil {
					return err
				}
				if change.Message != "" {
					fmt.Fprintln(a.errOut, change.Message)
				} else {
					fmt.Fprintf(a.errOut, "%s personalities for project %d\n", past, n)
				}
				if len(change.Personalities) > 0 {
					return printItems(a, []column[cekura.Personality]{
						{"ID", func(x *cekura.Personality) string { return id(x.ID) }},
						{"NAME", func(x *cekura.Personality) string { return x.Name }},
						{"LANGUAGE", func(x *cekura.Personality) string { return string(x.Language) }},
						{"ENABLED", func(x *cekura.Personality) string { return yesNo(x.Enabled) }},
					}, change.Personalities, true)
				}
				return nil
			})
		},
	}
	c.Flags().Int64SliceVar(&ids, "personalities", nil, "personality ids, comma-separated")
	c.Flags().BoolVar(&all, "all", false, "every personality (of --language, when given) instead")
	c.Flags().StringVar(&lang, "language", "", "with --all: only the personalities of this language, such as en")
	return c
}

func (a *app) organizationsCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "organizations", Short: "List your organizations", Example: "  cekura organizations list",
		Args: cobra.ArbitraryArgs, RunE: groupRun}
	var page, size int
	var search string
	list := &cobra.Command{
		Use: "list", Short: "List the organizations the API key belongs to", Args: cobra.NoArgs,
		Example: "  cekura organizations list\n  cekura organizations list --search acme --format json",
		RunE: func(cmd *cobra.Command, _ []string) error {
			client, err := a.clientFor()
			if err != nil {
				return err
			}
			ctx, cancel := a.withTimeout(cmd)
			defer cancel()
			p, err := client.Organizations.List(ctx, &cekura.ListOrganizationsParams{Page: page, PageSize: size, Search: search})
			if err != nil {
				return err
			}
			return printItems(a, []column[cekura.Organization]{
				{"ID", func(x *cekura.Organization) string { return id(x.ID) }},
				{"NAME", func(x *cekura.Organization) string { return x.Name }},
				{"TEAM", func(x *cekura.Organization) string { return string(x.TeamSize) }},
				{"PROJECTS", func(x *cekura.Organization) string { return strconv.Itoa(len(x.Projects)) }},
				{"MEMBERS", func(x *cekura.Organization) string { return strconv.Itoa(len(x.Members)) }},
			}, p.Results, true)
		},
	}
	list.Flags().IntVar(&page, "page", 0, "page number (default 1)")
	list.Flags().IntVar(&size, "page-size", 0, "items per page (default: the API's)")
	list.Flags().StringVar(&search, "search", "", "only the organizations matching this term")
	cmd.AddCommand(list)
	return cmd
}

func (a *app) apiKeysCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "api-keys", Short: "Create API keys", Example: "  cekura api-keys create --name ci --project 12 --show-key",
		Args: cobra.ArbitraryArgs, RunE: groupRun}
	var name string
	var project int64
	var show bool
	create := &cobra.Command{
		Use: "create", Short: "Create a project-level API key and print it once", Args: cobra.NoArgs,
		Long: `create makes a project-level API key (with an API key, the API creates no
other kind). The API shows the new key once, in its answer: --show-key is
required, and prints it to standard output, once. Nothing else prints it,
and the command never logs it. Keep it somewhere safe at once.`,
		Example: "  cekura api-keys create --name ci --project 12 --show-key\n" +
			"  cekura api-keys create --name ci --project 12 --show-key --format json > key.json",
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !show {
				return errors.New("cekura: api-keys create: the API shows a new key only once, in its answer: pass --show-key to have it printed (nothing was created)")
			}
			client, err := a.clientFor()
			if err != nil {
				return err
			}
			ctx, cancel := a.withTimeout(cmd)
			defer cancel()
			key, err := client.APIKeys.Create(ctx, &cekura.CreateAPIKeyRequest{Name: name, ProjectID: project})
			if err != nil {
				if cekura.MaybeApplied(err) {
					return fmt.Errorf("%w (the key may have been created; it was not created twice)", err)
				}
				return err
			}
			fmt.Fprintln(a.errOut, "Keep the key now: the API never shows it again.")
			return printItems(a, []column[cekura.APIKey]{
				{"ID", func(x *cekura.APIKey) string { return id(x.ID) }},
				{"NAME", func(x *cekura.APIKey) string { return x.Name }},
				{"PROJECT", func(x *cekura.APIKey) string { return x.ProjectName }},
				{"KEY", func(x *cekura.APIKey) string { return x.Key.Reveal() }},
			}, []*cekura.APIKey{key}, false)
		},
	}
	create.Flags().StringVar(&name, "name", "", "the key's name")
	create.Flags().Int64Var(&project, "project", 0, "the project the key is scoped to (required)")
	create.Flags().BoolVar(&show, "show-key", false, "print the new key (required: the API shows it only once)")
	cmd.AddCommand(create)
	return cmd
}

// parseSince reads a time as RFC 3339, or as a duration back from now
// (24h, 90m).
func parseSince(flag, v string, now time.Time) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, nil
	}
	if d, err := time.ParseDuration(v); err == nil && d >= 0 {
		return now.Add(-d), nil
	}
	return time.Time{}, fmt.Errorf("cekura: --%s %q: want a time such as 2026-08-01T00:00:00Z, or a duration back from now such as 24h", flag, v)
}

func (a *app) auditLogsCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "audit-logs", Short: "List an organization's audit logs",
		Example: "  cekura audit-logs list --organization 37", Args: cobra.ArbitraryArgs, RunE: groupRun}
	var p cekura.ListAuditLogsParams
	var since, until, action, operation string
	list := &cobra.Command{
		Use: "list", Short: "List who changed what, newest first", Args: cobra.NoArgs,
		Long: "list shows an organization's audit logs, newest first: the last week unless\n--since and --until say otherwise (at most 30 days).",
		Example: "  cekura audit-logs list --organization 37 --since 24h\n" +
			"  cekura audit-logs list --organization 37 --object-type aiagent --operation-type delete --format json",
		RunE: func(cmd *cobra.Command, _ []string) error {
			now := time.Now()
			var err error
			if p.Since, err = parseSince("since", since, now); err != nil {
				return err
			}
			if p.Until, err = parseSince("until", until, now); err != nil {
				return err
			}
			p.ActionType, p.OperationType = cekura.AuditActionType(action), cekura.AuditOperationType(operation)
			client, err := a.clientFor()
			if err != nil {
				return err
			}
			ctx, cancel := a.withTimeout(cmd)
			defer cancel()
			page, err := client.AuditLogs.List(ctx, &p)
			if err != nil {
				return err
			}
			return printItems(a, []column[cekura.AuditLog]{
				{"ID", func(x *cekura.AuditLog) string { return id(x.ID) }},
				{"TIME", func(x *cekura.AuditLog) string { return x.Timestamp.UTC().Format(time.RFC3339) }},
				{"BY", func(x *cekura.AuditLog) string {
					if x.UserEmail != "" {
						return x.UserEmail
					}
					if x.APIKeyName != "" {
						return "key " + x.APIKeyName
					}
					return ""
				}},
				{"OPERATION", func(x *cekura.AuditLog) string { return string(x.OperationType) }},
				{"OBJECT", func(x *cekura.AuditLog) string {
					if x.ObjectID == 0 {
						return x.ObjectType
					}
					return x.ObjectType + " " + id(x.ObjectID)
				}},
				{"PROJECT", func(x *cekura.AuditLog) string { return x.ProjectName }},
			}, page.Results, true)
		},
	}
	fs := list.Flags()
	fs.Int64Var(&p.OrganizationID, "organization", 0, "the organization whose logs to list (required)")
	fs.IntVar(&p.Page, "page", 0, "page number (default 1)")
	fs.IntVar(&p.PageSize, "page-size", 0, "items per page (default: the API's)")
	fs.StringVar(&since, "since", "", "from this time (RFC 3339), or this long ago (24h)")
	fs.StringVar(&until, "until", "", "up to this time (RFC 3339), or this long ago")
	fs.Int64Var(&p.ProjectID, "project", 0, "only this project's logs")
	fs.StringVar(&p.UserEmail, "user-email", "", "only what this user did")
	fs.StringVar(&p.ObjectType, "object-type", "", "only this kind of object: aiagent, metric, scenario, api_key …")
	fs.Int64Var(&p.ObjectID, "object-id", 0, "only this object (with --object-type)")
	fs.StringVar(&action, "action-type", "", "object, run_scenarios, run_scenarios_text, generate_scenarios or observability")
	fs.StringVar(&operation, "operation-type", "", "create, update or delete")
	cmd.AddCommand(list)
	return cmd
}

func (a *app) billingCommand() *cobra.Command {
	cmd := &cobra.Command{Use: "billing", Short: "Read your organization's credits and payments",
		Example: "  cekura billing info\n  cekura billing payments --organization 37", Args: cobra.ArbitraryArgs, RunE: groupRun}
	var infoOrg, payOrg int64
	info := &cobra.Command{
		Use: "info", Short: "Show credits, balance expiry and subscription", Args: cobra.NoArgs,
		Long:    "info shows the organization's credits and subscription. It needs an\norganization-level API key: the API refuses project-scoped ones (403).",
		Example: "  cekura billing info\n  cekura billing info --format json",
		RunE: func(cmd *cobra.Command, _ []string) error {
			client, err := a.clientFor()
			if err != nil {
				return err
			}
			ctx, cancel := a.withTimeout(cmd)
			defer cancel()
			var params *cekura.BillingInfoParams
			if infoOrg != 0 {
				params = &cekura.BillingInfoParams{OrganizationID: infoOrg}
			}
			b, err := client.Billing.GetInfo(ctx, params)
			if err != nil {
				return err
			}
			sub := func(x *cekura.BillingInfo) *cekura.SubscriptionStatus {
				if x.SubscriptionStatus == nil {
					return &cekura.SubscriptionStatus{}
				}
				return x.SubscriptionStatus
			}
			return printItems(a, []column[cekura.BillingInfo]{
				{"ORGANIZATION", func(x *cekura.BillingInfo) string { return id(x.OrganizationID) }},
				{"CREDITS LEFT", func(x *cekura.BillingInfo) string { return x.CreditsRemaining }},
				{"USED THIS CYCLE", func(x *cekura.BillingInfo) string { return x.CreditsUsed }},
				{"EXPIRES", func(x *cekura.BillingInfo) string {
					if x.BalanceExpiry.IsZero() {
						return "never"
					}
					return x.BalanceExpiry.UTC().Format(time.DateOnly)
				}},
				{"SUBSCRIPTION", func(x *cekura.BillingInfo) string { return string(sub(x).Status) }},
				{"PACK", func(x *cekura.BillingInfo) string { return sub(x).PackName }},
			}, []*cekura.BillingInfo{b}, false)
		},
	}
	info.Flags().Int64Var(&infoOrg, "organization", 0, "the organization (default: the API key's)")
	payments := &cobra.Command{
		Use: "payments", Short: "List an organization's payments", Args: cobra.NoArgs,
		Example: "  cekura billing payments --organization 37\n  cekura billing payments --organization 37 --format yaml",
		RunE: func(cmd *cobra.Command, _ []string) error {
			client, err := a.clientFor()
			if err != nil {
				return err
			}
			ctx, cancel := a.withTimeout(cmd)
			defer cancel()
			p, err := client.Billing.ListPayments(ctx, &cekura.ListPaymentsParams{OrganizationID: payOrg})
			if err != nil {
				return err
			}
			return printItems(a, []column[cekura.Payment]{
				{"ID", func(x *cekura.Payment) string { return id(x.ID) }},
				{"DATE", func(x *cekura.Payment) string { return x.CreatedAt.UTC().Format(time.DateOnly) }},
				{"AMOUNT", func(x *cekura.Payment) string { return strings.TrimSpace(x.Amount + " " + x.Currency) }},
				{"TYPE", func(x *cekura.Payment) string { return string(x.PaymentType) }},
				{"DESCRIPTION", func(x *cekura.Payment) string { return x.Description }},
			}, p.Results, true)
		},
	}
	payments.Flags().Int64Var(&payOrg, "organization", 0, "the organization whose payments to list (required)")
	cmd.AddCommand(info, payments)
	return cmd
}
