package providers

import (
	"context"
	"errors"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/fsnotify/fsnotify"

	"github.com/locksmith-dev/locksmith/packages/sdk-go/secreterr"
)

// DataLink is the kubelet's atomic-writer link: `..data` points at a timestamped directory
// holding the files, and an update swaps the link.
const DataLink = "..data"

// DefaultFilesRoot is where mounted secret directories are looked for by default.
const DefaultFilesRoot = "/var/run/secrets/locksmith"

// FilesOptions configures the mounted-files provider.
type FilesOptions struct {
	// Root holds one directory per mounted Kubernetes Secret.
	Root string
	// DirectoryOf maps a secret name to its directory under Root (default: the name itself).
	DirectoryOf func(secret string) string
}

// Files reads Kubernetes Secrets mounted as volumes: <root>/<secret>/<ENV_VAR_NAME>, one file per
// field. Files are read through the directory `..data` points to at that moment, so one value
// never mixes two updates, and that target's name is the version id. Every resolved path (the
// `..data` target included) must stay under Root, else UNSAFE_PATH: a symlink planted in the
// volume cannot make the runtime read another file. Contents are used exactly as written.
type Files struct {
	root        string
	directoryOf func(string) string

	mu        sync.Mutex
	seen      map[string]contentVersion
	dirs      map[string]string // secret -> directory, once fetched
	listeners map[int]func([]string)
	nextID    int
	watcher   *fsnotify.Watcher
	watched   map[string]string // directory -> secret
	done      chan struct{}
	wg        sync.WaitGroup
}

// NewFiles builds the files provider.
func NewFiles(opts FilesOptions) *Files {
	root := opts.Root
	if root == "" {
		root = DefaultFilesRoot
	}
	directoryOf := opts.DirectoryOf
	if directoryOf == nil {
		directoryOf = func(s string) string { return s }
	}
	return &Files{root: root, directoryOf: directoryOf, seen: map[string]contentVersion{},
		dirs: map[string]string{}, listeners: map[int]func([]string){}, watched: map[string]string{}}
}

// Name is "files".
func (*Files) Name() string { return "files" }

// MaxBatchSize is unbounded.
func (*Files) MaxBatchSize() int { return math.MaxInt32 }

// Fetch reads the files of every request.
func (p *Files) Fetch(ctx context.Context, requests []Request) []Result {
	return fetchEach(ctx, requests, p.fetchOne)
}

func (p *Files) fetchOne(r Request) Result {
	secret := r.Secret.Name
	fail := func(code secreterr.Code, why string) Result {
		return Fail(&secreterr.Error{Code: code, Secret: secret, Provider: "files",
			Message: "files: secret " + quote(secret) + " " + why})
	}
	if r.Stage != Current {
		return fail(secreterr.NotFound, "has no "+string(r.Stage)+" version on disk")
	}
	root, err := filepath.EvalSymlinks(p.root)
	if err != nil {
		return fail(secreterr.NotFound, "cannot be read: the files root does not exist")
	}
	dir := filepath.Join(p.root, p.directoryOf(secret))
	if !within(root, filepath.Join(root, p.directoryOf(secret))) {
		return fail(secreterr.UnsafePath, "has a directory outside the files root")
	}
	base := dir
	target, linkErr := os.Readlink(filepath.Join(dir, DataLink))
	if linkErr == nil {
		base = filepath.Join(dir, target)
		if filepath.IsAbs(target) {
			base = target
		}
	}
	resolvedBase, err := filepath.EvalSymlinks(base)
	if errors.Is(err, fs.ErrNotExist) {
		return fail(secreterr.NotFound, "has no directory under the files root")
	}
	if err != nil {
		return fail(secreterr.Unavailable, "cannot be read ("+errno(err)+")")
	}
	if !within(root, resolvedBase) {
		return fail(secreterr.UnsafePath, "resolves to a directory outside the files root")
	}
	fields := map[string]string{}
	var missing []string
	for _, f := range r.Secret.Fields {
		path := filepath.Join(resolvedBase, f.Env)
		resolved, err := filepath.EvalSymlinks(path)
		if err == nil && !within(root, resolved) {
			return fail(secreterr.UnsafePath, "has a file "+f.Env+" that resolves outside the files root")
		}
		var data []byte
		if err == nil {
			data, err = os.ReadFile(resolved)
		}
		switch {
		case err == nil:
			fields[f.Key()] = string(data)
		case errors.Is(err, fs.ErrPermission):
			return fail(secreterr.AccessDenied, "cannot read "+f.Env)
		case errors.Is(err, fs.ErrNotExist) || isNotDir(err):
			if f.Required && f.Default == nil {
				missing = append(missing, f.Env)
			}
		default:
			return fail(secreterr.Unavailable, "cannot read "+f.Env+" ("+errno(err)+")")
		}
	}
	if len(missing) > 0 {
		return fail(secreterr.NotFound, "has no file "+strings.Join(missing, ", ")+" in its directory")
	}
	p.remember(secret, dir)
	id := ""
	if linkErr == nil {
		id = filepath.Base(target)
	} else {
		id = "files-" + strconv.Itoa(countVersion(&p.mu, p.seen, secret, fields))
	}
	return Ok(&Version{ID: id, Value: RawValue{Kind: Fields, Fields: fields}})
}

