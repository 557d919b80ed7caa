package providers

import (
	"context"
	"errors"
	"io"
	"net"
	"regexp"
	"strings"
	"syscall"

	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/locksmith-dev/locksmith/packages/sdk-go/secreterr"
)

var awsByException = map[string]secreterr.Code{
	"ResourceNotFoundException":   secreterr.NotFound,
	"AccessDeniedException":       secreterr.AccessDenied,
	"UnrecognizedClientException": secreterr.AccessDenied,
	"InvalidSignatureException":   secreterr.AccessDenied,
	"ExpiredTokenException":       secreterr.AuthFailed,
	"DecryptionFailure":           secreterr.DecryptionFailed,
	"InvalidParameterException":   secreterr.InvalidRequest,
	"InvalidNextTokenException":   secreterr.InvalidRequest,
	"ValidationException":         secreterr.InvalidRequest,
	"ThrottlingException":         secreterr.Throttled,
	"TooManyRequestsException":    secreterr.Throttled,
	"RequestLimitExceeded":        secreterr.Throttled,
	"InternalServiceError":        secreterr.Unavailable,
	"InternalFailure":             secreterr.Unavailable,
	"ServiceUnavailable":          secreterr.Unavailable,
	"RequestTimeout":              secreterr.Timeout,
}

var markedForDeletion = regexp.MustCompile(`(?i)marked for deletion`)

// AWSErrorCode maps an exception name (or a BatchGetSecretValue entry's ErrorCode) and HTTP
// status to a stable code. The AWS message is looked at only to tell "marked for deletion"
// apart and is never copied.
func AWSErrorCode(name, message string, status int) secreterr.Code {
	if name == "InvalidRequestException" {
		if markedForDeletion.MatchString(message) {
			return secreterr.MarkedForDeletion
		}
		return secreterr.InvalidRequest
	}
	if code, ok := awsByException[name]; ok {
		return code
	}
	switch {
	case status >= 500:
		return secreterr.Unavailable
	case status == 429:
		return secreterr.Throttled
	case status >= 400:
		return secreterr.InvalidRequest
	}
	return secreterr.MalformedResponse
}

// fromAWSError converts whatever the SDK returned into an *Error without keeping it (SDK errors
// can hold request and response bodies).
func fromAWSError(ctx context.Context, err error, secret string) *secreterr.Error {
	if ctx.Err() != nil {
		return withProvider(ContextError(ctx, secret), "aws")
	}
	what := "request"
	if secret != "" {
		what = "secret " + quote(secret)
	}
	code, label := classifyAWS(err)
	return &secreterr.Error{Code: code, Secret: secret, Provider: "aws", Message: "aws: " + what + " failed: " + label}
}

func classifyAWS(err error) (secreterr.Code, string) {
	status := 0
	var respErr *smithyhttp.ResponseError
	if errors.As(err, &respErr) {
		status = respErr.HTTPStatusCode()
	}
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		label := apiErr.ErrorCode()
		if status != 0 {
			label += " (HTTP " + itoa3(status) + ")"
		}
		return AWSErrorCode(apiErr.ErrorCode(), apiErr.ErrorMessage(), status), label
	}
	var deser *smithy.DeserializationError
	if errors.As(err, &deser) {
		return secreterr.MalformedResponse, "response could not be decoded"
	}
	var netErr net.Error
	if errors.As(err, &netErr) && netErr.Timeout() {
		return secreterr.Timeout, "request timed out"
	}
	if errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return secreterr.Network, "connection failed"
	}
	var opErr *net.OpError
	var dnsErr *net.DNSError
	if errors.As(err, &opErr) || errors.As(err, &dnsErr) {
		return secreterr.Network, "connection failed"
	}
	if status != 0 {
		return AWSErrorCode("", "", status), "HTTP " + itoa3(status)
	}
	// The credential chain's failures are wrapped text; the text is ours, not the store's.
	if strings.Contains(err.Error(), "credentials") {
		return secreterr.AuthFailed, "no usable AWS credentials"
	}
	return secreterr.MalformedResponse, "unexpected response"
}

func itoa3(n int) string {
	b := []byte{byte('0' + n/100%10), byte('0' + n/10%10), byte('0' + n%10)}
	return string(b)
}

// withProvider is a copy of e naming the provider (e may be shared by other requests).
func withProvider(e *secreterr.Error, provider string) *secreterr.Error {
	out := *e
	out.Provider = provider
	return &out
}
