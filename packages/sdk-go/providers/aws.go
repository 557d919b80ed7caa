package providers

import (
	"context"
	"net"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	smtypes "github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"

	"github.com/locksmith-dev/locksmith/packages/sdk-go/secreterr"
)

// AWSMaxBatchSize is how many secrets one BatchGetSecretValue call may name.
const AWSMaxBatchSize = 20

// AWSOptions configures the AWS Secrets Manager provider. Region, credentials and endpoint
// default to the SDK's own chain (AWS_REGION, AWS_ENDPOINT_URL_SECRETS_MANAGER, profiles, IMDS…).
type AWSOptions struct {
	Region string
	// Endpoint overrides the service endpoint (tests, LocalStack, VPC endpoints).
	Endpoint string
	// Credentials overrides the SDK's credential chain.
	Credentials aws.CredentialsProvider
	// Client is a client you built yourself; then the fields above are ignored. Build it with
	// retries off (aws.NopRetryer) or its retries multiply the runtime's.
	Client *secretsmanager.Client
	// ConnectTimeout and RequestTimeout bound one HTTP request (defaults 2 s and 5 s).
	ConnectTimeout time.Duration
	RequestTimeout time.Duration
}

// AWS reads AWS Secrets Manager: current values of several secrets with BatchGetSecretValue
// (20 a call), one secret or another stage with GetSecretValue. The SDK client is built with
// aws.NopRetryer: the runtime owns retries (backoff, jitter, breaker), and the SDK's standard
// retryer would otherwise multiply them (3 × 3 = 9 requests a call).
type AWS struct {
	client     *secretsmanager.Client
	mu         sync.Mutex
	transports []*http.Transport
	once       sync.Once
}

var awsStages = map[Stage]string{Current: "AWSCURRENT", Previous: "AWSPREVIOUS", Pending: "AWSPENDING"}

// NewAWS builds the provider. It loads the SDK's default configuration (environment, shared
// files) but makes no request.
func NewAWS(ctx context.Context, opts AWSOptions) (*AWS, error) {
	if opts.Client != nil {
		return &AWS{client: opts.Client}, nil
	}
	connect, request := opts.ConnectTimeout, opts.RequestTimeout
	if connect == 0 {
		connect = 2 * time.Second
	}
	if request == 0 {
		request = 5 * time.Second
	}
	p := &AWS{}
	// The SDK's buildable client, so AWS_CA_BUNDLE and other SDK settings still apply; every
	// transport it builds is remembered to close its idle connections (they hold goroutines).
	httpClient := awshttp.NewBuildableClient().WithTimeout(request).
		WithDialerOptions(func(d *net.Dialer) { d.Timeout = connect }).
		WithTransportOptions(func(t *http.Transport) {
			t.ResponseHeaderTimeout = request
			p.mu.Lock()
			p.transports = append(p.transports, t)
			p.mu.Unlock()
		})
	loaders := []func(*config.LoadOptions) error{
		config.WithRetryer(func() aws.Retryer { return aws.NopRetryer{} }),
		config.WithHTTPClient(httpClient),
	}
	if opts.Region != "" && os.Getenv("AWS_REGION") == "" {
		loaders = append(loaders, config.WithRegion(opts.Region))
	} else if opts.Region != "" {
		loaders = append(loaders, config.WithDefaultRegion(opts.Region))
	}
	if opts.Credentials != nil {
		loaders = append(loaders, config.WithCredentialsProvider(opts.Credentials))
	}
	cfg, err := config.LoadDefaultConfig(ctx, loaders...)
	if err != nil {
		return nil, secreterr.New(secreterr.Configuration, "aws: the SDK configuration could not be loaded (check AWS_* variables and shared config files)")
	}
	client := secretsmanager.NewFromConfig(cfg, func(o *secretsmanager.Options) {
		if opts.Endpoint != "" {
			o.BaseEndpoint = aws.String(opts.Endpoint)
		}
		o.Retryer = aws.NopRetryer{}
	})
	p.client = client
	return p, nil
}

// StaticCredentials is a credentials provider for fixed keys (tests and the fakes).
func StaticCredentials(accessKeyID, secretAccessKey, sessionToken string) aws.CredentialsProvider {
	return credentials.NewStaticCredentialsProvider(accessKeyID, secretAccessKey, sessionToken)
}

// Name is "aws".
func (*AWS) Name() string { return "aws" }

// MaxBatchSize is 20, BatchGetSecretValue's limit.
func (*AWS) MaxBatchSize() int { return AWSMaxBatchSize }

// Close releases idle connections of a client the provider built.
func (p *AWS) Close() error {
	p.once.Do(func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		for _, t := range p.transports {
			t.CloseIdleConnections()
		}
	})
	return nil
}

// String names the provider only: the client holds credentials.
func (p *AWS) String() string { return "providers.AWS{}" }