// within reports whether path is root or below it (both already free of symlinks).
func within(root, path string) bool {
	rel, err := filepath.Rel(root, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

func isNotDir(err error) bool {
	var pathErr *fs.PathError
	return errors.As(err, &pathErr) && strings.Contains(pathErr.Err.Error(), "not a directory")
}

// errno keeps only the system error's text, never the path (which names a mount, harmless,
// but the habit keeps messages uniform).
func errno(err error) string {
	var pathErr *fs.PathError
	if errors.As(err, &pathErr) {
		return pathErr.Err.Error()
	}
	return "read error"
}

func (p *Files) remember(secret, dir string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.dirs[secret] = dir
	p.watchLocked(secret, dir)
}

// Watch reports a secret when the kubelet swaps its `..data` link (or, in a plain directory,
// when a file in it changes).
func (p *Files) Watch(onChange func([]string)) func() {
	p.mu.Lock()
	defer p.mu.Unlock()
	id := p.nextID
	p.nextID++
	p.listeners[id] = onChange
	if p.watcher == nil {
		w, err := fsnotify.NewWatcher()
		if err == nil {
			p.watcher = w
			p.done = make(chan struct{})
			p.wg.Add(1)
			go p.loop(w, p.done)
		}
	}
	for secret, dir := range p.dirs {
		p.watchLocked(secret, dir)
	}
	return func() {
		p.mu.Lock()
		delete(p.listeners, id)
		last := len(p.listeners) == 0
		p.mu.Unlock()
		if last {
			p.stopWatching()
		}
	}
}

func (p *Files) watchLocked(secret, dir string) {
	if p.watcher == nil {
		return
	}
	if _, ok := p.watched[dir]; ok {
		return
	}
	// The directory may not exist yet; the next fetch tries again.
	if err := p.watcher.Add(dir); err == nil {
		p.watched[dir] = secret
	}
}

func (p *Files) loop(w *fsnotify.Watcher, done chan struct{}) {
	defer p.wg.Done()
	for {
		select {
		case <-done:
			return
		case event, ok := <-w.Events:
			if !ok {
				return
			}
			p.handle(event)
		case _, ok := <-w.Errors:
			if !ok {
				return
			}
		}
	}
}

func (p *Files) handle(event fsnotify.Event) {
	dir, name := filepath.Split(event.Name)
	dir = filepath.Clean(dir)
	p.mu.Lock()
	secret, ok := p.watched[dir]
	_, linked := p.linked(dir)
	listeners := make([]func([]string), 0, len(p.listeners))
	for _, l := range p.listeners {
		listeners = append(listeners, l)
	}
	p.mu.Unlock()
	if !ok {
		return
	}
	// With the kubelet layout only the link swap matters; the timestamped directories come and go.
	if linked && name != DataLink {
		return
	}
	if strings.HasPrefix(name, "..") && name != DataLink {
		return
	}
	for _, l := range listeners {
		l([]string{secret})
	}
}

func (p *Files) linked(dir string) (string, bool) {
	target, err := os.Readlink(filepath.Join(dir, DataLink))
	return target, err == nil
}

func (p *Files) stopWatching() {
	p.mu.Lock()
	w, done := p.watcher, p.done
	p.watcher, p.done = nil, nil
	p.watched = map[string]string{}
	p.mu.Unlock()
	if w == nil {
		return
	}
	close(done)
	_ = w.Close()
	p.wg.Wait()
}

// Close stops watching.
func (p *Files) Close() error {
	p.mu.Lock()
	p.listeners = map[int]func([]string){}
	p.mu.Unlock()
	p.stopWatching()
	return nil
}
