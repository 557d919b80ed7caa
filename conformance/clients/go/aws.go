package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/smithy-go"
)

type awsOp func(ctx context.Context, input []byte) (any, error)

// call turns a typed client method into an op that takes the scenario's JSON input: the
// scenario uses the API's member names, which are the input structs' field names.
func call[I any, O any](method func(context.Context, *I, ...func(*secretsmanager.Options)) (*O, error)) awsOp {
	return func(ctx context.Context, raw []byte) (any, error) {
		var in I
		if err := json.Unmarshal(raw, &in); err != nil {
			return nil, fmt.Errorf("input: %w", err)
		}
		return method(ctx, &in)
	}
}

func runAWS(ctx context.Context, c map[string]any, steps []step) ([]outcome, error) {
	client := secretsmanager.New(secretsmanager.Options{
		Region:           c["region"].(string),
		BaseEndpoint:     aws.String(c["endpoint"].(string)),
		Credentials:      credentials.NewStaticCredentialsProvider(c["accessKeyId"].(string), c["secretAccessKey"].(string), ""),
		RetryMaxAttempts: 1,
	})
	ops := map[string]awsOp{
		"BatchGetSecretValue":      call(client.BatchGetSecretValue),
		"CreateSecret":             call(client.CreateSecret),
		"DeleteSecret":             call(client.DeleteSecret),
		"DescribeSecret":           call(client.DescribeSecret),
		"GetRandomPassword":        call(client.GetRandomPassword),
		"GetSecretValue":           call(client.GetSecretValue),
		"ListSecretVersionIds":     call(client.ListSecretVersionIds),
		"ListSecrets":              call(client.ListSecrets),
		"PutSecretValue":           call(client.PutSecretValue),
		"RestoreSecret":            call(client.RestoreSecret),
		"TagResource":              call(client.TagResource),
		"UntagResource":            call(client.UntagResource),
		"UpdateSecretVersionStage": call(client.UpdateSecretVersionStage),
	}
	prefix := c["prefix"].(string)
	captured := map[string]string{}
	var out []outcome
	for _, s := range steps {
		op, ok := ops[s.Op]
		if !ok {
			return nil, fmt.Errorf("step %q: no operation %s in this runner", s.ID, s.Op)
		}
		result, err := op(ctx, []byte(fill(string(s.Input), prefix, captured)))
		if err != nil {
			var apiErr smithy.APIError
			var respErr *awshttp.ResponseError
			if !errors.As(err, &apiErr) {
				return nil, fmt.Errorf("step %q: %w", s.ID, err)
			}
			status := 0
			if errors.As(err, &respErr) {
				status = respErr.HTTPStatusCode()
			}
			out = append(out, outcome{ID: s.ID, Error: map[string]any{"code": apiErr.ErrorCode(), "status": status}})
			continue
		}
		plain, err := plainJSON(result)
		if err != nil {
			return nil, err
		}
		for name, field := range s.Capture {
			if v, ok := plain[field].(string); ok {
				captured[name] = v
			}
		}
		out = append(out, outcome{ID: s.ID, OK: plain})
	}
	return out, nil
}

// plainJSON renders an output struct with the API's member names (nil members dropped) and
// without the SDK's ResultMetadata.
func plainJSON(v any) (map[string]any, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, err
	}
	delete(m, "ResultMetadata")
	for k, value := range m {
		if value == nil {
			delete(m, k)
		}
	}
	return m, nil
}
