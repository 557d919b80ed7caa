package eso

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"sync"
	"time"

	authv1 "k8s.io/api/authentication/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
)

var codecs = serializer.NewCodecFactory(clientgoscheme.Scheme)

var tokenPath = regexp.MustCompile(`^/api/v1/namespaces/([^/]+)/serviceaccounts/([^/]+)/token$`)

// FakeKubeAPI answers the one Kubernetes call ESO's providers make outside controller-runtime:
// the TokenRequest that mints a service-account token (for IRSA and Vault Kubernetes auth). Both
// providers build their clientset from ctrl.GetConfig(), so a kubeconfig pointing here is the
// only way in that leaves their code as it is. Tokens are unsigned JWTs, which the fakes read.
type FakeKubeAPI struct {
	server *httptest.Server
	mu     sync.Mutex
	issued []string
}

// StartFakeKubeAPI starts the server and writes a kubeconfig for it; set KUBECONFIG to the path.
func StartFakeKubeAPI(dir string) (*FakeKubeAPI, string, error) {
	api := &FakeKubeAPI{}
	api.server = httptest.NewServer(http.HandlerFunc(api.serve))
	kubeconfig := filepath.Join(dir, "kubeconfig")
	content := fmt.Sprintf(`apiVersion: v1
kind: Config
clusters: [{name: fake, cluster: {server: %q}}]
users: [{name: fake, user: {token: fake-admin}}]
contexts: [{name: fake, context: {cluster: fake, user: fake}}]
current-context: fake
`, api.server.URL)
	if err := os.WriteFile(kubeconfig, []byte(content), 0o600); err != nil {
		api.server.Close()
		return nil, "", err
	}
	return api, kubeconfig, nil
}

// Close stops the server.
func (api *FakeKubeAPI) Close() { api.server.Close() }

// Issued lists `namespace/name` of every service account a token was minted for.
func (api *FakeKubeAPI) Issued() []string {
	api.mu.Lock()
	defer api.mu.Unlock()
	return append([]string(nil), api.issued...)
}

func (api *FakeKubeAPI) serve(w http.ResponseWriter, r *http.Request) {
	m := tokenPath.FindStringSubmatch(r.URL.Path)
	if m == nil || r.Method != http.MethodPost {
		http.Error(w, `{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound","code":404}`, http.StatusNotFound)
		return
	}
	// client-go sends protobuf or JSON; the scheme's universal deserializer reads either.
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	var req authv1.TokenRequest
	if _, _, err := codecs.UniversalDeserializer().Decode(body, nil, &req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	namespace, name := m[1], m[2]
	expires := time.Now().Add(time.Hour)
	claims := map[string]any{
		"iss":           "https://kubernetes.default.svc",
		"sub":           fmt.Sprintf("system:serviceaccount:%s:%s", namespace, name),
		"aud":           req.Spec.Audiences,
		"iat":           time.Now().Unix(),
		"exp":           expires.Unix(),
		"kubernetes.io": map[string]any{"namespace": namespace, "serviceaccount": map[string]any{"name": name, "uid": "00000000-0000-4000-8000-000000000000"}},
	}
	payload, _ := json.Marshal(claims)
	token := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`)) + "." +
		base64.RawURLEncoding.EncodeToString(payload) + "."
	api.mu.Lock()
	api.issued = append(api.issued, namespace+"/"+name)
	api.mu.Unlock()
	req.TypeMeta = metav1.TypeMeta{APIVersion: "authentication.k8s.io/v1", Kind: "TokenRequest"}
	req.Status = authv1.TokenRequestStatus{Token: token, ExpirationTimestamp: metav1.NewTime(expires)}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusCreated)
	_ = json.NewEncoder(w).Encode(&req)
}
