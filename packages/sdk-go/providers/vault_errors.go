package providers

import (
	"context"
	"errors"
	"net"
	"strconv"

	vault "github.com/hashicorp/vault/api"

	"github.com/locksmith-dev/locksmith/packages/sdk-go/secreterr"
)

// vaultStatus is the HTTP status of a vault/api ResponseError, or 0.
func vaultStatus(err error) int {
	var resp *vault.ResponseError
	if errors.As(err, &resp) {
		return resp.StatusCode
	}
	return 0
}

// vaultCodeForStatus maps an HTTP status: 429 is a rate-limit quota (THROTTLED), 503 sealed or
// in maintenance, 473 a performance standby, 412 a replica not yet caught up.
func vaultCodeForStatus(status int) secreterr.Code {
	switch {
	case status == 404:
		return secreterr.NotFound
	case status == 401 || status == 403:
		return secreterr.AccessDenied
	case status == 429:
		return secreterr.Throttled
	case status == 412 || status == 473 || status >= 500:
		return secreterr.Unavailable
	}
	return secreterr.InvalidRequest
}

// fromVaultError converts a vault/api error into an *Error and drops it: a ResponseError can
// hold the raw body and the request URL.
func fromVaultError(ctx context.Context, err error, secret string) *secreterr.Error {
	var own *secreterr.Error
	if errors.As(err, &own) {
		if secret != "" {
			return own.ForSecret(secret)
		}
		return own
	}
	if ctx.Err() != nil {
		return withProvider(ContextError(ctx, secret), "vault")
	}
	what := "request"
	if secret != "" {
		what = "secret " + quote(secret)
	}
	if status := vaultStatus(err); status != 0 {
		return &secreterr.Error{Code: vaultCodeForStatus(status), Secret: secret, Provider: "vault",
			Message: "vault: " + what + " failed: HTTP " + strconv.Itoa(status)}
	}
	code, label := secreterr.MalformedResponse, "unexpected response"
	var netErr net.Error
	var opErr *net.OpError
	switch {
	case errors.As(err, &netErr) && netErr.Timeout():
		code, label = secreterr.Timeout, "request timed out"
	case errors.As(err, &opErr):
		code, label = secreterr.Network, "connection failed"
	default:
		if c, l := classifyAWS(err); c == secreterr.Network {
			code, label = c, l
		}
	}
	return &secreterr.Error{Code: code, Secret: secret, Provider: "vault", Message: "vault: " + what + " failed: " + label}
}
