// Package pgtest gives tests a real PostgreSQL: one throw-away server per
// test binary and a fresh database per test.
//
//	func TestMain(m *testing.M) { pgtest.Main(m) }
//
//	func TestX(t *testing.T) { dsn := pgtest.DSN(t) … }
//
// The server is started on first use from the Debian PostgreSQL 15 binaries
// (scripts/pg.sh installs them): initdb into a temporary directory, then
// postgres on a free port of 127.0.0.1 with fsync off. As root both run as
// the postgres OS user (initdb refuses root). Main stops the server and
// removes its directory when the tests end; if the binary dies first (a
// panic, a test timeout, a kill) the server gets SIGQUIT from the kernel
// (parent-death signal: immediate shutdown) and the next start removes the directory left.
//
// PLANMINE_PG_DSN names a server to use instead (each test still gets its
// own database, created and dropped there). Without it and without the
// binaries the tests skip, unless PLANMINE_REQUIRE_PG=1 (scripts/test.sh),
// where they fail.
package pgtest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Environment variables read by the package.
const (
	EnvDSN     = "PLANMINE_PG_DSN"     // an existing server to use
	EnvRequire = "PLANMINE_REQUIRE_PG" // "1": fail instead of skipping without PostgreSQL
	EnvBinDir  = "PLANMINE_PG_BINDIR"  // where initdb and postgres are; default BinDir
)

// BinDir is where Debian's postgresql-15 package puts initdb and postgres.
const BinDir = "/usr/lib/postgresql/15/bin"

// dirPrefix names the temporary directories of started servers; the pid
// after it lets a later start tell a dead binary's directory from a live one.
const dirPrefix = "planmine-pgtest-"

var (
	once    sync.Once
	srv     *Server
	srvErr  error
	dbCount atomic.Int64
)

// Main runs the tests of a binary and then stops the server they started
// (if any). Call it from TestMain.
func Main(m *testing.M) {
	code := m.Run()
	if srv != nil {
		if err := srv.Stop(); err != nil {
			fmt.Fprintln(os.Stderr, "pgtest:", err)
		}
	}
	os.Exit(code)
}

// DSN returns the connection string of a new empty database for t, dropped
// when t ends. It starts the binary's server on first use. Options are
// added to CREATE DATABASE (e.g. "TEMPLATE template0 LOCALE_PROVIDER icu
// ICU_LOCALE 'und'" for a database whose default collation is not C).
func DSN(t testing.TB, options ...string) string {
	t.Helper()
	admin, err := adminDSN()
	if errors.Is(err, errNoBinaries) {
		unavailable(t, err)
	}
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	name := fmt.Sprintf("t_%d_%d", os.Getpid(), dbCount.Add(1))
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := exec1(ctx, admin, strings.Join(append([]string{"CREATE DATABASE", name}, options...), " ")); err != nil {
		t.Fatalf("pgtest: create database %s: %v", name, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		// FORCE: a pool the test forgot to close must not keep the database.
		if err := exec1(ctx, admin, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("pgtest: drop database %s: %v", name, err)
		}
	})
	dsn, err := withDatabase(admin, name)
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	return dsn
}

// unavailable skips t, or fails it when PostgreSQL is required.
func unavailable(t testing.TB, err error) {
	t.Helper()
	if os.Getenv(EnvRequire) == "1" {
		t.Fatalf("pgtest: PostgreSQL required (%s=1) but %v; run scripts/pg.sh or set %s", EnvRequire, err, EnvDSN)
	}
	t.Skipf("pgtest: no PostgreSQL: %v; run scripts/pg.sh or set %s", err, EnvDSN)
}

var errNoBinaries = errors.New("PostgreSQL binaries not found")

// adminDSN is the DSN of the server's maintenance database: PLANMINE_PG_DSN,
// or the binary's own server, started on first call.
func adminDSN() (string, error) {
	if dsn := os.Getenv(EnvDSN); dsn != "" {
		return dsn, nil
	}
	once.Do(func() {
		bin := os.Getenv(EnvBinDir)
		if bin == "" {
			bin = BinDir
		}
		for _, p := range []string{"initdb", "postgres"} {
			if _, err := os.Stat(filepath.Join(bin, p)); err != nil {
				srvErr = fmt.Errorf("%w: %s", errNoBinaries, filepath.Join(bin, p))
				return
			}
		}
		srv, srvErr = Start(bin)
	})
	if srvErr != nil {
		return "", srvErr
	}
	return srv.DSN, nil
}

// withDatabase returns dsn with its database replaced by name; dsn is a
// URL (postgres://…) or keyword/value string.
func withDatabase(dsn, name string) (string, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		u, err := url.Parse(dsn)
		if err != nil {
			return "", fmt.Errorf("parse %s: %w", EnvDSN, err)
		}
		u.Path = "/" + name
		return u.String(), nil
	}
	return dsn + " dbname=" + name, nil // a later keyword overrides an earlier one
}