// GoString names the provider only.
func (p *AWS) GoString() string { return p.String() }

// Fetch answers every request in one attempt: one batch call for two or more current values,
// GetSecretValue for the rest.
func (p *AWS) Fetch(ctx context.Context, requests []Request) []Result {
	if ctx.Err() != nil {
		return failContext(ctx, requests)
	}
	results := make([]Result, len(requests))
	var current []int
	for i, r := range requests {
		if r.Stage == Current {
			current = append(current, i)
		}
	}
	single := make([]int, 0, len(requests))
	if len(current) >= 2 {
		batch := make([]Request, len(current))
		for j, i := range current {
			batch[j] = requests[i]
		}
		answers, err := p.getBatch(ctx, batch)
		switch {
		case err == nil:
			for j, i := range current {
				results[i] = answers[j]
			}
		case err.Code == secreterr.AccessDenied:
			// A policy that grants GetSecretValue but not BatchGetSecretValue still works, one call a secret.
			single = append(single, current...)
		default:
			for _, i := range current {
				results[i] = Fail(err.ForSecret(requests[i].Secret.Name))
			}
		}
		for i, r := range requests {
			if r.Stage != Current {
				single = append(single, i)
			}
		}
	} else {
		for i := range requests {
			single = append(single, i)
		}
	}
	var wg sync.WaitGroup
	for _, i := range single {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			results[i] = p.getOne(ctx, requests[i])
		}(i)
	}
	wg.Wait()
	return results
}

func (p *AWS) getOne(ctx context.Context, r Request) Result {
	secret := r.Secret.Name
	out, err := p.client.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{
		SecretId:     aws.String(r.Placement.Path),
		VersionStage: aws.String(awsStages[r.Stage]),
	})
	if err != nil {
		return Fail(fromAWSError(ctx, err, secret))
	}
	return awsVersion(out.VersionId, out.SecretString, out.SecretBinary, out.CreatedDate, secret)
}

func (p *AWS) getBatch(ctx context.Context, requests []Request) ([]Result, *secreterr.Error) {
	ids := make([]string, 0, len(requests))
	seen := map[string]bool{}
	for _, r := range requests {
		if !seen[r.Placement.Path] {
			seen[r.Placement.Path] = true
			ids = append(ids, r.Placement.Path)
		}
	}
	byID := map[string]Result{}
	var next *string
	for {
		out, err := p.client.BatchGetSecretValue(ctx, &secretsmanager.BatchGetSecretValueInput{SecretIdList: ids, NextToken: next})
		if err != nil {
			return nil, fromAWSError(ctx, err, "")
		}
		for _, entry := range out.SecretValues {
			result := awsVersion(entry.VersionId, entry.SecretString, entry.SecretBinary, entry.CreatedDate, "")
			for _, id := range []*string{entry.Name, entry.ARN} {
				if id != nil {
					byID[*id] = result
				}
			}
		}
		for _, e := range out.Errors {
			if e.SecretId == nil {
				continue
			}
			byID[*e.SecretId] = Fail(batchEntryError(e))
		}
		if out.NextToken == nil || *out.NextToken == "" {
			break
		}
		next = out.NextToken
	}
	results := make([]Result, len(requests))
	for i, r := range requests {
		result, ok := byID[r.Placement.Path]
		switch {
		case !ok:
			results[i] = Fail(&secreterr.Error{Code: secreterr.MalformedResponse, Secret: r.Secret.Name, Provider: "aws",
				Message: "aws: batch response omitted secret " + quote(r.Secret.Name)})
		case result.Err != nil:
			results[i] = Fail(result.Err.ForSecret(r.Secret.Name))
		default:
			results[i] = result
		}
	}
	return results, nil
}

func batchEntryError(e smtypes.APIErrorType) *secreterr.Error {
	name := aws.ToString(e.ErrorCode)
	label := name
	if label == "" {
		label = "unknown"
	}
	return &secreterr.Error{Code: AWSErrorCode(name, aws.ToString(e.Message), 0), Provider: "aws",
		Message: "aws: batch entry failed: " + label}
}

func awsVersion(id, text *string, binary []byte, created *time.Time, secret string) Result {
	if id == nil || *id == "" {
		return Fail(&secreterr.Error{Code: secreterr.MalformedResponse, Secret: secret, Provider: "aws", Message: "aws: response has no VersionId"})
	}
	v := &Version{ID: *id}
	if created != nil {
		v.CreatedAt = *created
	}
	switch {
	case text != nil:
		v.Value = RawValue{Kind: Text, Text: *text}
	case binary != nil:
		v.Value = RawValue{Kind: Binary, Bytes: binary}
	default:
		return Fail(&secreterr.Error{Code: secreterr.MalformedResponse, Secret: secret, Provider: "aws",
			Message: "aws: response has neither SecretString nor SecretBinary"})
	}
	return Ok(v)
}