func exec1(ctx context.Context, dsn, sql string) error {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	_, err = conn.Exec(ctx, sql)
	return err
}

// Server is a running throw-away PostgreSQL.
type Server struct {
	DSN string // the maintenance database "postgres", as superuser "postgres"
	Dir string // temporary directory: data/, socket, log
	Pid int    // the postmaster
	cmd *exec.Cmd
	// exited is closed when the postmaster has exited.
	exited chan struct{}
}

// Start initialises and starts a server from the binaries in bin and waits
// until it accepts connections. Stop it with Stop.
func Start(bin string) (*Server, error) {
	sweep()
	cred, uid, gid, err := credential()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", fmt.Sprintf("%s%d-", dirPrefix, os.Getpid()))
	if err != nil {
		return nil, err
	}
	// The server's user must reach the directory (MkdirTemp makes it 0700).
	if err := os.Chmod(dir, 0o755); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	if cred != nil {
		if err := os.Chown(dir, uid, gid); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
	}
	data := filepath.Join(dir, "data")
	initdb := exec.Command(filepath.Join(bin, "initdb"), "-D", data, "-U", "postgres", "-A", "trust",
		"-E", "UTF8", "--locale=C.UTF-8", "--no-sync", "--no-instructions")
	initdb.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	if out, err := initdb.CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("initdb: %w\n%s", err, out)
	}
	// A free port can be taken between asking and listening: try again.
	var lastErr error
	for range 3 {
		s, err := launch(bin, dir, cred)
		if err == nil {
			return s, nil
		}
		lastErr = err
	}
	os.RemoveAll(dir)
	return nil, lastErr
}

func launch(bin, dir string, cred *syscall.Credential) (*Server, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	logPath := filepath.Join(dir, "log")
	logf, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		return nil, err
	}
	defer logf.Close()
	cmd := exec.Command(filepath.Join(bin, "postgres"), "-D", filepath.Join(dir, "data"),
		"-p", strconv.Itoa(port), "-k", dir, "-c", "listen_addresses=127.0.0.1",
		"-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
		"-c", "max_connections=200", "-c", "shared_buffers=32MB")
	cmd.Stdout, cmd.Stderr = logf, logf
	// Pdeathsig: the kernel signals the postmaster when this process dies
	// without Stop (a panicking test, a timeout); SIGQUIT is its immediate
	// shutdown, which also ends the backends and frees shared memory.
	// Setpgid keeps a terminal's ^C for the test binary, which then stops it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred, Pdeathsig: syscall.SIGQUIT, Setpgid: true}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start postgres: %w", err)
	}
	s := &Server{
		DSN:    fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port),
		Dir:    dir,
		Pid:    cmd.Process.Pid,
		cmd:    cmd,
		exited: make(chan struct{}),
	}
	go func() { cmd.Wait(); close(s.exited) }()
	deadline := time.Now().Add(60 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		conn, err := pgx.Connect(ctx, s.DSN)
		cancel()
		if err == nil {
			conn.Close(context.Background())
			return s, nil
		}
		select {
		case <-s.exited:
			log, _ := os.ReadFile(logPath)
			return nil, fmt.Errorf("postgres exited at start: %s", log)
		default:
		}
		if time.Now().After(deadline) {
			s.kill()
			log, _ := os.ReadFile(logPath)
			return nil, fmt.Errorf("postgres not ready after 60 s: %v\n%s", err, log)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Stop shuts the server down (fast shutdown, then SIGKILL after 15 s) and
// removes its directory.
func (s *Server) Stop() error {
	s.cmd.Process.Signal(syscall.SIGINT)
	select {
	case <-s.exited:
	case <-time.After(15 * time.Second):
		s.kill()
	}
	return os.RemoveAll(s.Dir)
}

func (s *Server) kill() {
	s.cmd.Process.Kill()
	<-s.exited
}

// credential is the postgres OS user when running as root (nil otherwise).
func credential() (*syscall.Credential, int, int, error) {
	if os.Geteuid() != 0 {
		return nil, 0, 0, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, 0, 0, fmt.Errorf("running as root needs the postgres OS user: %w", err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid), NoSetGroups: true}, uid, gid, nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// sweep removes the directories of servers whose test binary died without
// stopping them (their postmaster got SIGQUIT with it).
func sweep() {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), dirPrefix+"*"))
	for _, d := range dirs {
		rest := strings.TrimPrefix(filepath.Base(d), dirPrefix)
		pid, err := strconv.Atoi(strings.SplitN(rest, "-", 2)[0])
		if err != nil || pid == os.Getpid() || alive(pid) {
			continue
		}
		if pm, err := os.ReadFile(filepath.Join(d, "data", "postmaster.pid")); err == nil {
			if p, err := strconv.Atoi(strings.SplitN(string(pm), "\n", 2)[0]); err == nil && alive(p) {
				continue // still running: not ours to remove
			}
		}
		os.RemoveAll(d)
	}
}

func alive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
